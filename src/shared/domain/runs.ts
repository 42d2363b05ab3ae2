import type { BackendName, ConvForm, Metrics, RunConfig, RunStatus } from './training'

/**
 * Defaults of every RunConfig field, each with the reason it has that value. docs/paper.md marks what Neumann & Vu fix
 * (fact) and what they leave open (choice); docs/training.md repeats this table.
 */
export const RUN_DEFAULTS: Omit<RunConfig, 'corpusId' | 'classes'> = {
  /** fact: logMel is one of the paper's three inputs, and the one the talk starts from */
  features: 'logmel',
  model: 'cnn',
  /** RUN_DEFAULTS are the 'paper' preset (shared/domain/presets.ts) */
  preset: 'paper',
  /** choice: the baseline's classifier; multinomial logistic regression is the classic eGeMAPS baseline */
  classifier: 'lr',
  task: 'single',
  /** choice: docs/paper.md suggests small auxiliary weights; experiment 1's recipe sweeps them */
  alpha: 0.1,
  beta: 0.1,
  /** fact: leave-one-session-out over all sessions when no test session is named */
  testSession: null,
  folds: null,
  /** choice: with early stopping on, 30 is a ceiling the demo corpus and IEMOCAP both stop well before */
  epochs: 30,
  /** choice: docs/paper.md's range is 32–64; 32 keeps the WASM step short enough for four progress points a second */
  batchSize: 32,
  /** choice: Adam's own default step, the usual start for a one-layer CNN */
  learningRate: 0.001,
  seed: 1,
  /** fact: 7.5 s = the IEMOCAP mean duration + one standard deviation */
  maxSeconds: 7.5,
  /** choice: 50, 100 and 200 ms windows — a few phones, a syllable, a word (10 ms frames) */
  filterWidths: [5, 10, 20],
  /** choice: "on the order of 100 filters each" (docs/paper.md) */
  filters: 100,
  /** choice: 0.5 before the softmax, as docs/paper.md suggests */
  dropout: 0.5,
  /** choice: the SUPERB convention, 20 % of the training utterances, stratified by class */
  devFraction: 0.2,
  /** choice: stop after 5 epochs without a lower dev loss */
  earlyStoppingPatience: 5,
  devSplit: 'utterances',
  /** choice (paper.md): the fold's training statistics; baseline and fusion runs default to 'speaker' (run-config.ts) */
  normalisation: 'fold',
  /** The options below are off by default: the paper trains on plain cross-entropy, unaugmented, at one rate */
  classWeighting: 'none',
  balancedBatches: false,
  speedFactors: [1],
  specAugment: false,
  randomCrop: false,
  noiseSnrDb: null,
  lrSchedule: 'constant',
  averageCheckpoints: 1,
  ensembleSeeds: 1,
  extraFeatures: [],
  fusionWeight: null,
  keepBest: true,
  /** choice (docs/paper.md): low < 2.5 ≤ mid ≤ 3.5 < high on the 1–5 rating averages */
  binThresholds: [2.5, 3.5],
  /** choice: 300 ms windows for the attentive CNN, 25 positions for the attention over 7.5 s */
  poolFrames: 30,
  convForm: 'auto',
  backend: 'auto',
  parallelFolds: 0
}

/** Why a backend was or was not used, one line each, fastest first. */
export interface BackendCandidate {
  name: BackendName
  /** The package that provides it */
  module: string
  available: boolean
  /** e.g. "not installed", "libtensorflow failed to load: …", "SIMD on, threads off" */
  reason: string
}

export interface BackendInfo {
  /** The backend the trainer runs on */
  name: BackendName
  candidates: BackendCandidate[]
  /** The convolution form 'auto' resolves to on this backend */
  convForm: Exclude<ConvForm, 'auto'>
}

/** One line for logs: "wasm (tensorflow-gpu: not installed; tensorflow: not installed)". */
export function describeBackend(b: BackendInfo): string {
  const faster = b.candidates.slice(
    0,
    b.candidates.findIndex((c) => c.name === b.name)
  )
  const own = b.candidates.find((c) => c.name === b.name)
  const why = faster.map((c) => `${c.name}: ${c.reason}`)
  return `${b.name}${own?.reason ? ` [${own.reason}]` : ''}${why.length ? ` (${why.join('; ')})` : ''}`
}

/** A training curve point: the running means of the current epoch so far (progress event and stored curve). */
export interface CurvePoint {
  fold: number
  epoch: number
  batch: number
  loss: number
  acc: number
  /** ms since 1970 */
  at: number
}

/** The end of an epoch: train means over the whole epoch, dev loss/accuracy, and what it cost. */
export interface EpochRecord {
  fold: number
  epoch: number
  loss: number
  acc: number
  valLoss: number | null
  valAcc: number | null
  lr: number
  seconds: number
}

/** Auxiliary-target bins (low/mid/high) and class counts, reported with every run. */
export interface ClassCounts {
  category: Record<string, number>
  activation: Record<string, number>
  valence: Record<string, number>
}

export interface FoldSummary {
  fold: number
  /** Sessions (or speakers) held out for testing */
  testGroups: string[]
  status: RunStatus
  trainUtterances: number
  devUtterances: number
  testUtterances: number
  epochs: number
  bestEpoch: number | null
  metrics: Metrics | null
  /** The fold's saved model (tfjs format), relative to the run folder */
  modelDir: string | null
  error: string | null
  /** Baseline and fusion folds: the C chosen on dev, classifier, normalisation, fusion's CNN weight; else null */
  modelInfo?: Record<string, unknown> | null
}

/** What the corpus looked like when the run started: enough to notice that it changed since. */
export interface CorpusSnapshot {
  corpusId: string
  utterances: number
  /** sha256 of (id, session, speaker, label, bins) of every utterance used, in order */
  hash: string
  classCounts: ClassCounts
  frameShiftSec: number
  dims: number
  featureNames: string[]
}

/** Where a run came from when it was not trained here: predictions imported from a model trained elsewhere */
export interface RunSource {
  kind: 'imported'
  /** The name given on import (`ser import-predictions --name`) */
  name: string
  /** The predictions file it was read from */
  file: string
  importedAt: string
}

export interface RunSummary {
  id: string
  corpusId: string
  config: RunConfig
  backend: BackendInfo | null
  status: RunStatus
  createdAt: string
  startedAt: string | null
  endedAt: string | null
  /** Wall-clock seconds spent training, over every session of the run (resumes included) */
  seconds: number
  /** Pooled over the folds that finished */
  metrics: Metrics | null
  trainUtterances: number
  testUtterances: number
  /** Largest number of epochs any fold trained */
  epochs: number
  folds: number
  error: string | null
  /** Present on runs not trained here (docs/interop.md); absent on the workbench's own runs */
  source?: RunSource
  /** What the researcher named the run, and a note on it (runs.annotate); absent until set */
  name?: string
  note?: string
}

export interface RunDetail extends RunSummary {
  snapshot: CorpusSnapshot | null
  foldSummaries: FoldSummary[]
  epochHistory: EpochRecord[]
  /** The stored progress points (about four a second while training), so a reattached view can redraw the curve */
  curve: CurvePoint[]
  /** Absolute folder holding the run's models and checkpoints */
  dir: string
}
