/**
 * Training curves as charts draw them, from the points the trainer reports. Pure functions over plain arrays: no
 * Vue, no client, so a store test and the bench use them as the views do.
 *
 * A stored or live point holds the running mean of its epoch so far (shared/domain/runs.ts CurvePoint). The "per
 * batch" curve recovers the mean of the batches between two points from two running means, then smooths it with
 * TensorBoard's debiased exponential moving average, so a researcher reads both as in TensorBoard.
 */
import type { CurvePoint, EpochRecord } from '@shared/domain/runs'

/**
 * The end of one epoch of one fold as the charts need it: train means over the epoch and the dev split's
 * loss/accuracy (null: no dev). A live progress point carries no learning rate or timing, so those are left out.
 */
export type EpochPoint = Omit<EpochRecord, 'lr' | 'seconds'>

/** The points of one fold after a resume cut them back (see `trajectory`), with their x in epochs */
export interface FoldCurve {
  x: number[]
  loss: number[]
  acc: number[]
  /** The epoch each point belongs to, so epoch values can be placed at its last point */
  epoch: number[]
}

/** uPlot's aligned data: one x array, then one array per series (null where a series has no value) */
export type Aligned = [number[], ...(number | null)[][]]

/** How one line of a chart is drawn (components/charts/LineChart.vue), in the order of its `Aligned` column */
export interface ChartSeries {
  label: string
  color: string
  width?: number
  dash?: number[]
  /** Draw a marker at every value (per-epoch series) */
  points?: boolean
  /** Join values across nulls (series that have a value only at epoch ends) */
  spanGaps?: boolean
}

/** Batches per epoch of each fold: the largest batch any point reached (the trainer always sends the epoch's last) */
export function batchesPerEpoch(
  points: readonly CurvePoint[],
  known: ReadonlyMap<number, number> = new Map()
): Map<number, number> {
  const out = new Map(known)
  for (const p of points) if (p.batch > (out.get(p.fold) ?? 0)) out.set(p.fold, p.batch)
  return out
}

/**
 * The path one fold actually trained, in order. A cancelled run keeps its last checkpoint and a resume restarts the
 * interrupted epoch from batch 1, so points of that partial epoch are dropped once the restart reaches them; the
 * same rule drops a point seen twice (in the stored history and again as a live event).
 */
export function trajectory(points: readonly CurvePoint[], fold: number): CurvePoint[] {
  const out: CurvePoint[] = []
  for (const p of points) {
    if (p.fold !== fold) continue
    while (out.length > 0) {
      const last = out[out.length - 1]
      if (last.epoch > p.epoch || (last.epoch === p.epoch && last.batch >= p.batch)) out.pop()
      else break
    }
    out.push(p)
  }
  return out
}

/**
 * Per-window means from running means: points at batches a < b of one epoch with means m_a, m_b cover batches
 * a+1..b with mean (b·m_b − a·m_a)/(b − a). (The last batch of an epoch may be smaller than the others; treating
 * every batch as equal weight moves that window's value by a fraction of a percent, which a chart cannot show.)
 */
export function foldCurve(points: readonly CurvePoint[], fold: number, batches: number): FoldCurve {
  const path = trajectory(points, fold)
  const c: FoldCurve = { x: [], loss: [], acc: [], epoch: [] }
  let prev: CurvePoint | null = null
  for (const p of path) {
    const a = prev && prev.epoch === p.epoch ? prev.batch : 0
    const ma = prev && prev.epoch === p.epoch ? prev : { loss: 0, acc: 0 }
    const span = p.batch - a
    const per = Math.max(batches, p.batch, 1)
    c.x.push(p.epoch - 1 + p.batch / per)
    c.loss.push((p.batch * p.loss - a * ma.loss) / span)
    c.acc.push((p.batch * p.acc - a * ma.acc) / span)
    c.epoch.push(p.epoch)
    prev = p
  }
  return c
}

/**
 * TensorBoard's scalar smoothing: an exponential moving average whose first values are debiased (divided by
 * 1 − w^n), so the curve starts at the data rather than at zero. weight 0 returns the values unchanged.
 */
export function smooth(values: readonly number[], weight: number): number[] {
  const out = new Array<number>(values.length)
  let last = 0
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (!Number.isFinite(v)) {
      out[i] = v
      continue
    }
    last = last * weight + (1 - weight) * v
    n++
    out[i] = weight === 0 ? v : last / (1 - Math.pow(weight, n))
  }
  return out
}

export interface LiveSeries {
  /** x, train per batch (smoothed), train per batch (raw), train per epoch, dev per epoch */
  loss: Aligned
  acc: Aligned
  points: number
}

/**
 * The two live charts of one fold. Epoch values sit on the x of that epoch's last point (x = epoch exactly), so
 * they share the batch points' x array; uPlot joins them across the nulls (spanGaps).
 */
export function liveSeries(
  points: readonly CurvePoint[],
  epochs: readonly EpochPoint[],
  fold: number,
  batches: number,
  weight: number
): LiveSeries {
  const c = foldCurve(points, fold, batches)
  const byEpoch = new Map(epochs.filter((e) => e.fold === fold).map((e) => [e.epoch, e]))
  const n = c.x.length
  const trainLoss = new Array<number | null>(n).fill(null)
  const devLoss = new Array<number | null>(n).fill(null)
  const trainAcc = new Array<number | null>(n).fill(null)
  const devAcc = new Array<number | null>(n).fill(null)
  for (let i = 0; i < n; i++) {
    // x is a whole number only on the point that ends its epoch
    const e = c.x[i] === c.epoch[i] ? byEpoch.get(c.epoch[i]) : undefined
    if (!e) continue
    trainLoss[i] = e.loss
    trainAcc[i] = e.acc
    devLoss[i] = e.valLoss
    devAcc[i] = e.valAcc
  }
  return {
    loss: [c.x, smooth(c.loss, weight), c.loss, trainLoss, devLoss],
    acc: [c.x, smooth(c.acc, weight), c.acc, trainAcc, devAcc],
    points: n
  }
}

/** Mean over folds of one epoch value, per epoch 1..max (null where no fold reached that epoch or it has no value) */
export function meanOverFolds(
  epochs: readonly EpochPoint[],
  pick: (e: EpochPoint) => number | null
): { x: number[]; y: (number | null)[] } {
  const sums = new Map<number, { sum: number; n: number }>()
  let max = 0
  for (const e of epochs) {
    max = Math.max(max, e.epoch)
    const v = pick(e)
    if (v === null || !Number.isFinite(v)) continue
    const s = sums.get(e.epoch) ?? { sum: 0, n: 0 }
    s.sum += v
    s.n++
    sums.set(e.epoch, s)
  }
  const x = Array.from({ length: max }, (_, i) => i + 1)
  return { x, y: x.map((ep) => (sums.has(ep) ? sums.get(ep)!.sum / sums.get(ep)!.n : null)) }
}
