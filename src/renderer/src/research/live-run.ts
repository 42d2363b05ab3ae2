/**
 * One run as the live view holds it: the stored history from runs.get, then each pushed point appended. Plain
 * objects mutated in place (the store bumps a version number), because a Vue-reactive array of 10,000 points costs
 * more than drawing them.
 */
import type { TrainingEnded, TrainingProgress } from '@shared/api/training'
import type { CurvePoint, RunDetail } from '@shared/domain/runs'
import type { RunStatus } from '@shared/domain/training'
import type { EpochPoint } from './curves'

export interface LiveRun {
  runId: string
  detail: RunDetail | null
  points: CurvePoint[]
  epochs: EpochPoint[]
  /** Batches per epoch, per fold (from the live points, else from the stored epochs' last points) */
  batches: Map<number, number>
  /** The newest point of each fold, with its ETA and throughput */
  latest: Map<number, TrainingProgress>
  status: RunStatus
  ended: TrainingEnded | null
  /** Points received while runs.get was on its way; merged when it answers */
  pending: TrainingProgress[] | null
}

export function emptyRun(runId: string): LiveRun {
  return {
    runId,
    detail: null,
    points: [],
    epochs: [],
    batches: new Map(),
    latest: new Map(),
    status: 'queued',
    ended: null,
    pending: []
  }
}

const key = (p: CurvePoint) => `${p.fold}:${p.epoch}:${p.batch}`

function toEpoch(p: TrainingProgress): EpochPoint {
  return {
    fold: p.fold,
    epoch: p.epoch,
    loss: p.loss,
    acc: p.acc,
    valLoss: p.valLoss ?? null,
    valAcc: p.valAcc ?? null
  }
}

function putEpoch(run: LiveRun, e: EpochPoint): void {
  const i = run.epochs.findIndex((x) => x.fold === e.fold && x.epoch === e.epoch)
  if (i >= 0) run.epochs[i] = e
  else run.epochs.push(e)
}

/** Appends one pushed point; returns false while the history is still loading (the point waits in `pending`) */
export function applyProgress(run: LiveRun, p: TrainingProgress): boolean {
  if (run.pending) {
    run.pending.push(p)
    return false
  }
  if (p.member) {
    // a further model of the fold (a seed, a view): where the fold is now, not a point of its curves
    run.latest.set(p.fold, p)
    if (run.status === 'queued') run.status = 'running'
    return true
  }
  const point: CurvePoint = { fold: p.fold, epoch: p.epoch, batch: p.batch, loss: p.loss, acc: p.acc, at: p.at }
  run.points.push(point)
  run.batches.set(p.fold, p.batches)
  run.latest.set(p.fold, p)
  // the trainer sends the epoch's last batch on every epoch end, with the dev split's values when there is one
  if (p.batch >= p.batches) putEpoch(run, toEpoch(p))
  if (run.status === 'queued' || run.status === 'cancelled' || run.status === 'interrupted' || run.status === 'failed')
    run.status = 'running'
  return true
}

/**
 * The stored history arrived: it becomes the run's points, and the points pushed meanwhile are appended unless the
 * history already holds them (the service stores a point before it pushes it, so a push can precede the answer).
 */
export function applyHistory(run: LiveRun, detail: RunDetail): void {
  run.detail = detail
  run.points = detail.curve.slice()
  run.epochs = detail.epochHistory.map((e) => ({
    fold: e.fold,
    epoch: e.epoch,
    loss: e.loss,
    acc: e.acc,
    valLoss: e.valLoss,
    valAcc: e.valAcc
  }))
  run.batches = new Map()
  for (const p of detail.curve) {
    const done = detail.epochHistory.some((e) => e.fold === p.fold && e.epoch === p.epoch)
    if (done && p.batch > (run.batches.get(p.fold) ?? 0)) run.batches.set(p.fold, p.batch)
  }
  if (!run.ended) run.status = detail.status
  const waiting = run.pending ?? []
  run.pending = null
  const seen = new Set(detail.curve.map(key))
  for (const p of waiting) if (!seen.has(key(p))) applyProgress(run, p)
}

export function applyEnded(run: LiveRun, e: TrainingEnded): void {
  run.ended = e
  run.status = e.status
}

/** What the header shows: the slowest fold's ETA (folds train in parallel), throughput summed over folds */
export function progressSummary(run: LiveRun): {
  epoch: number
  epochs: number
  fold: number
  folds: number
  etaSec: number | null
  throughput: number | null
  /** The further model the newest point is from ("view mfcc, seed 2"), null for a fold's first model */
  member: string | null
} {
  const latest = [...run.latest.values()]
  const cfg = run.detail?.config
  const newest = latest.reduce<TrainingProgress | null>((a, p) => (!a || p.at > a.at ? p : a), null)
  const running = run.status === 'running'
  return {
    epoch: newest?.epoch ?? run.epochs.reduce((m, e) => Math.max(m, e.epoch), 0),
    epochs: newest?.epochs ?? cfg?.epochs ?? 0,
    fold: newest?.fold ?? 0,
    folds: newest?.folds ?? run.detail?.folds ?? 1,
    member: running ? (newest?.member ?? null) : null,
    etaSec: running && latest.length > 0 ? Math.max(...latest.map((p) => p.etaSec)) : null,
    throughput:
      running && latest.length > 0
        ? latest.filter((p) => Date.now() - p.at < 10_000).reduce((s, p) => s + p.throughput, 0) || newest!.throughput
        : null
  }
}
