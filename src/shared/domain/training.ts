import type { CategoryCode } from './categories'
import type { EncoderFeatures } from './encoders'

/** Feature sets a model can be trained on (the paper's three). */
export const TRAIN_FEATURES = ['logmel', 'mfcc', 'egemaps'] as const
export type TrainFeatures = (typeof TRAIN_FEATURES)[number]
/** What a run trains on: one of the paper's feature sets, or a pretrained encoder's frames (docs/encoders.md) */
export type RunFeatures = TrainFeatures | EncoderFeatures

/**
 * 'baseline': eGeMAPS functionals → z-normalisation → a linear classifier (`classifier`); 'fusion': the CNN's and
 * the baseline's class probabilities averaged with a weight chosen on the dev split (docs/training.md)
 */
export const MODEL_KINDS = ['cnn', 'attentive-cnn', 'baseline', 'fusion'] as const
export type ModelKind = (typeof MODEL_KINDS)[number]

/** The baseline's linear classifier: multinomial logistic regression or a one-vs-rest linear SVM (squared hinge) */
export const CLASSIFIERS = ['lr', 'svm'] as const
export type Classifier = (typeof CLASSIFIERS)[number]

/** Named sets of defaults (shared/domain/presets.ts): 'paper' reproduces Neumann & Vu; 'workbench' is measured best */
export const PRESETS = ['paper', 'workbench'] as const
export type Preset = (typeof PRESETS)[number]

export type TaskKind = 'single' | 'multi'

/** tfjs backends the trainer can run on, fastest first; 'auto' takes the first one present (docs/training.md). */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const
export type BackendName = (typeof BACKEND_NAMES)[number]
export type BackendPreference = 'auto' | BackendName

/**
 * How the time convolution is computed: 'conv' is tfjs's conv1d (needs Conv2DBackpropFilter to train, which the WASM
 * backend lacks); 'matmul' is the same arithmetic as im2col + one matMul with a sparse max-pool gradient; 'auto'
 * picks 'conv' where the backend can train it and 'matmul' elsewhere. Both have the same weights.
 */
export const CONV_FORMS = ['auto', 'conv', 'matmul'] as const
export type ConvForm = (typeof CONV_FORMS)[number]

/** Where the dev split for early stopping comes from (always the training sessions, never the test fold). */
export const DEV_SPLITS = ['utterances', 'speaker'] as const
export type DevSplit = (typeof DEV_SPLITS)[number]

export const NORMALISATIONS = ['fold', 'speaker'] as const
export type Normalisation = (typeof NORMALISATIONS)[number]

/** Loss weighting by class: 'inverse' weighs each training utterance by N / (C · n_class) of its fold */
export const CLASS_WEIGHTINGS = ['none', 'inverse'] as const
export type ClassWeighting = (typeof CLASS_WEIGHTINGS)[number]

/** Learning-rate schedule: 'plateau' multiplies it by PLATEAU.factor after PLATEAU.patience epochs without a lower dev loss */
export const LR_SCHEDULES = ['constant', 'plateau'] as const
export type LrSchedule = (typeof LR_SCHEDULES)[number]

/** Everything that determines a run; stored with it so a run can be reproduced and compared. */
export interface RunConfig {
  corpusId: string
  features: RunFeatures
  model: ModelKind
  /** The preset whose values the run started from (shared/domain/presets.ts); null = none (every option explicit) */
  preset: Preset | null
  /** Baseline and fusion: the linear classifier on the eGeMAPS functionals */
  classifier: Classifier
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
  /** 'utterances': a stratified random devFraction of the training utterances; 'speaker': one training speaker */
  devSplit: DevSplit
  /** 'fold': z-normalised with the fold's training statistics; 'speaker': each speaker by its own statistics (no labels used) */
  normalisation: Normalisation
  /** 'inverse': each class's loss weighted by N / (C · n_class) over the fold's training utterances */
  classWeighting: ClassWeighting
  /** Each epoch draws every class equally often (smaller classes repeated, seeded) */
  balancedBatches: boolean
  /** Speed perturbation of the training fold (Kaldi-style, through the resampler); [1] = off */
  speedFactors: number[]
  /** SpecAugment-style time and frequency masks on training batches (seeded) */
  specAugment: boolean
  /** Training utterances longer than maxSeconds: a random maxSeconds window each epoch instead of the first */
  randomCrop: boolean
  /** Additive noise on training batches at an SNR drawn from [lo, hi] dB (log-Mel only); null = off */
  noiseSnrDb: [number, number] | null
  lrSchedule: LrSchedule
  /** The final model's weights are the mean of the best N epochs' (by dev loss); 1 = the best epoch's alone */
  averageCheckpoints: number
  /** Models trained per fold with seeds seed, seed+1, …; their test probabilities are averaged */
  ensembleSeeds: number
  /**
   * More views of each utterance: one CNN per listed input, trained on the same folds with the same options, and
   * averaged with the CNN on `features` (each view equally, whatever its seed count). [] = one view.
   */
  extraFeatures: RunFeatures[]
  /**
   * Fusion: the CNN's weight w in p = w·p_CNN + (1 − w)·p_baseline; null = chosen per fold on the dev split
   * (docs/training.md "Baseline and fusion": on a small corpus a plain average, 0.5, measured better)
   */
  fusionWeight: number | null
  /** Keep the weights of the epoch with the lowest dev loss as the run's model (else the last epoch's) */
  keepBest: boolean
  /** Activation/valence bins of the auxiliary heads: low < t0 ≤ mid ≤ t1 < high */
  binThresholds: [number, number]
  /** Attentive CNN: max-pooling window in frames; the attention weighs the pooled windows */
  poolFrames: number
  convForm: ConvForm
  backend: BackendPreference
  /** Folds trained at once, one child process each; 0 = as many as cores on WASM/CPU, 1 on tfjs-node */
  parallelFolds: number
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

/** 'interrupted': stored as running, but the process that ran it is gone (killed); resumable like cancelled */
export type RunStatus = 'queued' | 'running' | 'done' | 'cancelled' | 'failed' | 'interrupted'
