/**
 * A predictions file from a model trained elsewhere (docs/interop.md), read and checked against the corpus: a header
 * `id,fold,<class>,<class>…` and one row per test utterance with its fold and one probability per class. Every
 * refusal names the file, and the line and column where there is one. Pure: the corpus's utterances come in.
 */
import type { CategoryCode } from '../../../shared/domain/categories'
import { isCategoryCode, toClassSet } from '../../../shared/domain/categories'
import type { Utterance } from '../../../shared/domain/corpus'
import { SerError } from '../../../shared/errors'
import { foldUnit } from '../training/folds'

/** How far a row's probabilities may sum from 1: rounding to 3 decimals over up to 20 classes stays inside it */
export const PROBABILITY_TOLERANCE = 0.01

export interface PredictionCsvRow {
  line: number
  id: string
  fold: number
  probabilities: number[]
}

export interface ParsedPredictions {
  /** Class columns, in the file's order */
  classes: CategoryCode[]
  rows: PredictionCsvRow[]
}

/** One CSV line split into fields (RFC 4180 quotes: "a,b" and "" inside quotes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      out.push(field)
      field = ''
    } else field += c
  }
  out.push(field)
  return out.map((f) => f.trim())
}

/** Parses the text; checks the header, the numbers and the sums, not yet the corpus. */
export function parsePredictionCsv(text: string, file: string): ParsedPredictions {
  function refuse(where: string, why: string): never {
    throw new SerError('FILE_FORMAT', `${file}:${where}: ${why}`, { file })
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const header = splitCsvLine(lines[0] ?? '')
  const idCol = header.indexOf('id')
  const foldCol = header.indexOf('fold')
  if (idCol < 0 || foldCol < 0) {
    refuse('1', `the header needs columns 'id' and 'fold' and one per class, got '${header.join(',')}'`)
  }
  const classCols: number[] = []
  const classes: CategoryCode[] = []
  header.forEach((name, col) => {
    if (col === idCol || col === foldCol) return
    if (!isCategoryCode(name))
      refuse(`1: column ${col + 1}`, `'${name}' is not a category code (three letters such as neu,hap,ang,sad)`)
    if (classes.includes(name as CategoryCode)) refuse(`1: column ${col + 1}`, `class '${name}' appears twice`)
    classes.push(name as CategoryCode)
    classCols.push(col)
  })
  if (classes.length < 2) refuse('1', `need at least two class columns, got ${classes.join(',') || 'none'}`)
  const rows: PredictionCsvRow[] = []
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue
    const line = i + 1
    const f = splitCsvLine(lines[i])
    if (f.length !== header.length) refuse(String(line), `${f.length} fields, the header has ${header.length}`)
    const id = f[idCol]
    if (id === '') refuse(`${line}: column ${idCol + 1}`, 'empty id')
    const fold = Number(f[foldCol])
    if (f[foldCol] === '' || !Number.isInteger(fold) || fold < 0) {
      refuse(`${line}: column ${foldCol + 1}`, `fold must be a whole number ≥ 0, got '${f[foldCol]}'`)
    }
    const probabilities = classCols.map((col, k) => {
      const p = Number(f[col])
      if (f[col] === '' || !Number.isFinite(p) || p < 0 || p > 1) {
        refuse(`${line}: column ${col + 1}`, `p(${classes[k]}) must be a probability in [0, 1], got '${f[col]}'`)
      }
      return p
    })
    const sum = probabilities.reduce((s, p) => s + p, 0)
    if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) {
      refuse(
        String(line),
        `the probabilities sum to ${+sum.toFixed(6)}, not 1 (tolerance ${PROBABILITY_TOLERANCE}; logits or a missing class?)`
      )
    }
    rows.push({ line, id, fold, probabilities })
  }
  if (rows.length === 0) refuse('2', 'no predictions after the header')
  return { classes, rows }
}

