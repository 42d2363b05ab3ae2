/**
 * What a recipe report is made from: the recipe's status (its cells, with the paper's numbers) and, per finished
 * cell, the stored run and its evaluation. Every figure in a report comes from here, so the report and the stored
 * runs cannot disagree. Also the names and number formats all report files share.
 */
import type { FoldPlanView, RunEvaluation } from '../../../shared/domain/evaluation'
import type { RecipeCell, RecipeStatus } from '../../../shared/domain/recipes'
import type { RunDetail } from '../../../shared/domain/runs'
import type { TaskKind, TrainFeatures } from '../../../shared/domain/training'

export interface ReportCell {
  cell: RecipeCell
  run: RunDetail | null
  evaluation: RunEvaluation | null
}

export interface RecipeReportData {
  recipe: RecipeStatus
  cells: ReportCell[]
  /** The fold plan of the first finished cell (every cell of a recipe plans its folds the same way) */
  plan: FoldPlanView | null
}

/** The paper's spelling of each feature set */
export const FEATURE_NAMES: Record<TrainFeatures, string> = { logmel: 'logMel', mfcc: 'MFCC', egemaps: 'eGeMAPS' }
export const TASK_NAMES: Record<TaskKind, string> = { single: 'single-task', multi: 'multi-task' }

/** A fraction as a percentage with two decimals, as the paper prints them; '–' where there is no figure */
export function pct(x: number | null | undefined): string {
  return typeof x === 'number' && Number.isFinite(x) ? (100 * x).toFixed(2) : '–'
}

/** A fraction as a percentage for CSV: a plain number (four decimals), empty where there is none */
export function csvPct(x: number | null | undefined): string {
  return typeof x === 'number' && Number.isFinite(x) ? (100 * x).toFixed(4) : ''
}

/** File-name part of a cell: "logmel-single", "7.5s" */
export function cellSlug(cell: RecipeCell): string {
  return cell.key.replace(/\//g, '-').replace(/[^A-Za-z0-9.-]/g, '_')
}

/** The protocol a report states: what the first finished cell's run was configured with. */
export function protocolLine(data: RecipeReportData): string {
  const run = data.cells.find((c) => c.run)?.run
  if (!run) return 'No cell has finished yet.'
  const c = run.config
  const folds = run.foldSummaries
  const held = folds.map((f) => f.testGroups.join('+')).join(', ')
  const unit = data.plan?.unit ?? 'session'
  const grouped = folds.some((f) => f.testGroups.length > 1)
  const scheme =
    c.testSession !== null
      ? `one held-out session (${c.testSession}), trained on the others`
      : `${grouped ? `${unit} groups in ${folds.length} speaker-disjoint folds` : `leave-one-${unit}-out, ${folds.length} folds`} (test ${unit}s: ${held})`
  const dev =
    c.devSplit === 'speaker'
      ? 'one training speaker'
      : `${Math.round(c.devFraction * 100)} % of the training utterances, stratified by class`
  const stop =
    c.earlyStoppingPatience > 0
      ? `, early stopping after ${c.earlyStoppingPatience} epochs without a lower dev loss`
      : ''
  return [
    `Corpus \`${c.corpusId}\`, classes ${c.classes.join(', ')}; ${scheme}.`,
    `Dev split: ${dev}, from the training sessions only${stop}${c.keepBest ? '; the best-on-dev epoch is kept' : ''}.`,
    `Model: ${c.model}, filter widths ${c.filterWidths.join('/')} × ${c.filters}, dropout ${c.dropout}, Adam ${c.learningRate}, batch ${c.batchSize}, at most ${c.epochs} epochs, seed ${c.seed}; multi-task α = ${c.alpha}, β = ${c.beta}; activation/valence bins low < ${c.binThresholds[0]} ≤ mid ≤ ${c.binThresholds[1]} < high.`,
    'WA = accuracy over all test utterances, UA = mean of per-class recalls; both pooled over the folds (predictions concatenated).'
  ].join('\n')
}
