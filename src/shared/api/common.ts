import { z } from 'zod'
import { CATEGORY_CODES } from '../domain/categories'
import type { EncoderFeatures } from '../domain/encoders'
import { SCALE_MAX, SCALE_MIN } from '../domain/labels'
import { TRAIN_FEATURES } from '../domain/training'

/** Shared field schemas: one definition, so every request names and bounds a field the same way. */
/** The longest id (utterance, dialog, corpus …) any request may name; importers refuse longer ones (docs/audio.md) */
export const ID_MAX_LENGTH = 512
export const Id = z.string().min(1).max(ID_MAX_LENGTH)
export const CategorySchema = z.enum(CATEGORY_CODES)
export const ScaleValue = z.number().min(SCALE_MIN).max(SCALE_MAX)
/** A person's name as annotator; `:` is reserved for corpus raters (`IEMOCAP:E2`) */
export const AnnotatorName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^:]+$/, 'must not contain ":" (reserved for corpus raters)')
/** A local file-system path given by the user (import source, export target); never a path inside a request for media */
export const LocalPath = z.string().min(1).max(4096)
export const Empty = z.object({}).strict()
/** A feature set by name: one of the paper's, or `encoder:PATH.onnx` with options after `#` (docs/encoders.md) */
export const RunFeaturesSchema = z.union([
  z.enum(TRAIN_FEATURES),
  z
    .string()
    .max(4096)
    .regex(/^encoder:[^#]+/, 'expected logmel, mfcc, egemaps or encoder:PATH.onnx')
    .transform((s) => s as EncoderFeatures)
])

/** Progress of any long job, as every transport shows it (CLI bar, UI bar). */
export interface JobProgress {
  jobId: string
  done: number
  total: number
  /** What is being worked on now, e.g. a file or a fold */
  item?: string
}
