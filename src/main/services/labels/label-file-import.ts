/**
 * Reads label files back into the history: TextGrid and EAF tiers (label-tiers.ts naming), or the workbench's own
 * CSV/JSON exports. Each tier or row becomes edits by its annotator, with source `file`. Values already current
 * produce no edit, so exporting and re-importing changes nothing. Tiers of corpus raters (`IEMOCAP:E1`) and of the
 * derived `consensus` are not people's labels and are skipped; every other problem is reported by tier or row.
 *
 * Big files: edits are written in transactions of IMPORT_BATCH_ROWS rows (one fsync each, not one per row), and the
 * import yields to the event loop between batches and emits `labels.importProgress`, so a server keeps answering
 * other requests while a long file goes in. CSV is parsed as a stream, row by row; JSON (which must be parsed
 * whole) is refused above JSON_LABEL_FILE_MAX_BYTES. A CSV or JSON file without one usable row is an error naming
 * the file and its first bad line; at most MAX_REPORTED_ERRORS problems are listed, then a count of the rest.
 */
import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import type { JobProgress } from '../../../shared/api/common'
import type { ImportLabelsSummary, SetLabelRequest } from '../../../shared/api/labels'
import type { ExportFormat } from '../../../shared/api/labels'
import type { Utterance } from '../../../shared/domain/corpus'
import { parseCategory } from '../../../shared/domain/categories'
import type { LabelField } from '../../../shared/domain/labels'
import { SerError, toErrorInfo } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import { parseDecimal } from '../../../shared/domain/decimal'
import type { EventBus } from '../runtime/event-bus'
import type { LabelStore } from './label-store'
import { readEaf } from './exporters/eaf'
import type { TierDocument } from './exporters/label-tiers'
import { readTextGrid } from './exporters/textgrid'

/** Rows written per transaction (and between two turns of the event loop) */
export const IMPORT_BATCH_ROWS = 500
/** JSON label files are parsed whole, so they are bounded; CSV (streamed) is not. Use CSV for bigger exports. */
export const JSON_LABEL_FILE_MAX_BYTES = 16 * 1024 * 1024
/** Problems listed in a summary; the rest are counted in one last entry */
export const MAX_REPORTED_ERRORS = 100

interface Assignment {
  utteranceId: string
  annotator: string
  field: LabelField
  value: string
  where: string
}

/** One row's assignments, or the reason it has none (`error` starts with where it is); `line` numbers CSV/JSON rows */
interface Row {
  line?: number
  assignments: Assignment[]
  problem?: { field: string; error: string }
}

export interface LabelFileImporter {
  importFile(
    req: { format: ExportFormat; filename: string; content: string },
    onProgress?: (p: JobProgress) => void
  ): Promise<ImportLabelsSummary>
}

