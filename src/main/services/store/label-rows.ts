import type { CategoryCode } from '../../../shared/domain/categories'
import type { AnnotatorKind, AnnotatorLabels, LabelField } from '../../../shared/domain/labels'

export interface CurrentRow {
  annotator: string
  kind: AnnotatorKind
  field: LabelField
  value: string
}

/** Each annotator's current values of one utterance from its `labels` rows (as label-store.ts `current` reads them) */
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
