/**
 * Speaker-independent folds and the dev split (docs/paper.md "Task and data"). The fold unit is the session where every
 * utterance has one (IEMOCAP: leave-one-session-out), else the speaker (EmoDB, RAVDESS). `folds: K` groups the
 * units, in sorted order, into K contiguous runs — RAVDESS's 24 actors become 6 folds of 4. The dev split comes
 * from the training units only, so the test fold can never select an epoch. Pure: indices in, indices out.
 */
import { SerError } from '../../../shared/errors'
import { mixSeed, mulberry32, shuffled } from './prng'
import { foldLabel } from '../../../shared/domain/fold-name'

export interface FoldUtterance {
  session: string | null
  speaker: string | null
  /** Class index */
  label: number
}

export interface FoldPlan {
  fold: number
  /** The sessions (or speakers) tested in this fold */
  testGroups: string[]
  train: number[]
  dev: number[]
  test: number[]
}

export interface FoldOptions {
  testSession: string | null
  folds: number | null
  devSplit: 'utterances' | 'speaker'
  devFraction: number
  seed: number
}

const byNatural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })

export function foldUnit(utterances: readonly FoldUtterance[]): 'session' | 'speaker' {
  return utterances.length > 0 && utterances.every((u) => u.session !== null) ? 'session' : 'speaker'
}

/** Splits the units into test groups: one per unit, the one named, or K contiguous runs. */
function testGroups(units: string[], unit: 'session' | 'speaker', options: FoldOptions): string[][] {
  if (options.testSession !== null) {
    if (unit !== 'session') {
      throw new SerError('FIELD_INVALID', 'testSession: this corpus has no sessions; use folds to group speakers', {
        field: 'testSession'
      })
    }
    if (!units.includes(options.testSession)) {
      throw new SerError(
        'NOT_FOUND',
        `testSession: no session '${options.testSession}' (sessions: ${units.join(', ')})`,
        { field: 'testSession' }
      )
    }
    return [[options.testSession]]
  }
  const k = options.folds ?? units.length
  if (units.length < 2)
    throw new SerError('FIELD_INVALID', `folds: need at least two ${unit}s to hold one out, found ${units.length}`, {
      field: 'folds'
    })
  if (k > units.length)
    throw new SerError('FIELD_INVALID', `folds: ${k} folds but only ${units.length} ${unit}s`, { field: 'folds' })
  const groups: string[][] = []
  for (let i = 0; i < k; i++)
    groups.push(units.slice(Math.floor((i * units.length) / k), Math.floor(((i + 1) * units.length) / k)))
  return groups
}

/** A stratified random fraction of the training utterances (per class, seeded), or one whole training speaker. */
export function devSplit(
  utterances: readonly FoldUtterance[],
  train: number[],
  options: Pick<FoldOptions, 'devSplit' | 'devFraction' | 'seed'>,
  fold: number
): { train: number[]; dev: number[] } {
  const random = mulberry32(mixSeed(options.seed, fold, 'dev'))
  if (options.devSplit === 'speaker') {
    const speakers = [...new Set(train.map((i) => utterances[i].speaker).filter((s): s is string => s !== null))].sort(
      byNatural
    )
    if (speakers.length < 2) {
      throw new SerError(
        'FIELD_INVALID',
        `devSplit: 'speaker' needs two training speakers, ${foldLabel(fold)} has ${speakers.length}`,
        { field: 'devSplit' }
      )
    }
    const held = speakers[Math.floor(random() * speakers.length)]
    return {
      train: train.filter((i) => utterances[i].speaker !== held),
      dev: train.filter((i) => utterances[i].speaker === held)
    }
  }
  if (options.devFraction <= 0) return { train, dev: [] }
  const byClass = new Map<number, number[]>()
  for (const i of train) {
    const list = byClass.get(utterances[i].label) ?? []
    list.push(i)
    byClass.set(utterances[i].label, list)
  }
  const dev = new Set<number>()
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const list = byClass.get(label)!
    const take = Math.round(list.length * options.devFraction)
    for (const i of shuffled(list, random).slice(0, take)) dev.add(i)
  }
  return { train: train.filter((i) => !dev.has(i)), dev: train.filter((i) => dev.has(i)) }
}

export function planFolds(utterances: readonly FoldUtterance[], options: FoldOptions): FoldPlan[] {
  const unit = foldUnit(utterances)
  const unitOf = (u: FoldUtterance) => (unit === 'session' ? u.session : u.speaker)
  const units = [...new Set(utterances.map(unitOf).filter((g): g is string => g !== null))].sort(byNatural)
  return testGroups(units, unit, options).map((groups, fold) => {
    const held = new Set(groups)
    const test: number[] = []
    const rest: number[] = []
    utterances.forEach((u, i) => {
      const g = unitOf(u)
      if (g === null) return // no session/speaker: cannot be placed speaker-independently
      ;(held.has(g) ? test : rest).push(i)
    })
    // a speaker who also recorded in another session must not train a model tested on them: their other sessions'
    // utterances leave this fold's training pool (IEMOCAP's speakers each belong to one session, so it loses nothing)
    const testSpeakers = new Set(test.map((i) => utterances[i].speaker).filter((s): s is string => s !== null))
    const pool = testSpeakers.size > 0 ? rest.filter((i) => !testSpeakers.has(utterances[i].speaker ?? '')) : rest
    const { train, dev } = devSplit(utterances, pool, options, fold)
    if (train.length === 0)
      throw new SerError('FIELD_INVALID', `folds: ${foldLabel(fold)} has no training utterances`, { field: 'folds' })
    return { fold, testGroups: groups, train, dev, test }
  })
}
