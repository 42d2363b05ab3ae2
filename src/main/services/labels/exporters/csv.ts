import type { UtteranceLabels } from './label-rows'

const HEADER = [
  'id',
  'path',
  'session',
  'speaker',
  'annotator',
  'kind',
  'category',
  'valence',
  'arousal',
  'dominance',
  'flag'
]

/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted. */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One row per utterance and annotator, plus a `consensus` row per utterance (the label training uses). */
export function exportCsv(items: UtteranceLabels[]): string {
  const lines = [HEADER.join(',')]
  for (const { utterance: u, labels } of items) {
    const base = [u.id, u.path, u.session, u.speaker]
    lines.push(
      [...base, 'consensus', 'consensus', u.category, u.valence, u.arousal, u.dominance, u.flagged ? 1 : '']
        .map(csvField)
        .join(',')
    )
    for (const l of labels) {
      lines.push(
        [...base, l.annotator, l.kind, l.category, l.valence, l.arousal, l.dominance, l.flag ? 1 : '']
          .map(csvField)
          .join(',')
      )
    }
  }
  return lines.join('\n') + '\n'
}
