import type { TaskKind, TrainFeatures } from './training'

/**
 * The paper's two experiments as recipes (docs/paper.md "Results to put beside ours"): a grid of training runs, each cell
 * one stored run, so a finished cell is never trained twice and a report can always be rebuilt from the runs.
 */
export const RECIPE_KINDS = ['experiment1', 'experiment2'] as const
export type RecipeKind = (typeof RECIPE_KINDS)[number]

/**
 * fact (docs/paper.md): Neumann & Vu 2017, IEMOCAP 4-class accuracy, single-task / multi-task, as fractions. The paper
 * says "accuracy"; reports put it beside our WA (plain accuracy) and show UA next to it.
 */
export const PAPER_EXPERIMENT1: Record<TrainFeatures, Record<TaskKind, number>> = {
  logmel: { single: 0.5601, multi: 0.5726 },
  mfcc: { single: 0.5607, multi: 0.5613 },
  egemaps: { single: 0.5571, multi: 0.5673 }
}

/** fact (docs/paper.md): experiment 2's signal lengths in seconds (the first N seconds of each utterance) */
export const PAPER_LENGTHS = [1, 1.5, 2, 3, 4, 5, 6, 7.5] as const

export type RecipeStatusKind = 'running' | 'done' | 'cancelled' | 'failed' | 'interrupted'

/** One cell of a recipe's grid: one training run (all its folds). */
export interface RecipeCell {
  /** Stable within the recipe, e.g. "logmel/single" or "3s" */
  key: string
  features: TrainFeatures
  task: TaskKind
  maxSeconds: number
  /** The stored run; null until the cell starts */
  runId: string | null
  status: 'pending' | 'running' | 'done' | 'failed' | 'cancelled'
  /** true when a stored run with the same config was found and nothing was trained */
  reused: boolean
  /** Pooled over the run's folds */
  wa: number | null
  ua: number | null
  /** Experiment 1: the paper's accuracy for this cell; null elsewhere */
  paper: number | null
  error: string | null
}

export interface RecipeStatus {
  recipeId: string
  kind: RecipeKind
  corpusId: string
  status: RecipeStatusKind
  createdAt: string
  endedAt: string | null
  cells: RecipeCell[]
  /** Progress over the whole grid, in fold-epochs */
  done: number
  total: number
  error: string | null
}

/** The files a report folder holds, relative to it. */
export interface ReportFile {
  path: string
  kind: 'markdown' | 'csv' | 'latex' | 'svg' | 'png' | 'json'
  /** What it shows, e.g. "confusion matrix, logmel/single" */
  title: string
}

export interface ReportFiles {
  /** Absolute path of the report folder */
  dir: string
  files: ReportFile[]
}
