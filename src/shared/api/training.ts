import { z } from 'zod'
import type { SerErrorInfo } from '../errors'
import type { BackendInfo, ClassCounts, CurvePoint, EpochRecord, RunDetail, RunSummary } from '../domain/runs'
import type { Metrics, RunConfig } from '../domain/training'
import {
  BACKEND_NAMES,
  CLASS_WEIGHTINGS,
  CLASSIFIERS,
  CONV_FORMS,
  DEV_SPLITS,
  LR_SCHEDULES,
  MODEL_KINDS,
  NORMALISATIONS,
  PRESETS
} from '../domain/training'
import type { JobProgress } from './common'
import { CategorySchema, Empty, Id, RunFeaturesSchema } from './common'

/**
 * Training: start/cancel/resume a run, list and read stored runs. Every RunConfig field is optional in a request;
 * the service fills in RUN_DEFAULTS (shared/domain/runs.ts) and the corpus's standard class set.
 */
export const StartTrainingRequest = z
  .object({
    corpusId: Id.optional(),
    /** logmel, mfcc, egemaps, or encoder:PATH.onnx[#layer=…,norm=…,chunk=…] (docs/encoders.md) */
    features: RunFeaturesSchema.optional(),
    model: z.enum(MODEL_KINDS).optional(),
    /** Start from this preset's values (null: none); the request's own fields override them */
    preset: z.enum(PRESETS).nullable().optional(),
    classifier: z.enum(CLASSIFIERS).optional(),
    task: z.enum(['single', 'multi']).optional(),
    alpha: z.number().min(0).max(1).optional(),
    beta: z.number().min(0).max(1).optional(),
    testSession: z.string().min(1).max(64).nullable().optional(),
    folds: z.number().int().min(2).max(100).nullable().optional(),
    classes: z.array(CategorySchema).min(2).max(13).optional(),
    epochs: z.number().int().min(1).max(10_000).optional(),
    batchSize: z.number().int().min(1).max(4096).optional(),
    learningRate: z.number().gt(0).max(10).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    maxSeconds: z.number().gt(0).max(600).optional(),
    filterWidths: z.array(z.number().int().min(1).max(500)).min(1).max(16).optional(),
    filters: z.number().int().min(1).max(4096).optional(),
    dropout: z.number().min(0).max(0.99).optional(),
    devFraction: z.number().min(0).max(0.9).optional(),
    earlyStoppingPatience: z.number().int().min(0).max(10_000).optional(),
    devSplit: z.enum(DEV_SPLITS).optional(),
    normalisation: z.enum(NORMALISATIONS).optional(),
    classWeighting: z.enum(CLASS_WEIGHTINGS).optional(),
    balancedBatches: z.boolean().optional(),
    speedFactors: z.array(z.number().min(0.5).max(2)).min(1).max(8).optional(),
    specAugment: z.boolean().optional(),
    randomCrop: z.boolean().optional(),
    /** [lo, hi] SNR in dB */
    noiseSnrDb: z.array(z.number().min(-20).max(100)).min(2).max(2).nullable().optional(),
    lrSchedule: z.enum(LR_SCHEDULES).optional(),
    averageCheckpoints: z.number().int().min(1).max(50).optional(),
    ensembleSeeds: z.number().int().min(1).max(20).optional(),
    /** More inputs, one CNN each, averaged with the CNN on `features` */
    extraFeatures: z.array(RunFeaturesSchema).max(4).optional(),
    /** Fusion's CNN weight; null = chosen on the dev split */
    fusionWeight: z.number().min(0).max(1).nullable().optional(),
    keepBest: z.boolean().optional(),
    /** [low/mid, mid/high] thresholds on the 1–5 scale */
    binThresholds: z.array(z.number().min(1).max(5)).min(2).max(2).optional(),
    poolFrames: z.number().int().min(1).max(10_000).optional(),
    convForm: z.enum(CONV_FORMS).optional(),
    backend: z.enum(['auto', ...BACKEND_NAMES]).optional(),
    parallelFolds: z.number().int().min(0).max(256).optional()
  })
  .strict()
// cross-field rules (alpha + beta < 1, ordered thresholds, test session xor folds) are checked by the service
// (run-config.ts) once defaults are filled in, and name their field the same way
export type StartTrainingRequest = z.infer<typeof StartTrainingRequest>

export const RunRequest = z.object({ runId: Id }).strict()

/** A run's name and note; a field left out stays as it is, an empty one clears it */
export const AnnotateRunRequest = z
  .object({
    runId: Id,
    name: z.string().trim().max(120).optional(),
    note: z.string().trim().max(4000).optional()
  })
  .strict()
export type AnnotateRunRequest = z.infer<typeof AnnotateRunRequest>