function stemOf(filename: string): string {
  return filename.replace(/^.*[\\/]/, '').replace(/\.(TextGrid|textgrid|eaf|csv|json)$/, '')
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

const ROW_FIELDS = ['category', 'valence', 'arousal', 'dominance', 'flag'] as const

/** The assignments of one CSV row or JSON label object */
function rowOf(r: Record<string, unknown>, line: number, where: string): Row {
  const id = r.id === undefined || r.id === null ? '' : String(r.id)
  const annotator = r.annotator === undefined || r.annotator === null ? '' : String(r.annotator)
  if (!id || !annotator) {
    const field = !id ? 'id' : 'annotator'
    return { line, assignments: [], problem: { field, error: `${where}: ${field}: missing` } }
  }
  const assignments: Assignment[] = []
  for (const field of ROW_FIELDS) {
    const v = r[field]
    if (v === undefined || v === null || v === '' || v === false) continue
    assignments.push({ utteranceId: id, annotator, field, value: String(v === true ? '1' : v), where })
  }
  // a row without values (an utterance's empty consensus row in an export) is no edit and no error
  return { line, assignments }
}

/** CSV rows one at a time from a streaming parser; a malformed file is FILE_FORMAT naming it and the line */
async function* csvRows(content: string, filename: string): AsyncGenerator<Row & { bytes: number }> {
  const parser = parse({ columns: true, skip_empty_lines: true, bom: true, trim: true, info: true })
  const CHUNK = 1 << 16
  const chunks = function* () {
    for (let at = 0; at < content.length; at += CHUNK) yield content.slice(at, at + CHUNK)
  }
  Readable.from(chunks()).pipe(parser)
  try {
    for await (const rec of parser as AsyncIterable<{
      record: Record<string, unknown>
      info: { lines: number; bytes: number }
    }>) {
      yield { ...rowOf(rec.record, rec.info.lines, `line ${rec.info.lines}`), bytes: rec.info.bytes }
    }
  } catch (e) {
    if (e instanceof SerError) throw e
    throw new SerError('FILE_FORMAT', `${filename}: not readable CSV (${(e as Error).message})`, { file: filename })
  }
}

/** The rows of a workbench JSON export: [{ id, labels: [{ annotator, category, … }] }] */
function jsonRows(content: string, filename: string): Row[] {
  if (Buffer.byteLength(content) > JSON_LABEL_FILE_MAX_BYTES) {
    throw new SerError(
      'FILE_FORMAT',
      `${filename}: JSON label files larger than the ${JSON_LABEL_FILE_MAX_BYTES / 1024 / 1024} MB limit are refused; export and import CSV instead`,
      { file: filename }
    )
  }
  let items: unknown
  try {
    items = JSON.parse(content)
    if (!Array.isArray(items)) throw new Error('expected an array of utterances')
  } catch (e) {
    throw new SerError('FILE_FORMAT', `${filename}: not a workbench label export (${(e as Error).message})`, {
      file: filename
    })
  }
  const rows: Row[] = []
  ;(items as unknown[]).forEach((it, i) => {
    const item = i + 1
    const o = it as { id?: unknown; labels?: unknown } | null
    if (typeof o !== 'object' || o === null || typeof o.id !== 'string' || !Array.isArray(o.labels)) {
      rows.push({
        line: item,
        assignments: [],
        problem: { field: 'item', error: `item ${item}: expected {"id": …, "labels": […]}` }
      })
      return
    }
    for (const l of o.labels as unknown[]) {
      if (typeof l !== 'object' || l === null) {
        rows.push({
          line: item,
          assignments: [],
          problem: { field: 'labels', error: `item ${item}: a label that is not an object` }
        })
      } else rows.push(rowOf({ ...(l as Record<string, unknown>), id: o.id }, item, `item ${item}`))
    }
  })
  return rows
}

export function createLabelFileImporter(corpus: CorpusIndex, labels: LabelStore, events?: EventBus): LabelFileImporter {
  let jobs = 0

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
      throw new SerError(
        'FIELD_INVALID',
        `filename: '${stem}' is neither an utterance nor a dialog, and the file has no utterance tier`,
        { field: 'filename' }
      )
    }
    return inDialog.map((u) => ({ u, start: u.startSec!, end: u.endSec! }))
  }

  function fromTiers(doc: TierDocument, filename: string): Row[] {
    const spans = spansFor(doc, filename)
    const out: Row[] = []
    for (const t of doc.tiers) {
      if (t.field === 'utterance') continue
      if (t.field === 'unknown' || !t.annotator) {
        out.push({
          assignments: [],
          problem: {
            field: 'tier',
            error: `tier '${t.name}': name it '<annotator> | <field>' or '<speaker> | <annotator> | <field>'`
          }
        })
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
        if (!best) out.push({ assignments: [], problem: { field: 'tier', error: `${where}: overlaps no utterance` } })
        else
          out.push({
            assignments: [{ utteranceId: best.id, annotator: t.annotator, field: t.field, value: iv.text, where }]
          })
      }
    }
    return out
  }

  return {
    async importFile(req, onProgress) {
      const jobId = `labels-import-${++jobs}`
      const rowFile = req.format === 'csv' || req.format === 'json'
      const errors: ImportLabelsSummary['errors'] = []
      let unlisted = 0
      const report = (e: ImportLabelsSummary['errors'][number]) => {
        if (errors.length < MAX_REPORTED_ERRORS) errors.push(e)
        else unlisted++
      }
      let firstBad: string | null = null
      let rowsSeen = 0
      let usable = 0
      let edits = 0
      const annotators = new Set<string>()
      const kinds = new Map(labels.annotators().map((a) => [a.id, a.kind]))

      /** The request an assignment makes, or null when it is not a person's label (skipped, not an error) */
      const requestOf = (a: Assignment): SetLabelRequest | null => {
        if (a.annotator === 'consensus') return null // derived from the others, never set
        const kind = kinds.get(a.annotator)
        if (kind !== undefined && kind !== 'human') return null // a corpus rater's labels live in the corpus
        let value: string | number | boolean | null
        if (a.field === 'category') value = parseCategory(a.value) ?? a.value
        else if (a.field === 'flag') value = a.value === '1' || a.value.toLowerCase() === 'true'
        else value = parseDecimal(a.value) ?? Number.NaN
        return { utteranceId: a.utteranceId, annotator: a.annotator, [a.field]: value } as SetLabelRequest
      }

      /** Writes a batch of rows in one transaction */
      const writeBatch = (batch: Row[]) => {
        const reqs: SetLabelRequest[] = []
        const owners: { row: Row; a: Assignment }[] = []
        const refused = new Set<Row>()
        for (const row of batch) {
          rowsSeen++
          if (row.problem) {
            report({ ...(row.line !== undefined ? { line: row.line } : {}), ...row.problem })
            firstBad ??= row.problem.error
            refused.add(row)
            continue
          }
          for (const a of row.assignments) {
            const req = requestOf(a)
            if (req) {
              reqs.push(req)
              owners.push({ row, a })
            }
          }
        }
        const made = labels.setLabels(reqs, 'file', (i, e) => {
          const { row, a } = owners[i]
          const info = toErrorInfo(e)
          report({
            ...(row.line !== undefined ? { line: row.line } : {}),
            field: info.field ?? a.field,
            error: `${a.where}: ${info.message}`
          })
          firstBad ??= `${a.where}: ${info.message}`
          refused.add(row)
        })
        made.forEach((m, i) => {
          edits += m.length
          if (m.length > 0) {
            annotators.add(owners[i].a.annotator)
            kinds.set(owners[i].a.annotator, 'human')
          }
        })
        for (const row of batch) if (!refused.has(row)) usable++
      }

      const progress = (done: number, total: number) => {
        const p = { jobId, done, total, item: req.filename }
        onProgress?.(p)
        events?.emit('labels.importProgress', p)
      }

      if (req.format === 'csv') {
        const total = Buffer.byteLength(req.content)
        let batch: Row[] = []
        for await (const row of csvRows(req.content, req.filename)) {
          batch.push(row)
          if (batch.length >= IMPORT_BATCH_ROWS) {
            writeBatch(batch)
            batch = []
            progress(row.bytes, total)
            await yieldToLoop()
          }
        }
        writeBatch(batch)
        progress(total, total)
      } else {
        const rows =
          req.format === 'json'
            ? jsonRows(req.content, req.filename)
            : fromTiers(
                req.format === 'textgrid'
                  ? readTextGrid(req.content, req.filename)
                  : readEaf(req.content, req.filename),
                req.filename
              )
        for (let at = 0; at < rows.length; at += IMPORT_BATCH_ROWS) {
          writeBatch(rows.slice(at, at + IMPORT_BATCH_ROWS))
          progress(Math.min(at + IMPORT_BATCH_ROWS, rows.length), rows.length)
          await yieldToLoop()
        }
        if (rows.length === 0) progress(0, 0)
      }

      if (rowFile && usable === 0) {
        if (rowsSeen === 0) throw new SerError('FILE_FORMAT', `${req.filename}: no label rows`, { file: req.filename })
        throw new SerError('FILE_FORMAT', `${req.filename}: no usable label row (${firstBad})`, { file: req.filename })
      }
      if (unlisted > 0) errors.push({ error: `… and ${unlisted} more problems not listed` })
      // after the last batch committed; no list of edits (a file may hold thousands): listeners reload what they show
      if (edits > 0) events?.emit('labels.changed', [])
      return { edits, annotators: [...annotators].sort(), errors }
    }
  }
}
