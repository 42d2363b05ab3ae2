/**
 * The launch form's values and how they become a training.start request. Only what the researcher changed from
 * RUN_DEFAULTS is sent, so the stored config shows the service's own defaults for the rest.
 */
import type { StartTrainingRequest } from '@shared/api/training'
import { RUN_DEFAULTS } from '@shared/domain/runs'
import type { DevSplit, ModelKind, TaskKind, TrainFeatures } from '@shared/domain/training'

export interface LaunchDraft {
  features: TrainFeatures
  model: ModelKind
  task: TaskKind
  alpha: number
  beta: number
  /** 'loso': every leave-one-session-out fold, metrics pooled (the paper's protocol); 'one': one test session */
  folds: 'loso' | 'one'
  testSession: string
  epochs: number
  seed: number
  maxSeconds: number
  batchSize: number
  learningRate: number
  filters: number
  /** Comma-separated frame widths, as typed */
  filterWidths: string
  dropout: number
  patience: number
  devSplit: DevSplit
}

export function defaultDraft(): LaunchDraft {
  const d = RUN_DEFAULTS
  return {
    features: d.features,
    model: d.model,
    task: d.task,
    alpha: d.alpha,
    beta: d.beta,
    folds: 'loso',
    testSession: '',
    epochs: d.epochs,
    seed: d.seed,
    maxSeconds: d.maxSeconds,
    batchSize: d.batchSize,
    learningRate: d.learningRate,
    filters: d.filters,
    filterWidths: d.filterWidths.join(', '),
    dropout: d.dropout,
    patience: d.earlyStoppingPatience,
    devSplit: d.devSplit
  }
}

/** "5, 10,20" → [5, 10, 20] (filter widths, signal lengths); a typo becomes NaN, which the service refuses by field */
export function parseNumberList(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((s) => s.length > 0)
    .map(Number)
}

export function toRequest(d: LaunchDraft, corpusId: string | null): StartTrainingRequest {
  const r: StartTrainingRequest = {}
  const base = defaultDraft()
  if (corpusId) r.corpusId = corpusId
  if (d.features !== base.features) r.features = d.features
  if (d.model !== base.model) r.model = d.model
  if (d.task !== base.task) r.task = d.task
  if (d.task === 'multi') {
    r.alpha = d.alpha
    r.beta = d.beta
  }
  r.testSession = d.folds === 'one' && d.testSession ? d.testSession : null
  if (d.epochs !== base.epochs) r.epochs = d.epochs
  if (d.seed !== base.seed) r.seed = d.seed
  if (d.maxSeconds !== base.maxSeconds) r.maxSeconds = d.maxSeconds
  if (d.batchSize !== base.batchSize) r.batchSize = d.batchSize
  if (d.learningRate !== base.learningRate) r.learningRate = d.learningRate
  if (d.filters !== base.filters) r.filters = d.filters
  if (d.filterWidths.trim() !== base.filterWidths) r.filterWidths = parseNumberList(d.filterWidths)
  if (d.dropout !== base.dropout) r.dropout = d.dropout
  if (d.patience !== base.patience) r.earlyStoppingPatience = d.patience
  if (d.devSplit !== base.devSplit) r.devSplit = d.devSplit
  return r
}
