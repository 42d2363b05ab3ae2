/**
 * Any folder of audio, with an optional CSV manifest (docs/cli.md):
 * `path,speaker,session,category,valence,arousal,dominance`, all but `path` optional, `path` relative to the folder.
 * Categories may be the workbench's codes (ang) or whole words (angry, anger; never a prefix: `angryish` is
 * refused), values plain decimal numbers (`0x3`, `1e0` are refused). A row with an unknown category or an
 * out-of-range value is reported by row and field; its file is still imported, without that row's labels.
 */
import { parse } from 'csv-parse/sync'
import type { ImportSkip } from '../../../../shared/api/corpus'
import { parseCategory } from '../../../../shared/domain/categories'
import { parseDecimal } from '../../../../shared/domain/decimal'
import { SCALE_MAX, SCALE_MIN } from '../../../../shared/domain/labels'
import { SerError } from '../../../../shared/errors'
import { readRegularFile } from '../../runtime/regular-file'
import type { ImporterOptions, ParsedCorpus, ParsedLabel, ParsedSpeaker, ParsedUtterance } from './parsed-corpus'
import { isAudioName, walkAudio } from './walk-audio'

const COLUMNS = ['path', 'speaker', 'session', 'category', 'valence', 'arousal', 'dominance'] as const

interface ManifestRow {
  line: number
  speaker: string | null
  session: string | null
  labels: ParsedLabel[]
}

function readManifest(file: string, skipped: ImportSkip[]): Map<string, ManifestRow> {
  let records: Record<string, string>[]
  try {
    records = parse(readRegularFile(file), {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true
    })
  } catch (e) {
    if (e instanceof SerError) throw e
    throw new SerError('FILE_FORMAT', `${file}: not a readable CSV manifest (${(e as Error).message})`, { file })
  }
  const rows = new Map<string, ManifestRow>()
  if (records.length > 0 && !('path' in records[0])) {
    throw new SerError('FILE_FORMAT', `${file}: the manifest needs a 'path' column (columns: ${COLUMNS.join(',')})`, {
      file,
      field: 'path'
    })
  }
  records.forEach((r, i) => {
    const line = i + 2 // the header is line 1
    const where = `${file.replace(/^.*[\\/]/, '')} row ${line}`
    const path = (r.path ?? '').replace(/\\/g, '/').replace(/^\.\//, '')
    if (!path) {
      skipped.push({ path: where, error: 'path: empty' })
      return
    }
    const labels: ParsedLabel[] = []
    let ok = true
    if (r.category) {
      const code = parseCategory(r.category)
      if (code) labels.push({ rater: 'reference', kind: 'reference', field: 'category', value: code })
      else {
        skipped.push({
          path: where,
          error: `category: unknown label '${r.category}' for ${path}; imported without labels`
        })
        ok = false
      }
    }
    for (const field of ['valence', 'arousal', 'dominance'] as const) {
      const raw = r[field]
      if (!raw) continue
      const v = parseDecimal(raw)
      if (v === null || v < SCALE_MIN || v > SCALE_MAX) {
        skipped.push({
          path: where,
          error: `${field}: '${raw}' is not a number in ${SCALE_MIN}–${SCALE_MAX} for ${path}; imported without labels`
        })
        ok = false
      } else labels.push({ rater: 'reference', kind: 'reference', field, value: String(v) })
    }
    if (rows.has(path)) skipped.push({ path: where, error: `path: ${path} is listed twice; the first row is kept` })
    else rows.set(path, { line, speaker: r.speaker || null, session: r.session || null, labels: ok ? labels : [] })
  })
  return rows
}

export function importFolder(options: ImporterOptions): ParsedCorpus {
  const skipped: ImportSkip[] = []
  const manifest = options.manifest ? readManifest(options.manifest, skipped) : new Map<string, ManifestRow>()
  const files = walkAudio(options.root, skipped)
  if (files.length === 0)
    throw new SerError('FILE_FORMAT', `${options.root}: no .wav or .flac files in this folder`, { file: options.root })
  const present = new Set(files)
  for (const [path, row] of manifest) {
    if (!present.has(path)) {
      const why = isAudioName(path) ? 'no such audio file in the folder' : 'not a .wav or .flac file'
      skipped.push({ path, error: `manifest row ${row.line}: ${why}` })
    }
  }
  const speakers = new Map<string, ParsedSpeaker>()
  const utterances: ParsedUtterance[] = files.map((path) => {
    const row = manifest.get(path)
    if (row?.speaker) speakers.set(row.speaker, { id: row.speaker, gender: null, session: row.session })
    return {
      id: path.replace(/\.[^.]+$/, ''),
      path,
      session: row?.session ?? null,
      speaker: row?.speaker ?? null,
      dialog: null,
      startSec: null,
      endSec: null,
      transcript: null,
      labels: row?.labels ?? []
    }
  })
  return {
    id: options.name,
    kind: 'folder',
    root: options.root,
    speakers: [...speakers.values()],
    dialogs: [],
    utterances,
    skipped
  }
}