export interface CheckedPredictions {
  /** The corpus's utterances in the run's classes, in corpus order (the run's dataset) */
  dataset: Utterance[]
  /** Index into `dataset` of each row */
  index: number[]
  /** Test groups (sessions, or speakers) of each fold, by fold number */
  groups: Map<number, string[]>
  unit: 'session' | 'speaker'
}

/**
 * Checks the rows against the corpus: the class columns are the run's classes, every id is an utterance labelled
 * with one of them, no id twice, and each fold holds every utterance of the sessions (or speakers) it tests, so
 * its metrics are those of whole held-out groups, as the workbench's own folds are.
 */
export function checkAgainstCorpus(
  parsed: ParsedPredictions,
  file: string,
  utterances: readonly Utterance[],
  classes: readonly CategoryCode[],
  corpusName: string,
  classesWhy: string
): CheckedPredictions {
  function refuse(where: string, why: string): never {
    throw new SerError('FILE_FORMAT', `${file}:${where}: ${why}`, { file })
  }
  const same = parsed.classes.length === classes.length && parsed.classes.every((c) => classes.includes(c))
  if (!same) {
    refuse(
      '1',
      `the class columns ${parsed.classes.join(',')} do not match the run's classes ${classes.join(',')} (${classesWhy})`
    )
  }
  const dataset = utterances.filter((u) => toClassSet(u.category, classes) !== null)
  const at = new Map(dataset.map((u, i) => [u.id, i]))
  const all = new Map(utterances.map((u) => [u.id, u]))
  const unit = foldUnit(dataset.map((u) => ({ session: u.session, speaker: u.speaker, label: 0 })))
  const unitOf = (u: Utterance) => (unit === 'session' ? u.session : u.speaker)
  const seen = new Map<string, number>()
  const groupFold = new Map<string, { fold: number; line: number }>()
  const index: number[] = []
  for (const r of parsed.rows) {
    const i = at.get(r.id)
    if (i === undefined) {
      const u = all.get(r.id)
      refuse(
        `${r.line}: column id`,
        u
          ? `utterance '${r.id}' is labelled ${u.category ?? 'nothing'}, not one of ${classes.join(',')}`
          : `no utterance '${r.id}' in corpus '${corpusName}'`
      )
    }
    const before = seen.get(r.id)
    if (before !== undefined) refuse(`${r.line}: column id`, `'${r.id}' is predicted twice (also line ${before})`)
    seen.set(r.id, r.line)
    const g = unitOf(dataset[i!])
    if (g === null) refuse(`${r.line}: column id`, `utterance '${r.id}' has no ${unit}, so no fold can hold it out`)
    const owner = groupFold.get(g!)
    if (owner && owner.fold !== r.fold) {
      refuse(
        `${r.line}: column fold`,
        `${unit} ${g} is tested in fold ${owner.fold} (line ${owner.line}) and in fold ${r.fold}; a ${unit} belongs to one fold`
      )
    }
    if (!owner) groupFold.set(g!, { fold: r.fold, line: r.line })
    index.push(i!)
  }
  const groups = new Map<number, string[]>()
  for (const [g, { fold }] of groupFold) groups.set(fold, [...(groups.get(fold) ?? []), g])
  for (const [fold, gs] of [...groups].sort((a, b) => a[0] - b[0])) {
    gs.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    const missing = dataset.filter((u) => gs.includes(unitOf(u) ?? '') && !seen.has(u.id))
    if (missing.length > 0) {
      const total = dataset.filter((u) => gs.includes(unitOf(u) ?? '')).length
      const list =
        missing
          .slice(0, 5)
          .map((u) => u.id)
          .join(', ') + (missing.length > 5 ? ` … (${missing.length - 5} more)` : '')
      refuse(
        ' column fold',
        `fold ${fold} tests ${unit} ${gs.join(', ')} but lacks ${missing.length} of its ${total} utterances in ${classes.join(',')}: ${list}`
      )
    }
  }
  return { dataset, index, groups, unit }
}
