/**
 * Reads label files back into the history: TextGrid and EAF tiers (label-tiers.ts naming), or the workbench's own
 * CSV/JSON exports. Each tier or row becomes edits by its annotator, with source `file`. Values already current
 * produce no edit, so exporting and re-importing changes nothing. Tiers of corpus raters (`IEMOCAP:E1`) and of the
 * derived `consensus` are not people's labels and are skipped; every other problem is reported by tier or row.
 */
import { parse } from 'csv-parse/sync'
import type { ImportLabelsSummary } from '../../../shared/api/labels'
import type { ExportFormat } from '../../../shared/api/labels'
import type { Utterance } from '../../../shared/domain/corpus'
import { parseCategory } from '../../../shared/domain/categories'
import type { LabelField } from '../../../shared/domain/labels'
import { SerError, toErrorInfo } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { LabelStore } from './label-store'
import { readEaf } from './exporters/eaf'
import type { TierDocument } from './exporters/label-tiers'
import { readTextGrid } from './exporters/textgrid'

interface Assignment {
  utteranceId: string
  annotator: string
  field: LabelField
  value: string
  where: string
}

export interface LabelFileImporter {
  importFile(req: { format: ExportFormat; filename: string; content: string }): ImportLabelsSummary
}

function stemOf(filename: string): string {
  return filename.replace(/^.*[\\/]/, '').replace(/\.(TextGrid|textgrid|eaf|csv|json)$/, '')
}

export function createLabelFileImporter(corpus: CorpusIndex, labels: LabelStore): LabelFileImporter {
  /** Utterances and their time spans in the file's time line */
  function spansFor(doc: TierDocument, filename: string): { u: Utterance; start: number; end: number }[] {
    const named = doc.tiers.filter((t) => t.field === 'utterance').flatMap((t) => t.intervals)
    const known = (id: string) => {
      try {
        return corpus.utterance(id)
      } catch {
        return null
      }
    }
    if (named.length > 0) {
      return named.flatMap((iv) => {
        const u = known(iv.text)
        return u ? [{ u, start: iv.start, end: iv.end }] : []
      })
    }
    const stem = stemOf(filename)
    const single = known(stem)
    if (single) return [{ u: single, start: 0, end: Math.max(doc.xmax, single.durationSec) }]
    const inDialog = corpus.utterances({ dialog: stem }).filter((u) => u.startSec !== null && u.endSec !== null)
    if (inDialog.length === 0) {
      throw new SerError('FIELD_INVALID', `filename: '${stem}' is neither an utterance nor a dialog, and the file has no utterance tier`, { field: 'filename' })
    }
    return inDialog.map((u) => ({ u, start: u.startSec!, end: u.endSec! }))
  }

  function fromTiers(doc: TierDocument, filename: string, errors: ImportLabelsSummary['errors']): Assignment[] {
    const spans = spansFor(doc, filename)
    const out: Assignment[] = []
    for (const t of doc.tiers) {
      if (t.field === 'utterance') continue
      if (t.field === 'unknown' || !t.annotator) {
        errors.push({ field: 'tier', error: `tier '${t.name}': name it '<annotator> | <field>' or '<speaker> | <annotator> | <field>'` })
        continue
      }
      for (const iv of t.intervals) {
        let best: { id: string; overlap: number } | null = null
        for (const s of spans) {
          if (t.speaker && s.u.speaker && t.speaker !== s.u.speaker) continue
          const overlap = Math.min(iv.end, s.end) - Math.max(iv.start, s.start)
          if (overlap > 0 && (!best || overlap > best.overlap)) best = { id: s.u.id, overlap }
        }
        const where = `tier '${t.name}' at ${iv.start.toFixed(3)}–${iv.end.toFixed(3)} s`
        if (!best) errors.push({ field: 'tier', error: `${where}: overlaps no utterance` })
        else out.push({ utteranceId: best.id, annotator: t.annotator, field: t.field, value: iv.text, where })
      }
    }
    return out
  }

  function fromRows(rows: Record<string, unknown>[], errors: ImportLabelsSummary['errors']): Assignment[] {
    const out: Assignment[] = []
    rows.forEach((r, i) => {
      const line = i + 2
      const id = String(r.id ?? '')
      const annotator = String(r.annotator ?? '')
      if (!id || !annotator) {
        errors.push({ line, field: !id ? 'id' : 'annotator', error: 'missing' })
        return
      }
      for (const field of ['category', 'valence', 'arousal', 'dominance', 'flag'] as const) {
        const v = r[field]
        if (v === undefined || v === null || v === '' || v === false) continue
        out.push({ utteranceId: id, annotator, field, value: String(v === true ? '1' : v), where: `row ${line}` })
      }
    })
    return out
  }

  return {
    importFile(req) {
      const errors: ImportLabelsSummary['errors'] = []
      let assignments: Assignment[]
      if (req.format === 'textgrid') assignments = fromTiers(readTextGrid(req.content, req.filename), req.filename, errors)
      else if (req.format === 'eaf') assignments = fromTiers(readEaf(req.content, req.filename), req.filename, errors)
      else if (req.format === 'csv') {
        let rows: Record<string, unknown>[]
        try {
          rows = parse(req.content, { columns: true, skip_empty_lines: true, bom: true, trim: true })
        } catch (e) {
          throw new SerError('FILE_FORMAT', `${req.filename}: not readable CSV (${(e as Error).message})`, { file: req.filename })
        }
        assignments = fromRows(rows, errors)
      } else {
        let items: { id?: string; labels?: Record<string, unknown>[] }[]
        try {
          items = JSON.parse(req.content) as typeof items
          if (!Array.isArray(items)) throw new Error('expected an array of utterances')
        } catch (e) {
          throw new SerError('FILE_FORMAT', `${req.filename}: not a workbench label export (${(e as Error).message})`, { file: req.filename })
        }
        assignments = fromRows(items.flatMap((it) => (it.labels ?? []).map((l) => ({ ...l, id: it.id }))), errors)
      }
      const kinds = new Map(labels.annotators().map((a) => [a.id, a.kind]))
      let edits = 0
      const annotators = new Set<string>()
      for (const a of assignments) {
        if (a.annotator === 'consensus') continue // derived from the others, never set
        const kind = kinds.get(a.annotator)
        if (kind !== undefined && kind !== 'human') continue // a corpus rater's labels live in the corpus
        let value: string | number | boolean | null
        if (a.field === 'category') value = parseCategory(a.value) ?? a.value
        else if (a.field === 'flag') value = a.value === '1' || a.value.toLowerCase() === 'true'
        else value = Number(a.value)
        try {
          const made = labels.setLabel({ utteranceId: a.utteranceId, annotator: a.annotator, [a.field]: value }, 'file')
          edits += made.length
          if (made.length > 0) annotators.add(a.annotator)
        } catch (e) {
          const info = toErrorInfo(e)
          errors.push({ field: info.field ?? a.field, error: `${a.where}: ${info.message}` })
        }
      }
      return { edits, annotators: [...annotators].sort(), errors }
    }
  }
}
