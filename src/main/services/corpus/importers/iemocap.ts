/**
 * IEMOCAP_full_release importer. The release's layout as read here: per session, the labels of
 * dialog/EmoEvaluation/<dialog>.txt (top-level files only), the turns of dialog/transcriptions/<dialog>.txt, the
 * utterance audio in sentences/wav/<dialog>/<utt>.wav and the dialog audio in dialog/wav/<dialog>.wav.
 * Every name starting with '.' (AppleDouble `._*` files) is skipped; a file or line that cannot be parsed is
 * reported and the rest imported. Symbolic links, FIFOs and other special files are listed in `skipped`, never
 * followed or opened (dir-entries.ts).
 */
import { basename, join } from 'node:path'
import type { ImportSkip } from '../../../../shared/api/corpus'
import { categoryFromWord, isCategoryCode } from '../../../../shared/domain/categories'
import type { Gender } from '../../../../shared/domain/corpus'
import { SCALE_MAX, SCALE_MIN } from '../../../../shared/domain/labels'
import { SerError } from '../../../../shared/errors'
import type {
  ImporterOptions,
  ParsedCorpus,
  ParsedDialog,
  ParsedLabel,
  ParsedSpeaker,
  ParsedUtterance
} from './parsed-corpus'
import { isRealDir, isRealFile, listCorpusDir } from './dir-entries'
import { readTextLines } from './text-file'

/** Session folders are Session1 … Session5 in the release */
const SESSION_DIR = /^Session(\d+)$/
/** Ses01F_impro01, Ses03M_impro05a, Ses05M_script01_1b … (layout §2) */
export const DIALOG_RE = /^Ses(\d{2})([FM])_(impro\d{2}[ab]?|script\d{2}_\d[ab]?)$/
/** A dialog id, then the speaking actor's letter and a 3-digit number; the dialog is what precedes `_[FM]\d{3}` */
export const UTTERANCE_RE = /^(Ses(\d{2})[FM]_.+)_([FM])(\d{3})$/
/** Layout §3's robust summary-line regex */
const SUMMARY_RE =
  /^\[\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*\]\s+(Ses\S+)\s+([a-z]{3})\s+\[\s*([\d.]+),\s*([\d.]+),\s*([\d.]+)\s*\]/
/** C-E1:, A-F2:, … (layout §9: accept [CA]-[A-Z]+\d+:) */
const RATER_RE = /^([CA])-([A-Z]+\d+):\s*(.*)$/
const ATTRIBUTE_RE = /val\s*(\d+(?:\.\d+)?)\s*;\s*act\s*(\d+(?:\.\d+)?)\s*;\s*dom\s*(\d+(?:\.\d+)?)/
/** Layout §5: `<id> [start-end]: text` */
const TRANSCRIPT_RE = /^(Ses\S+)\s+\[\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*\]:\s?(.*)$/

export interface UtteranceName {
  id: string
  dialog: string
  /** '1' … '5' */
  session: string
  /** Speaking actor: session + letter, e.g. Ses01F */
  speaker: string
  gender: Gender
}

/** Splits an utterance id into its parts; null when it is not an IEMOCAP utterance name. */
export function parseUtteranceName(id: string): UtteranceName | null {
  const m = UTTERANCE_RE.exec(id)
  if (!m || !DIALOG_RE.test(m[1])) return null
  const gender = m[3] as Gender
  return { id, dialog: m[1], session: String(Number(m[2])), speaker: `Ses${m[2]}${gender}`, gender }
}

/** A file's read error without its own name in front (the skip entry names the file) */
function reason(e: unknown, rel: string): string {
  const m = (e as Error).message
  return m.startsWith(`${rel}: `) ? m.slice(rel.length + 2) : `cannot read (${m})`
}

interface Block {
  id: string
  start: number
  end: number
  labels: ParsedLabel[]
}

