/**
 * A recipe's grid (docs/paper.md "Results to put beside ours"): experiment 1 crosses the three feature sets with single-
 * and multi-task training; experiment 2 trains one model on the first N seconds for each N. Every cell is a
 * `training.start` request: the recipe's shared `train` settings plus the cell's own features, task and length.
 * `configKey` is what makes a recipe resumable: two requests that resolve to the same RunConfig are the same cell,
 * whichever recipe asked for it. Pure.
 */
import type { StartRecipeRequest } from '../../../shared/api/recipes'
import type { StartTrainingRequest } from '../../../shared/api/training'
import { PAPER_EXPERIMENT1, PAPER_LENGTHS } from '../../../shared/domain/recipes'
import { RUN_DEFAULTS } from '../../../shared/domain/runs'
import type { RunConfig, TaskKind, TrainFeatures } from '../../../shared/domain/training'
import { TRAIN_FEATURES } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'

export interface GridCell {
  key: string
  features: TrainFeatures
  task: TaskKind
  maxSeconds: number
  /** Experiment 1: the paper's accuracy for this cell */
  paper: number | null
  request: StartTrainingRequest
}

const TASKS: TaskKind[] = ['single', 'multi']

/** "7.5s", "1s": the key and the label of a length */
export const lengthKey = (seconds: number) => `${seconds}s`

export function recipeGrid(req: StartRecipeRequest): GridCell[] {
  const train = req.train ?? {}
  const base = (features: TrainFeatures, task: TaskKind): StartTrainingRequest => ({
    ...train,
    corpusId: req.corpusId,
    features,
    task
  })
  if (req.kind === 'experiment1') {
    if (req.lengths)
      throw new SerError(
        'FIELD_INVALID',
        'lengths: only experiment 2 varies the signal length; experiment 1 takes train.maxSeconds',
        { field: 'lengths' }
      )
    const features = req.features ?? [...TRAIN_FEATURES]
    const tasks = req.tasks ?? TASKS
    const maxSeconds = train.maxSeconds ?? RUN_DEFAULTS.maxSeconds
    return unique(features).flatMap((f) =>
      unique(tasks).map((t) => ({
        key: `${f}/${t}`,
        features: f,
        task: t,
        maxSeconds,
        paper: PAPER_EXPERIMENT1[f][t],
        request: base(f, t)
      }))
    )
  }
  if (train.maxSeconds !== undefined) {
    throw new SerError('FIELD_INVALID', 'train.maxSeconds: experiment 2 sets the length of each cell from lengths', {
      field: 'train.maxSeconds'
    })
  }
  if ((req.features?.length ?? 0) > 1 || (req.tasks?.length ?? 0) > 1) {
    throw new SerError('FIELD_INVALID', 'features: experiment 2 trains one model; give one feature set and one task', {
      field: 'features'
    })
  }
  const features = req.features?.[0] ?? 'logmel'
  const task = req.tasks?.[0] ?? 'single'
  const lengths = unique(req.lengths ?? [...PAPER_LENGTHS]).sort((a, b) => a - b)
  return lengths.map((s) => ({
    key: lengthKey(s),
    features,
    task,
    maxSeconds: s,
    paper: null,
    request: { ...base(features, task), maxSeconds: s }
  }))
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)]
}

/** Stable JSON with sorted keys, so key order never makes two equal configs differ */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * What identifies a cell's result: every RunConfig field except parallelFolds, which changes how many folds train at
 * once but not what any fold computes (each fold is a pure function of its seed).
 */
export function configKey(config: RunConfig): string {
  const { parallelFolds: _ignored, ...rest } = config
  return stable(rest)
}