export const trainingRequests = {
  'training.backend': Empty,
  'training.start': StartTrainingRequest,
  'training.cancel': RunRequest,
  'training.resume': RunRequest,
  'runs.list': z.object({ corpusId: Id.optional() }).strict(),
  'runs.get': RunRequest,
  'runs.delete': RunRequest,
  'runs.annotate': AnnotateRunRequest
}

export interface TrainingApi {
  /** Which backend a run would use now, and why the faster ones are not available */
  'training.backend': { req: z.infer<typeof Empty>; res: BackendInfo }
  /** Validates, stores the run as queued and starts it; returns at once (follow it with the events) */
  'training.start': { req: StartTrainingRequest; res: { runId: string } }
  /** Stops within one batch; the run keeps its last epoch checkpoint and can be resumed */
  'training.cancel': { req: { runId: string }; res: { cancelled: boolean } }
  'training.resume': { req: { runId: string }; res: { runId: string } }
  'runs.list': { req: { corpusId?: string }; res: RunSummary[] }
  'runs.get': { req: { runId: string }; res: RunDetail }
  'runs.delete': { req: { runId: string }; res: { deleted: boolean } }
  /** Names a run and/or notes on it (searchable in the runs table, part of every RunSummary) */
  'runs.annotate': { req: AnnotateRunRequest; res: RunSummary }
}

/** One point of live progress; each event carries only the new point, never the history. */
export interface TrainingProgress extends CurvePoint {
  runId: string
  folds: number
  epochs: number
  batches: number
  /** Present on the point that ends an epoch */
  valLoss?: number
  valAcc?: number
  lr: number
  /** Training utterances per second over the current epoch */
  throughput: number
  /** Seconds until this fold has trained all its epochs (early stopping can end it sooner) */
  etaSec: number
  /**
   * Set on the points of a fold's further models ("seed 2", "view mfcc", "view mfcc, seed 2": ensembleSeeds,
   * extraFeatures): live only, never stored, so a fold's curves stay its first model's
   */
  member?: string
}

export interface TrainingEnded {
  runId: string
  status: 'done' | 'cancelled' | 'failed'
  metrics?: Metrics
  error?: SerErrorInfo
}

export interface TrainingEvents {
  'training.progress': [progress: TrainingProgress]
  'training.ended': [ended: TrainingEnded]
  /** Feature extraction and dataset assembly before the first epoch (jobId = runId) */
  'training.prepareProgress': [progress: JobProgress]
}

// ---------------------------------------------------------------------------------------------------------------
// The trainer child process (services/training/trainer-process.ts) and its parent speak these messages over
// process.send. The child never opens SQLite: the parent stores everything it reports.

/** Everything one fold needs; indices point into the dataset file's utterance list. */
export interface TrainJob {
  runId: string
  fold: number
  folds: number
  config: RunConfig
  /** dataset.bin / dataset.json written by the parent (dataset-file.ts) */
  datasetPath: string
  /** Where this fold keeps checkpoints and its final model */
  foldDir: string
  train: number[]
  dev: number[]
  test: number[]
  /** Continue from the last epoch checkpoint in foldDir, if there is one */
  resume: boolean
  /** Minimum milliseconds between progress messages (≈ 4 a second over all folds running at once) */
  progressIntervalMs: number
  /** Also report the dev utterances' predictions (fusion chooses its weight on them) */
  devPredictions?: boolean
}

export type ParentMessage = { kind: 'probe' } | { kind: 'train'; job: TrainJob } | { kind: 'cancel' }

/** Per-utterance test output: class probabilities of the category head, and of the auxiliary heads if any. */
export interface UtterancePrediction {
  /** Index into the dataset's utterance list */
  index: number
  probabilities: number[]
  activation?: number[]
  valence?: number[]
}

export type TrainerMessage =
  | { kind: 'backend'; backend: BackendInfo }
  | {
      kind: 'started'
      runId: string
      fold: number
      backend: BackendInfo
      /** Epochs already done (restored from a checkpoint), 0 for a fresh start */
      resumedFromEpoch: number
      /** The epochs the checkpoint holds, so the parent's history matches it after a crash */
      history: EpochRecord[]
      /** z-normalisation of each feature dimension, from this fold's training utterances */
      norm: { mean: number[]; std: number[] }
      counts: ClassCounts
      parameters: number
      convForm: 'conv' | 'matmul'
    }
  | ({ kind: 'progress' } & TrainingProgress)
  | { kind: 'epoch-saved'; runId: string; fold: number; epoch: number; checkpoint: string; record: EpochRecord }
  | {
      kind: 'ended'
      runId: string
      fold: number
      status: 'done' | 'cancelled' | 'failed'
      epochs: number
      bestEpoch: number | null
      predictions?: UtterancePrediction[]
      /** The dev utterances' predictions, when the job asked for them */
      devPredictions?: UtterancePrediction[]
      /** Final model folder (tfjs format), relative to foldDir */
      modelDir?: string
      error?: SerErrorInfo
    }
