import { z } from 'zod'
import type { CategoryCode } from '../domain/categories'
import type { Metrics } from '../domain/training'
import { CategorySchema, Id, LocalPath } from './common'

/**
 * Interop with other trainers (docs/interop.md): predictions of a model trained elsewhere imported as a run.
 */
export const ImportPredictionsRequest = z
  .object({
    /** The CSV file (id, fold, one probability column per class); with `text`, only its name (for messages) */
    file: LocalPath,
    /** The file's content, for a client that cannot hand over a path (the web UI's file picker) */
    text: z.string().max(256 * 1024 * 1024).optional(),
    /** What the run is called in lists and comparisons */
    name: z.string().trim().min(1).max(120),
    corpusId: Id.optional(),
    /** The run's classes (default: the corpus's standard set); the file's class columns must be these */
    classes: z.array(CategorySchema).min(2).max(13).optional()
  })
  .strict()
export type ImportPredictionsRequest = z.infer<typeof ImportPredictionsRequest>

export interface ImportPredictionsResult {
  runId: string
  name: string
  corpusId: string
  classes: CategoryCode[]
  folds: { fold: number; testGroups: string[]; test: number }[]
  predictions: number
  metrics: Metrics
}

export const interopRequests = {
  'runs.import': ImportPredictionsRequest
}

export interface InteropApi {
  /** Makes an ordinary done run from a predictions file; refuses (naming file, line, column) what does not fit */
  'runs.import': { req: ImportPredictionsRequest; res: ImportPredictionsResult }
}

export interface InteropEvents {}
