/**
 * Label rows as both index engines store them, turned into domain values: each annotator's current labels of an
 * utterance, and a history event. One mapping for the SQLite label store and the PostgreSQL team store.
 */
import type { CategoryCode } from '../../../shared/domain/categories'
import type { AnnotatorKind, AnnotatorLabels, LabelEdit, LabelField } from '../../../shared/domain/labels'

export interface CurrentRow {
  annotator: string
  kind: AnnotatorKind
  field: LabelField
  value: string
}

/** Each annotator's current values of one utterance from its `labels` rows (label-store.ts reads SQLite's so; the PostgreSQL store its own) */
export function currentFromRows(rows: CurrentRow[]): AnnotatorLabels[] {
  const byAnnotator = new Map<string, AnnotatorLabels>()
  for (const r of rows) {
    let a = byAnnotator.get(r.annotator)
    if (!a) {
      a = {
        annotator: r.annotator,
        kind: r.kind,
        category: null,
        valence: null,
        arousal: null,
        dominance: null,
        flag: false
      }
      byAnnotator.set(r.annotator, a)
    }
    if (r.field === 'category') a.category = r.value as CategoryCode
    else if (r.field === 'flag') a.flag = r.value === '1'
    else a[r.field] = Number(r.value)
  }
  return [...byAnnotator.values()]
}

/** A `label_events` row as both engines store it (snake_case columns) */
export interface EventRow {
  seq: number
  utterance_id: string
  annotator_id: string
  field: LabelField
  old_value: string | null
  new_value: string | null
  at: string
  source: LabelEdit['source']
}

export function toEdit(r: EventRow): LabelEdit {
  return {
    seq: r.seq,
    utteranceId: r.utterance_id,
    annotator: r.annotator_id,
    field: r.field,
    oldValue: r.old_value,
    newValue: r.new_value,
    at: r.at,
    source: r.source
  }
}