/** Parses one EmoEvaluation file into blocks; malformed lines are reported with their line number. */
export function parseEmoEvaluation(lines: string[], file: string, skipped: ImportSkip[]): Block[] {
  const blocks: Block[] = []
  let current: Block | null = null
  const bad = (i: number, why: string) => skipped.push({ path: file, error: `line ${i + 1}: ${why}` })
  const scale = (s: string) => {
    const v = Number(s)
    return Number.isFinite(v) && v >= SCALE_MIN && v <= SCALE_MAX ? String(v) : null
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    if (line === '' || line.startsWith('%')) {
      if (line === '') current = null
      continue
    }
    if (line.startsWith('[')) {
      const m = SUMMARY_RE.exec(line)
      if (!m) {
        bad(i, `malformed summary line '${line.slice(0, 80)}'`)
        current = null
        continue
      }
      const [, start, end, id, code, v, a, d] = m
      const labels: ParsedLabel[] = []
      if (isCategoryCode(code)) labels.push({ rater: 'reference', kind: 'reference', field: 'category', value: code })
      else bad(i, `${id}: unknown category code '${code}'`)
      for (const [field, raw] of [
        ['valence', v],
        ['arousal', a],
        ['dominance', d]
      ] as const) {
        const value = scale(raw)
        if (value !== null) labels.push({ rater: 'reference', kind: 'reference', field, value })
        else bad(i, `${id}: ${field} ${raw} is outside ${SCALE_MIN}–${SCALE_MAX}`)
      }
      current = { id, start: Number(start), end: Number(end), labels }
      blocks.push(current)
      continue
    }
    const r = RATER_RE.exec(line)
    if (!r) {
      bad(i, `unrecognised line '${line.slice(0, 80)}'`)
      continue
    }
    if (!current) {
      bad(i, `rater line outside a block (no summary line above it)`)
      continue
    }
    const [, type, who, rest] = r
    const kind = /^[FM]\d+$/.test(who) ? 'self' : 'evaluator'
    const values = rest.split('\t')[0]
    if (type === 'C') {
      const words = values
        .split(';')
        .map((w) => w.trim())
        .filter((w) => w.length > 0)
      const code = words.length > 0 ? categoryFromWord(words[0]) : null
      if (code === null) {
        bad(i, `${current.id}: C-${who} has no known category ('${values.trim()}')`)
        continue
      }
      current.labels.push({ rater: who, kind, field: 'category', value: code })
    } else {
      const m = ATTRIBUTE_RE.exec(values)
      const parsed = m ? [scale(m[1]), scale(m[2]), scale(m[3])] : null
      if (!parsed || parsed.some((x) => x === null)) {
        bad(i, `${current.id}: A-${who} needs 'val N; act N; dom N;' with N in ${SCALE_MIN}–${SCALE_MAX}`)
        continue
      }
      current.labels.push(
        { rater: who, kind, field: 'valence', value: parsed[0]! },
        { rater: who, kind, field: 'arousal', value: parsed[1]! },
        { rater: who, kind, field: 'dominance', value: parsed[2]! }
      )
    }
  }
  return blocks
}

/** Turn texts of one transcription file; lines without a `Ses` id, `XX` ids and short lines are skipped (§5). */
export function parseTranscriptions(lines: string[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of lines) {
    const fields = line.trim().split(/\s+/)
    if (fields.length < 3 || !fields[0].startsWith('Ses') || fields[0].includes('XX')) continue
    const m = TRANSCRIPT_RE.exec(line.trim())
    if (m) out.set(m[1], m[4].trim())
  }
  return out
}

