/**
 * One fold of the baseline (docs/training.md "Baseline and fusion"): normalise the functionals (baseline-norm.ts),
 * fit the classifier for each C of a small grid on the fold's training rows, keep the C with the best dev UA (ties:
 * the lower dev log-loss, then the smaller C), and report the dev and test class probabilities of that model. Without
 * a dev split C is DEFAULT_C. Pure and deterministic: rows and indices in, probabilities out.
 */
import type { Classifier, Normalisation } from '../../../shared/domain/training'
import { argMax, classificationMetrics } from '../metrics/metrics'
import { normaliseRows } from './baseline-norm'
import type { LinearModel } from './linear-models'
import { fitLinear, predictProbabilities } from './linear-models'

/** The regularisation grid searched on the dev split (scikit-learn's C: larger = weaker L2) */
export const C_GRID = [0.01, 0.1, 1, 10] as const
/** C without a dev split: scikit-learn's default */
export const DEFAULT_C = 1

export interface BaselineFoldInput {
  /** n × d raw functionals, row-major (NaN where a value is missing) */
  x: Float64Array
  d: number
  speakers: readonly (string | null)[]
  /** Class index per row */
  labels: readonly number[]
  classes: readonly string[]
  train: number[]
  dev: number[]
  test: number[]
  classifier: Classifier
  normalisation: Normalisation
}

export interface CandidateRecord {
  c: number
  trainLoss: number
  trainAcc: number
  devLoss: number | null
  devAcc: number | null
  devUa: number | null
  seconds: number
}

export interface BaselineFoldResult {
  c: number
  /** 1-based index of the chosen C among `candidates` */
  chosen: number
  candidates: CandidateRecord[]
  model: LinearModel
  devProbabilities: number[][]
  testProbabilities: number[][]
  fallbackSpeakers: string[]
  imputedRows: number
}

function rowsOf(x: Float64Array, d: number, idx: readonly number[]): Float64Array {
  const out = new Float64Array(idx.length * d)
  idx.forEach((i, r) => out.set(x.subarray(i * d, (i + 1) * d), r * d))
  return out
}

/** Mean −log p(true class), probabilities clipped to 1e-7 as the CNN's loss is */
export function logLoss(p: number[][], truth: readonly number[]): number {
  if (p.length === 0) return Number.NaN
  return p.reduce((s, row, i) => s - Math.log(Math.max(1e-7, row[truth[i]])), 0) / p.length
}

export function trainBaselineFold(
  input: BaselineFoldInput,
  onCandidate?: (r: CandidateRecord, index: number, total: number) => void
): BaselineFoldResult {
  const { d, classes } = input
  const norm = normaliseRows(input.x, d, input.speakers, input.train, input.normalisation)
  const xTrain = rowsOf(norm.x, d, input.train)
  const yTrain = input.train.map((i) => input.labels[i])
  const xDev = rowsOf(norm.x, d, input.dev)
  const yDev = input.dev.map((i) => input.labels[i])
  const grid: number[] = input.dev.length > 0 ? [...C_GRID] : [DEFAULT_C]
  const candidates: CandidateRecord[] = []
  let best: { model: LinearModel; record: CandidateRecord; index: number; dev: number[][] } | null = null
  grid.forEach((c, index) => {
    const start = Date.now()
    const model = fitLinear(
      input.classifier,
      { x: xTrain, n: input.train.length, d, y: yTrain, classes: classes.length },
      c
    )
    const trainP = predictProbabilities(model, xTrain, input.train.length)
    const dev = predictProbabilities(model, xDev, input.dev.length)
    const devMetrics =
      dev.length > 0
        ? classificationMetrics(
            classes,
            yDev,
            dev.map((p) => argMax(p))
          )
        : null
    const record: CandidateRecord = {
      c,
      trainLoss: model.loss,
      trainAcc: yTrain.filter((y, i) => argMax(trainP[i]) === y).length / Math.max(1, yTrain.length),
      devLoss: dev.length > 0 ? logLoss(dev, yDev) : null,
      devAcc: devMetrics ? devMetrics.wa : null,
      devUa: devMetrics ? devMetrics.ua : null,
      seconds: (Date.now() - start) / 1000
    }
    candidates.push(record)
    onCandidate?.(record, index, grid.length)
    const better =
      !best ||
      (record.devUa ?? -1) > (best.record.devUa ?? -1) + 1e-12 ||
      (Math.abs((record.devUa ?? -1) - (best.record.devUa ?? -1)) <= 1e-12 &&
        (record.devLoss ?? 0) < (best.record.devLoss ?? 0) - 1e-12)
    if (better) best = { model, record, index, dev }
  })
  const chosen = best!
  const test = predictProbabilities(chosen.model, rowsOf(norm.x, d, input.test), input.test.length)
  return {
    c: chosen.record.c,
    chosen: chosen.index + 1,
    candidates,
    model: chosen.model,
    devProbabilities: chosen.dev,
    testProbabilities: test,
    fallbackSpeakers: norm.fallbackSpeakers,
    imputedRows: norm.imputedRows
  }
}
