import type { CategoryCode } from './categories'

/** Feature sets a model can be trained on (the paper's three). */
export const TRAIN_FEATURES = ['logmel', 'mfcc', 'egemaps'] as const
export type TrainFeatures = (typeof TRAIN_FEATURES)[number]

export const MODEL_KINDS = ['cnn', 'attentive-cnn'] as const
export type ModelKind = (typeof MODEL_KINDS)[number]

export type TaskKind = 'single' | 'multi'

/** Everything that determines a run; stored with it so a run can be reproduced and compared. */
export interface RunConfig {
  corpusId: string
  features: TrainFeatures
  model: ModelKind
  task: TaskKind
  /** Multi-task weights: J = (1 − α − β)·J_category + α·J_activation + β·J_valence */
  alpha: number
  beta: number
  /** The held-out session; null = every leave-one-session-out fold, metrics pooled */
  testSession: string | null
  /** Group sessions (or speakers) into K speaker-disjoint folds instead of one per session */
  folds: number | null
  classes: CategoryCode[]
  epochs: number
  batchSize: number
  learningRate: number
  seed: number
  /** Utterances are cut (first N seconds kept) or zero-padded to this length; the paper's 7.5 s */
  maxSeconds: number
  /** Convolution filter widths in frames, each with `filters` filters */
  filterWidths: number[]
  filters: number
  dropout: number
  /** Fraction of the training utterances held out as dev split (from training sessions only) */
  devFraction: number
  /** Stop when dev loss has not improved for this many epochs; 0 = off */
  earlyStoppingPatience: number
}

export interface ConfusionMatrix {
  labels: string[]
  /** matrix[true][predicted] counts */
  matrix: number[][]
}

export interface Metrics {
  /** Weighted accuracy: plain accuracy over utterances */
  wa: number
  /** Unweighted accuracy: mean of per-class recalls */
  ua: number
  perClassRecall: Record<string, number>
  confusion: ConfusionMatrix
}

export type RunStatus = 'queued' | 'running' | 'done' | 'cancelled' | 'failed'
