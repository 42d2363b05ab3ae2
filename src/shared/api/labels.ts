import { z } from 'zod'
import type { Annotator, LabelEdit } from '../domain/labels'
import type { JobProgress } from './common'
import { AnnotatorName, CategorySchema, Empty, Id, ScaleValue } from './common'

export const SetLabelRequest = z
  .object({
    utteranceId: Id,
    annotator: AnnotatorName,
    /** null clears the field (undo of a first edit) */
    category: CategorySchema.nullable().optional(),
    valence: ScaleValue.nullable().optional(),
    arousal: ScaleValue.nullable().optional(),
    dominance: ScaleValue.nullable().optional(),
    flag: z.boolean().optional()
  })
  .strict()
  .refine(
    (r) =>
      r.category !== undefined ||
      r.valence !== undefined ||
      r.arousal !== undefined ||
      r.dominance !== undefined ||
      r.flag !== undefined,
    { message: 'give at least one of category, valence, arousal, dominance, flag', path: ['category'] }
  )
export type SetLabelRequest = z.infer<typeof SetLabelRequest>

export const AGREEMENT_FIELDS = ['category', 'valence', 'arousal', 'dominance'] as const
export type AgreementField = (typeof AGREEMENT_FIELDS)[number]

export const AgreementRequest = z
  .object({
    field: z.enum(AGREEMENT_FIELDS).default('category'),
    corpusId: Id.optional(),
    session: z.string().min(1).max(64).optional(),
    /** Restrict to these annotators; default: every evaluator and person (not reference labels or models) */
    annotators: z.array(Id).min(2).max(100).optional()
  })
  .strict()

export interface PairwiseAgreement {
  a: string
  b: string
  /** Items both labelled */
  items: number
  /** Fraction of those with the same value */
  observed: number
  cohenKappa: number | null
  /** Value labels (categories, or 1..5) and counts[a-value][b-value] */
  labels: string[]
  counts: number[][]
}

export interface AgreementReport {
  field: AgreementField
  /** Items with at least two labels */
  items: number
  annotators: number
  fleissKappa: number | null
  krippendorffAlpha: number | null
  /** `nominal` for category, `interval` for the scales (ordinal alpha is also given for the scales) */
  metric: 'nominal' | 'interval'
  krippendorffAlphaOrdinal: number | null
  perSession: { session: string; items: number; fleissKappa: number | null; krippendorffAlpha: number | null }[]
  pairwise: PairwiseAgreement[]
}

export const EXPORT_FORMATS = ['csv', 'json', 'textgrid', 'eaf'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export const ExportRequest = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    corpusId: Id.optional(),
    /** textgrid/eaf are per dialog (or per utterance where there are no dialogs) */
    dialog: Id.optional(),
    utteranceId: Id.optional()
  })
  .strict()

export interface ExportedFile {
  filename: string
  mimeType: string
  content: string
}

export const ImportLabelsRequest = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    filename: z.string().min(1).max(512),
    content: z.string().max(50_000_000)
  })
  .strict()

export interface ImportLabelsSummary {
  edits: number
  annotators: string[]
  errors: { line?: number; field?: string; error: string }[]
}

export const labelsRequests = {
  'labels.set': SetLabelRequest,
  'labels.history': z.object({ utteranceId: Id }).strict(),
  'labels.annotators': Empty,
  'labels.agreement': AgreementRequest,
  'labels.export': ExportRequest,
  'labels.import': ImportLabelsRequest
}

export interface LabelsApi {
  'labels.set': { req: SetLabelRequest; res: LabelEdit[] }
  'labels.history': { req: { utteranceId: string }; res: LabelEdit[] }
  'labels.annotators': { req: z.infer<typeof Empty>; res: Annotator[] }
  'labels.agreement': { req: z.input<typeof AgreementRequest>; res: AgreementReport }
  'labels.export': { req: z.infer<typeof ExportRequest>; res: ExportedFile }
  'labels.import': { req: z.infer<typeof ImportLabelsRequest>; res: ImportLabelsSummary }
}

export interface LabelsEvents {
  'labels.changed': [edits: LabelEdit[]]
  /** A label file being read (labels.import): done/total in bytes (CSV) or rows */
  'labels.importProgress': [progress: JobProgress]
}
