import { z } from 'zod'
import type { CategoryCode } from '../domain/categories'
import type { Metrics } from '../domain/training'
import { DEV_SPLITS } from '../domain/training'
import type { JobProgress } from './common'
import { CategorySchema, Id, LocalPath, RunFeaturesSchema } from './common'

/**
 * Interop with other trainers (docs/interop.md): predictions of a model trained elsewhere imported as a run, and the
 * corpus with its features and fold plan exported for other trainers.
 */
export const ImportPredictionsRequest = z
  .object({
    /** The CSV file (id, fold, one probability column per class); with `text`, only its name (for messages) */
    file: LocalPath,
    /**
     * The file's content, for a client that cannot hand over a path (the web UI's file picker); below the web
     * mode's 64 MB request limit (docs/security.md), so a larger file is given by path
     */
    text: z
      .string()
      .max(48 * 1024 * 1024)
      .optional(),
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

export const EXPORT_FORMATS = ['kaldi', 'parquet'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export const ExportDatasetRequest = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    /** The folder to write (created if missing) */
    out: LocalPath,
    /** Default: the run's features, else logmel */
    features: RunFeaturesSchema.optional(),
    /** Export this run's utterances and exact fold plan; without it, the plan `ser train` would make from the options */
    runId: Id.optional(),
    corpusId: Id.optional(),
    classes: z.array(CategorySchema).min(2).max(13).optional(),
    testSession: z.string().min(1).max(64).nullable().optional(),
    folds: z.number().int().min(2).max(100).nullable().optional(),
    devFraction: z.number().min(0).max(0.9).optional(),
    devSplit: z.enum(DEV_SPLITS).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional()
  })
  .strict()
export type ExportDatasetRequest = z.infer<typeof ExportDatasetRequest>

export interface ExportDatasetResult {
  out: string
  format: ExportFormat
  features: string
  corpusId: string
  classes: CategoryCode[]
  utterances: number
  folds: number
  dims: number
  frameShiftSec: number
  /** Utterances left out because their features could not be computed (as training leaves them out) */
  skipped: { id: string; error: string }[]
  /** Every file written */
  files: string[]
}

export const ExportModelRequest = z.object({ runId: Id, out: LocalPath }).strict()
export type ExportModelRequest = z.infer<typeof ExportModelRequest>

export interface ExportModelResult {
  out: string
  runId: string
  /** The tfjs-layers version that wrote the model files (the tensorflowjs converter to use) */
  tfjsLayersVersion: string | null
  folds: {
    fold: number
    testGroups: string[]
    /** The neural model's tfjs files (null for a baseline run, which has none) */
    tfjs: string | null
    keras: string | null
    notConvertible?: string
    /** Baseline and fusion runs: the fold's linear model (`baseline.json`: classifier, weights, statistics) */
    baseline?: string
    /** Fusion runs: the CNN's weight w, p = w·p_CNN + (1 − w)·p_baseline (also in `fusion.json`) */
    fusionWeight?: number
    /**
     * The fold's further tfjs models (further seeds, extra views), each with the input it reads: the fold's neural
     * prediction is the mean over each view of its seeds' mean (`tfjs` is the first view's first seed)
     */
    members?: { tfjs: string; features: string; seed: number }[]
  }[]
  /** The converter command for the first fold, when its model has a Keras built-in form */
  converter: string | null
  files: string[]
}

export const interopRequests = {
  'runs.import': ImportPredictionsRequest,
  'interop.exportDataset': ExportDatasetRequest,
  'interop.exportModel': ExportModelRequest
}

export interface InteropApi {
  /** Makes an ordinary done run from a predictions file; refuses (naming file, line, column) what does not fit */
  'runs.import': { req: ImportPredictionsRequest; res: ImportPredictionsResult }
  /** Resolves when every file is written; progress as `interop.exportProgress` (jobId `export:<out>`) */
  'interop.exportDataset': { req: ExportDatasetRequest; res: ExportDatasetResult }
  /** A run's fold models: tfjs files with normalisation and classes, and a Keras-built-ins form where one exists */
  'interop.exportModel': { req: ExportModelRequest; res: ExportModelResult }
}

export interface InteropEvents {
  'interop.exportProgress': [progress: JobProgress]
}
