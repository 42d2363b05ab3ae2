import type { CategoryCode } from './categories'

/** The label fields an annotator can set; `flag` marks an utterance for a second look. */
export const LABEL_FIELDS = ['category', 'valence', 'arousal', 'dominance', 'flag'] as const
export type LabelField = (typeof LABEL_FIELDS)[number]
export const SCALE_FIELDS = ['valence', 'arousal', 'dominance'] as const
export type ScaleField = (typeof SCALE_FIELDS)[number]

/** IEMOCAP's evaluators rated valence, activation and dominance on 1–5; averages may be fractional. */
export const SCALE_MIN = 1
export const SCALE_MAX = 5

/**
 * Who gave a label. `reference`: the corpus's own published label (IEMOCAP's summary line, a file-name code,
 * a manifest row). `evaluator`: one of the corpus's raters (IEMOCAP E1…E6). `self`: an actor rating their own turn
 * (IEMOCAP F1/M1). `human`: a person labelling in the workbench. `model`: a trained run's prediction.
 */
export type AnnotatorKind = 'reference' | 'evaluator' | 'self' | 'human' | 'model'

export interface Annotator {
  /** Unique name; corpus raters are namespaced by corpus (e.g. `IEMOCAP:E2`) */
  id: string
  kind: AnnotatorKind
  /** Labels currently held by this annotator */
  labels: number
}

/** One stored edit: the append-only history from which every current label is derived. */
export interface LabelEdit {
  seq: number
  utteranceId: string
  annotator: string
  field: LabelField
  /** Category code, a 1–5 number as text, or '1'/'0' for flag; null clears the field */
  oldValue: string | null
  newValue: string | null
  /** ISO 8601, UTC */
  at: string
  source: 'import' | 'edit' | 'file'
}

/** One annotator's current values for one utterance. */
export interface AnnotatorLabels {
  annotator: string
  kind: AnnotatorKind
  category: CategoryCode | null
  valence: number | null
  arousal: number | null
  dominance: number | null
  flag: boolean
}