export function importIemocap(options: ImporterOptions): ParsedCorpus {
  const { root } = options
  const skipped: ImportSkip[] = []
  const sessions = listCorpusDir(root, '', skipped, () => false)
    .map((f) => ({ dir: f.name, isDir: f.dir, m: SESSION_DIR.exec(f.name) }))
    .filter((s) => s.m && s.isDir)
  if (sessions.length === 0) {
    throw new SerError(
      'FILE_FORMAT',
      `${root}: no Session1 … Session5 folders, so not an IEMOCAP_full_release folder`,
      {
        file: root
      }
    )
  }
  const speakers = new Map<string, ParsedSpeaker>()
  const dialogs = new Map<string, ParsedDialog>()
  const utterances: ParsedUtterance[] = []

  for (const { dir, m } of sessions) {
    const session = String(Number(m![1]))
    const evalRel = `${dir}/dialog/EmoEvaluation`
    const wavRel = `${dir}/sentences/wav`
    const evalOk = isRealDir(root, evalRel, skipped)
    const wavOk = isRealDir(root, wavRel, skipped)
    if (!evalOk) skipped.push({ path: evalRel, error: 'folder missing: no labels for this session' })
    if (!wavOk) skipped.push({ path: wavRel, error: 'folder missing: no utterance audio for this session' })
    const isWav = (f: string) => f.toLowerCase().endsWith('.wav')
    const isTxt = (f: string) => f.endsWith('.txt')

    // utterance audio on disk, by id
    const wavs = new Map<string, string>()
    for (const dialog of wavOk ? listCorpusDir(root, wavRel, skipped, () => false) : []) {
      if (!dialog.dir) continue
      for (const f of listCorpusDir(root, `${wavRel}/${dialog.name}`, skipped, isWav)) {
        if (f.dir || !isWav(f.name)) continue
        const id = basename(f.name, f.name.slice(-4))
        const path = `${wavRel}/${dialog.name}/${f.name}`
        const other = wavs.get(id)
        if (other === undefined) wavs.set(id, path)
        else
          skipped.push({
            path,
            error: `id '${id}' collides with '${other}'; '${other}' keeps the id, this file is not imported`
          })
      }
    }

    const labelled = new Map<string, Block>()
    for (const { name: f, dir: isFolder } of evalOk ? listCorpusDir(root, evalRel, skipped, isTxt) : []) {
      if (isFolder || !isTxt(f)) continue // Categorical/, Attribute/, Self-evaluation/ …
      const p = join(root, evalRel, f)
      const rel = `${evalRel}/${f}`
      const dialog = basename(f, '.txt')
      if (!DIALOG_RE.test(dialog)) {
        skipped.push({ path: rel, error: `'${dialog}' is not an IEMOCAP dialog name` })
        continue
      }
      let lines: string[]
      try {
        lines = readTextLines(p, rel)
      } catch (e) {
        skipped.push({ path: rel, error: reason(e, rel) })
        continue
      }
      for (const b of parseEmoEvaluation(lines, rel, skipped)) {
        const name = parseUtteranceName(b.id)
        if (!name) skipped.push({ path: rel, error: `${b.id}: not an IEMOCAP utterance id` })
        else if (name.dialog !== dialog)
          skipped.push({ path: rel, error: `${b.id}: belongs to dialog ${name.dialog}, not ${dialog}` })
        else if (name.session !== session)
          skipped.push({ path: rel, error: `${b.id}: belongs to session ${name.session}, found in ${dir}` })
        else if (labelled.has(b.id))
          skipped.push({ path: rel, error: `${b.id}: listed twice; the first block is kept` })
        else labelled.set(b.id, b)
      }
    }

    const transcripts = new Map<string, string>()
    const trRel = `${dir}/dialog/transcriptions`
    for (const { name: f, dir: isFolder } of isRealDir(root, trRel, skipped)
      ? listCorpusDir(root, trRel, skipped, isTxt)
      : []) {
      if (isFolder || !isTxt(f)) continue
      const rel = `${trRel}/${f}`
      try {
        for (const [id, text] of parseTranscriptions(readTextLines(join(root, rel), rel))) transcripts.set(id, text)
      } catch (e) {
        skipped.push({ path: rel, error: reason(e, rel) })
      }
    }

    for (const id of labelled.keys()) {
      if (!wavs.has(id)) {
        const name = parseUtteranceName(id)!
        skipped.push({
          path: `${dir}/sentences/wav/${name.dialog}/${id}.wav`,
          error: `missing: ${id} is listed in dialog/EmoEvaluation/${name.dialog}.txt but its wav is not there`
        })
      }
    }
    for (const [id, path] of wavs) {
      const name = parseUtteranceName(id)
      if (!name || name.session !== session) {
        skipped.push({ path, error: `'${id}' is not an IEMOCAP utterance name of session ${session}` })
        continue
      }
      const block = labelled.get(id)
      speakers.set(name.speaker, { id: name.speaker, gender: name.gender, session })
      if (!dialogs.has(name.dialog)) {
        const dialogWav = `${dir}/dialog/wav/${name.dialog}.wav`
        dialogs.set(name.dialog, {
          id: name.dialog,
          session,
          audioPath: isRealFile(root, dialogWav, skipped) ? dialogWav : null
        })
      }
      utterances.push({
        id,
        path,
        session,
        speaker: name.speaker,
        dialog: name.dialog,
        startSec: block ? block.start : null,
        endSec: block ? block.end : null,
        transcript: transcripts.get(id) ?? null,
        labels: block ? block.labels : []
      })
    }
  }

  // dialog order: blocks are not chronological in the release (layout §3), so sort by start time
  utterances.sort(
    (a, b) =>
      Number(a.session) - Number(b.session) ||
      (a.dialog ?? '').localeCompare(b.dialog ?? '') ||
      (a.startSec ?? Infinity) - (b.startSec ?? Infinity) ||
      a.id.localeCompare(b.id)
  )
  return {
    id: options.name,
    kind: 'iemocap',
    root,
    speakers: [...speakers.values()],
    dialogs: [...dialogs.values()],
    utterances,
    skipped
  }
}
