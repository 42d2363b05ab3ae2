/**
 * Late fusion (`model: 'fusion'`): p = w·p_CNN + (1 − w)·p_baseline per utterance, with the CNN's weight w chosen
 * on the fold's dev split from 0, 0.1, …, 1 (best dev UA; ties: the lower dev log-loss, then w nearer 0.5). w = 0
 * is the baseline alone, w = 1 the CNN alone. Pure.
 */
import { argMax, classificationMetrics } from '../metrics/metrics'
import { logLoss } from './baseline-fold'

export const FUSION_WEIGHTS = Array.from({ length: 11 }, (_, i) => i / 10)

export function fuse(cnn: readonly number[][], baseline: readonly number[][], w: number): number[][] {
  if (cnn.length !== baseline.length)
    throw new RangeError(`fuse: ${cnn.length} CNN rows but ${baseline.length} baseline rows`)
  return cnn.map((row, i) => row.map((p, k) => w * p + (1 - w) * baseline[i][k]))
}

/** The dev UA of one weight (null without dev rows): what a fixed `fusionWeight` reports beside its weight */
export function fusedDevUa(
  classes: readonly string[],
  cnnDev: number[][],
  baselineDev: number[][],
  truth: readonly number[],
  w: number
): number | null {
  if (cnnDev.length === 0) return null
  const p = fuse(cnnDev, baselineDev, w)
  return classificationMetrics(
    classes,
    truth,
    p.map((r) => argMax(r))
  ).ua
}

export interface FusionChoice {
  weight: number
  devUa: number | null
  devLoss: number | null
}

export function chooseFusionWeight(
  classes: readonly string[],
  cnnDev: number[][],
  baselineDev: number[][],
  truth: readonly number[]
): FusionChoice {
  let best: FusionChoice | null = null
  for (const w of FUSION_WEIGHTS) {
    const p = fuse(cnnDev, baselineDev, w)
    const devUa =
      p.length > 0
        ? classificationMetrics(
            classes,
            truth,
            p.map((r) => argMax(r))
          ).ua
        : null
    const devLoss = p.length > 0 ? logLoss(p, truth) : null
    const c: FusionChoice = { weight: w, devUa, devLoss }
    if (!best) best = c
    else {
      const du = (devUa ?? -1) - (best.devUa ?? -1)
      const dl = (devLoss ?? 0) - (best.devLoss ?? 0)
      if (
        du > 1e-12 ||
        (Math.abs(du) <= 1e-12 &&
          (dl < -1e-12 || (Math.abs(dl) <= 1e-12 && Math.abs(w - 0.5) < Math.abs(best.weight - 0.5))))
      )
        best = c
    }
  }
  return best!
}
