/**
 * The baseline inside the training service (training-service.ts): one fold trained in the parent process — fitting a
 * linear model on 88 functionals takes well under a second — reported through the same store writes and the same
 * `training.progress` / `training.ended` events as a CNN fold, so the runs table, the live view, the evaluation
 * pages, comparison and the second look read it like any run. One "epoch" per C of the grid (its dev loss and
 * accuracy are the epoch's), the chosen C is the best epoch. Fusion uses the same fold result (fuseFold).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { UtterancePrediction } from '../../../shared/api/training'
import type { EpochRecord } from '../../../shared/domain/runs'
import type { RunConfig } from '../../../shared/domain/training'

import type { EventBus } from '../runtime/event-bus'
import type { DatasetMeta } from '../training/dataset-file'
import type { FoldPlan } from '../training/folds'
import type { RunStore } from '../training/run-store'
import { classCounts } from '../training/targets'
import type { BaselineFoldResult } from './baseline-fold'
import { trainBaselineFold } from './baseline-fold'
import { rowStats } from './baseline-norm'
import { chooseFusionWeight, fuse, fusedDevUa } from './fusion'

export const BASELINE_MODEL_DIR = 'model'

export interface BaselineFoldJob {
  runId: string
  config: RunConfig
  meta: DatasetMeta
  /** n × d functionals in the dataset's utterance order */
  x: Float64Array
  d: number
  names: string[]
  plan: FoldPlan
  folds: number
  foldDir: string
}

/** Fits the fold's baseline and saves it (model/baseline.json); reports each C as an epoch when `report` is given. */
export function fitBaselineFold(
  job: BaselineFoldJob,
  report?: { store: RunStore; events: EventBus }
): BaselineFoldResult {
  const { meta, plan, config } = job
  const started = Date.now()
  const result = trainBaselineFold(
    {
      x: job.x,
      d: job.d,
      speakers: meta.utterances.map((u) => u.speaker),
      labels: meta.utterances.map((u) => u.label),
      classes: meta.classes,
      train: plan.train,
      dev: plan.dev,
      test: plan.test,
      classifier: config.classifier,
      normalisation: config.normalisation
    },
    (r, index, total) => {
      if (!report) return
      const epoch = index + 1
      const record: EpochRecord = {
        fold: plan.fold,
        epoch,
        loss: r.trainLoss,
        acc: r.trainAcc,
        valLoss: r.devLoss,
        valAcc: r.devAcc,
        lr: 0,
        seconds: r.seconds
      }
      const elapsed = (Date.now() - started) / 1000
      const point = {
        runId: job.runId,
        fold: plan.fold,
        folds: job.folds,
        epoch,
        epochs: total,
        batch: 1,
        batches: 1,
        loss: r.trainLoss,
        acc: r.trainAcc,
        ...(r.devLoss !== null ? { valLoss: r.devLoss, valAcc: r.devAcc ?? 0 } : {}),
        lr: 0,
        throughput: plan.train.length / Math.max(1e-3, r.seconds),
        etaSec: (elapsed / epoch) * (total - epoch),
        at: Date.now()
      }
      report.store.addPoint(job.runId, point)
      report.store.addEpoch(job.runId, record)
      report.events.emit('training.progress', point)
    }
  )
  const dir = join(job.foldDir, BASELINE_MODEL_DIR)
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'baseline.json'),
    JSON.stringify({
      classifier: config.classifier,
      normalisation: config.normalisation,
      c: result.c,
      classes: meta.classes,
      names: job.names,
      w: Array.from(result.model.w),
      b: Array.from(result.model.b, (v) => (Number.isFinite(v) ? v : null)),
      fallbackSpeakers: result.fallbackSpeakers,
      // the fold's training statistics, for held-out scoring (per-fold normalisation and the speaker fallbacks)
      foldStats: ((st) => ({ mean: Array.from(st.mean), std: Array.from(st.std) }))(rowStats(job.x, job.d, plan.train))
    })
  )
  return result
}

/** What a fold's start records (run_folds.norm): how it normalised and what it chose. */
export function baselineFoldInfo(job: BaselineFoldJob, r: BaselineFoldResult | null) {
  return {
    normalisation: job.config.normalisation,
    classifier: job.config.classifier,
    c: r?.c ?? null,
    fallbackSpeakers: r?.fallbackSpeakers ?? [],
    imputedRows: r?.imputedRows ?? 0
  }
}

export function trainingCounts(meta: DatasetMeta, train: readonly number[]) {
  return classCounts(
    train.map((i) => meta.utterances[i]),
    meta.classes
  )
}

/** The baseline's test predictions in the trainer's message form (indices into the dataset). */
export function baselinePredictions(plan: FoldPlan, r: BaselineFoldResult): UtterancePrediction[] {
  return plan.test.map((index, k) => ({ index, probabilities: r.testProbabilities[k] }))
}

/**
 * Fusion of one fold: the CNN's dev and test predictions (from its trainer child) with the baseline's, weighted by
 * `fixedWeight`, or by the w chosen on the dev split when it is null (fusion.ts). The CNN's activation/valence
 * outputs are kept as they are.
 */
export function fuseFold(
  meta: DatasetMeta,
  plan: FoldPlan,
  cnnTest: UtterancePrediction[],
  cnnDev: UtterancePrediction[],
  baseline: BaselineFoldResult,
  fixedWeight: number | null = null
): { predictions: UtterancePrediction[]; weight: number; devUa: number | null } {
  const devAt = new Map(plan.dev.map((i, k) => [i, baseline.devProbabilities[k]]))
  const testAt = new Map(plan.test.map((i, k) => [i, baseline.testProbabilities[k]]))
  const dev = cnnDev.filter((p) => devAt.has(p.index))
  const devRows = [dev.map((p) => p.probabilities), dev.map((p) => devAt.get(p.index)!)] as const
  const truth = dev.map((p) => meta.utterances[p.index].label)
  const choice =
    fixedWeight === null
      ? chooseFusionWeight(meta.classes, devRows[0], devRows[1], truth)
      : { weight: fixedWeight, devUa: fusedDevUa(meta.classes, devRows[0], devRows[1], truth, fixedWeight) }
  const predictions = cnnTest.map((p) => {
    const b = testAt.get(p.index) ?? p.probabilities
    return { ...p, probabilities: fuse([p.probabilities], [b], choice.weight)[0] }
  })
  return { predictions, weight: choice.weight, devUa: choice.devUa }
}
