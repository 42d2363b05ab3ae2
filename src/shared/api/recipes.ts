import { z } from 'zod'
import type { ReportFiles, RecipeCell, RecipeKind, RecipeStatus, RecipeStatusKind } from '../domain/recipes'
import { RECIPE_KINDS } from '../domain/recipes'
import { TRAIN_FEATURES } from '../domain/training'
import type { SerErrorInfo } from '../errors'
import type { JobProgress } from './common'
import { Id, LocalPath } from './common'
import { StartTrainingRequest } from './training'

/**
 * Recipes: the paper's experiments as grids of training runs (shared/domain/recipes.ts). Experiment 1 crosses
 * `features` × `tasks`; experiment 2 trains one model (`features[0]`, `tasks[0]`) at each of `lengths` seconds.
 * `train` carries the `ser train` settings every cell shares (test session, folds, epochs, seed, classes …); the
 * grid's own fields (features, task, corpus, and for experiment 2 maxSeconds) are the recipe's.
 */
export const RecipeTrainSettings = StartTrainingRequest.omit({ corpusId: true, features: true, task: true })

export const StartRecipeRequest = z
  .object({
    kind: z.enum(RECIPE_KINDS),
    corpusId: Id.optional(),
    /** Default: experiment 1 all three; experiment 2 logmel */
    features: z.array(z.enum(TRAIN_FEATURES)).min(1).max(3).optional(),
    /** Default: experiment 1 single and multi; experiment 2 single */
    tasks: z
      .array(z.enum(['single', 'multi']))
      .min(1)
      .max(2)
      .optional(),
    /** Experiment 2 only: seconds kept from the start of each utterance (default the paper's 1 … 7.5) */
    lengths: z.array(z.number().gt(0).max(600)).min(1).max(64).optional(),
    train: RecipeTrainSettings.optional()
  })
  .strict()
export type StartRecipeRequest = z.infer<typeof StartRecipeRequest>

export const RecipeRequest = z.object({ recipeId: Id }).strict()

export const ExportRecipeRequest = z
  .object({
    recipeId: Id,
    /** The report folder; created when missing, files in it replaced */
    out: LocalPath
  })
  .strict()
export type ExportRecipeRequest = z.infer<typeof ExportRecipeRequest>

export const recipesRequests = {
  'recipes.start': StartRecipeRequest,
  'recipes.cancel': RecipeRequest,
  'recipes.status': RecipeRequest,
  'recipes.list': z.object({ corpusId: Id.optional() }).strict(),
  'recipes.export': ExportRecipeRequest
}

export interface RecipesApi {
  /**
   * Plans the grid and starts it; returns at once (follow it with recipes.progress / recipes.ended). Cells whose
   * config matches a finished run are reused; an unfinished run with the same config is resumed.
   */
  'recipes.start': { req: StartRecipeRequest; res: { recipeId: string } }
  /** Cancels the cell training now (resumable) and the cells after it */
  'recipes.cancel': { req: { recipeId: string }; res: { cancelled: boolean } }
  'recipes.status': { req: { recipeId: string }; res: RecipeStatus }
  'recipes.list': { req: { corpusId?: string }; res: RecipeStatus[] }
  /** Writes the report folder (Markdown, CSV, LaTeX, SVG, PNG, JSON) from the recipe's stored runs */
  'recipes.export': { req: ExportRecipeRequest; res: ReportFiles }
}

/** Progress over the whole grid (jobId = recipeId, units = fold-epochs); `cell` is set when a cell has just ended. */
export interface RecipeProgress extends JobProgress {
  recipeId: string
  kind: RecipeKind
  cell?: RecipeCell
}

export interface RecipeEnded {
  recipeId: string
  status: Exclude<RecipeStatusKind, 'running' | 'interrupted'>
  error?: SerErrorInfo
}

export interface RecipesEvents {
  'recipes.progress': [progress: RecipeProgress]
  'recipes.ended': [ended: RecipeEnded]
}
