/**
 * The time-aligned view of labels that Praat TextGrids and ELAN files share: for one dialog (or one utterance file),
 * per speaker an `utterance` tier naming each utterance, and one tier per annotator and field with that annotator's
 * value over the utterance's time span. Speakers get separate tiers because IEMOCAP's turns overlap and an interval
 * tier cannot. Tier names: `<speaker> | <annotator> | <field>` (the speaker part is left out when there is none), so
 * a file edited in Praat or ELAN can be read back and each tier assigned to its annotator.
 */
import type { LabelField } from '../../../../shared/domain/labels'
import { LABEL_FIELDS } from '../../../../shared/domain/labels'
import type { UtteranceLabels } from './label-rows'

export interface Interval {
  start: number
  end: number
  text: string
}

export interface Tier {
  name: string
  speaker: string | null
  /** null for the utterance tier */
  annotator: string | null
  /** `unknown`: a tier read from a file whose name does not follow the convention */
  field: LabelField | 'utterance' | 'unknown'
  intervals: Interval[]
}

export interface TierDocument {
  xmin: number
  xmax: number
  tiers: Tier[]
  /** Audio the times refer to, relative to the corpus root (dialog audio, or the utterance's own file) */
  media: string | null
}

export const SEPARATOR = ' | '

export function tierName(speaker: string | null, annotator: string | null, field: string): string {
  return [speaker, annotator, field].filter((x): x is string => x !== null).join(SEPARATOR)
}

/** Parses a tier name back; unknown shapes give null (the tier is reported and skipped on import). */
export function parseTierName(
  name: string
): { speaker: string | null; annotator: string | null; field: LabelField | 'utterance' } | null {
  const parts = name.split('|').map((p) => p.trim())
  const field = parts[parts.length - 1]
  if (field === 'utterance') return { speaker: parts.length > 1 ? parts[0] : null, annotator: null, field }
  if (!(LABEL_FIELDS as readonly string[]).includes(field)) return null
  if (parts.length === 2) return { speaker: null, annotator: parts[0], field: field as LabelField }
  if (parts.length === 3) return { speaker: parts[0], annotator: parts[1], field: field as LabelField }
  return null
}

function valueText(field: LabelField, l: UtteranceLabels['labels'][number]): string {
  if (field === 'flag') return l.flag ? '1' : ''
  const v = l[field]
  return v === null ? '' : String(v)
}

/**
 * Builds the tiers of one dialog (times from the utterances' dialog offsets) or of one utterance (times from 0).
 * Consensus labels appear as the annotator `consensus`, so an export shows what training uses.
 */
export function buildTiers(items: UtteranceLabels[], media: string | null): TierDocument {
  const inDialog = items.length > 0 && items.every((i) => i.utterance.startSec !== null && i.utterance.endSec !== null)
  const span = (i: UtteranceLabels) =>
    inDialog ? { start: i.utterance.startSec!, end: i.utterance.endSec! } : { start: 0, end: i.utterance.durationSec }
  const xmax = Math.max(0, ...items.map((i) => span(i).end))
  const tiers = new Map<string, Tier>()
  const tier = (speaker: string | null, annotator: string | null, field: Tier['field']) => {
    const name = tierName(speaker, annotator, field)
    let t = tiers.get(name)
    if (!t) tiers.set(name, (t = { name, speaker, annotator, field, intervals: [] }))
    return t
  }
  for (const item of items) {
    const u = item.utterance
    const { start, end } = span(item)
    tier(u.speaker, null, 'utterance').intervals.push({ start, end, text: u.id })
    const consensus = {
      annotator: 'consensus',
      kind: 'reference' as const,
      category: u.category,
      valence: u.valence,
      arousal: u.arousal,
      dominance: u.dominance,
      flag: u.flagged
    }
    for (const l of [consensus, ...item.labels]) {
      for (const field of LABEL_FIELDS) {
        const text = valueText(field, l)
        if (text !== '') tier(u.speaker, l.annotator, field).intervals.push({ start, end, text })
      }
    }
  }
  const order = (t: Tier) =>
    `${t.speaker ?? ''}\u0000${t.field === 'utterance' ? '' : (t.annotator === 'consensus' ? '\u0001' : '\u0002') + t.annotator}\u0000${LABEL_FIELDS.indexOf(t.field as LabelField)}`
  const sorted = [...tiers.values()].sort((a, b) => order(a).localeCompare(order(b)))
  for (const t of sorted) t.intervals.sort((a, b) => a.start - b.start)
  return { xmin: 0, xmax, tiers: sorted, media }
}
