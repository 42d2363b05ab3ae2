import type { Metrics } from './training'

/**
 * What the evaluation area reports about a run: its fold plan, metrics per head (per fold and pooled), held-out
 * scores of a saved model, and the "second look" list. Numbers are fractions in 0…1; a class that no test utterance
 * has is NaN in memory and null in JSON (see services/metrics/class-metrics.ts).
 */

/** The heads a run can have: the category softmax, and the activation and valence heads of a multi-task run. */
export const HEADS = ['category', 'activation', 'valence'] as const
export type Head = (typeof HEADS)[number]

/** The auxiliary heads' classes: the 1–5 ratings binned low < t0 ≤ mid ≤ t1 < high */
export const BINS = ['low', 'mid', 'high'] as const

/** Metrics plus precision, F1 and support per class; `perClassRecall`/`confusion` as in ser train's `metrics`. */
export interface DetailedMetrics extends Metrics {
  perClassPrecision: Record<string, number>
  perClassF1: Record<string, number>
  /** Test utterances per true class */
  support: Record<string, number>
  /** Utterances scored (those without a target for this head are left out) */
  items: number
  /** Macro F1 over the classes with support */
  macroF1: number
}

export interface FoldMetrics {
  fold: number
  testGroups: string[]
  metrics: DetailedMetrics
}

export interface HeadEvaluation {
  head: Head
  /** Every fold's predictions concatenated, then scored (not the mean of the folds) */
  pooled: DetailedMetrics
  folds: FoldMetrics[]
}

/** evaluation.metrics: the category head always; activation and valence when the run was multi-task. */
export interface RunEvaluation {
  runId: string
  category: HeadEvaluation
  activation: HeadEvaluation | null
  valence: HeadEvaluation | null
  /** Mean and standard deviation of the per-fold WA and UA (the spread the pooled figure hides) */
  foldSpread: { waMean: number; waStd: number; uaMean: number; uaStd: number }
}

/** One fold of a run's plan: who is in which split, so a reader can check that no test speaker trains. */
export interface FoldPlanEntry {
  fold: number
  /** Sessions (or speakers) held out for testing */
  testGroups: string[]
  trainGroups: string[]
  train: number
  dev: number
  test: number
  trainSpeakers: string[]
  devSpeakers: string[]
  testSpeakers: string[]
}

/** evaluation.folds: the fold plan stored with a run. */
export interface FoldPlanView {
  runId: string
  /** What a fold holds out: a session (leave-one-session-out) or speakers (corpora without sessions) */
  unit: 'session' | 'speaker'
  /** How the dev split was taken (always from the training groups) */
  devSplit: 'utterances' | 'speaker'
  devFraction: number
  folds: FoldPlanEntry[]
}

/** evaluation.score: a saved model scored on a session it never saw. */
export interface HeldOutScore {
  runId: string
  corpusId: string
  session: string
  /** The fold whose model was used: the one that did not train or select epochs on the session */
  fold: number
  backend: string
  utterances: number
  /** Utterances of the session left out (not in the run's classes, or no features) */
  skipped: number
  metrics: DetailedMetrics
  activation: DetailedMetrics | null
  valence: DetailedMetrics | null
  /** Fusion runs: the CNN's weight w the fold fused with (p = w·p_CNN + (1 − w)·p_baseline) */
  fusionWeight?: number
}

/** Why an utterance is on the second-look list. */
export type SecondLookKind = 'confident-disagreement' | 'sides-with-minority'

/** evaluation.secondLook: one utterance the model disagrees about, with the reason in words. */
export interface SecondLookItem {
  id: string
  /** The current consensus label, mapped onto the run's classes */
  label: string
  predicted: string
  /** The model's probability of its prediction */
  confidence: number
  reason: string
  kind: SecondLookKind
  /** Ranking key: p(predicted) − p(label) */
  margin: number
  /** The fold that tested it (its model never trained on it) */
  fold: number
  /** Each evaluator's category, mapped onto the run's classes (null: outside them) */
  evaluators: { annotator: string; category: string | null }[]
}

/** The eGeMAPS baseline's result on one fold plan (evaluation.baselineComparison). */
export interface BaselineResult {
  classifier: 'lr' | 'svm'
  normalisation: 'fold' | 'speaker'
  /** Pooled over the folds, as a run's metrics are */
  wa: number
  ua: number
  folds: { fold: number; wa: number; ua: number; c: number }[]
  /** Test utterances scored */
  utterances: number
}

/**
 * A run beside the eGeMAPS baseline on the same corpus, fold plan and class set: "+4.1 UA over the eGeMAPS
 * baseline". The baseline is computed once per (utterances and labels, fold plan, classes) and cached.
 */
export interface BaselineComparison {
  runId: string
  baseline: BaselineResult
  /** The run's pooled metrics; null while it has none */
  run: { wa: number; ua: number } | null
  /** Run − baseline, in percentage points; null while the run has no metrics */
  deltaUa: number | null
  deltaWa: number | null
  /** 'cache': stored before; 'run': the run is that baseline itself; 'computed': fitted now */
  source: 'cache' | 'run' | 'computed'
}
