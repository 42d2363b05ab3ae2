import type { AgreementField } from '../../../shared/api/labels'
import type { TaskAgreement } from '../../../shared/api/team'
import type { RatingTable } from '../labels/agreement'
import { fleissKappa, krippendorffAlpha } from '../labels/agreement'
import type { Store } from '../store/store'

/**
 * Live agreement of a task: units its utterances, raters its pool (the people asked to label it), with the same
 * maths as the corpus-wide agreement (labels/agreement.ts): Fleiss' kappa, and Krippendorff's alpha (nominal for the
 * category, interval for the scales).
 */
export async function taskAgreement(store: Store, taskId: number, field: AgreementField): Promise<TaskAgreement> {
  const task = await store.task(taskId)
  const pool = new Set(task.pool)
  const ratings = (await store.ratings(field, await store.taskItems(taskId))).filter((r) => pool.has(r.annotator))
  const raters = [...new Set(ratings.map((r) => r.annotator))].sort()
  const col = new Map(raters.map((r, i) => [r, i]))
  const rows = new Map<string, (string | null)[]>()
  for (const r of ratings) {
    let row = rows.get(r.utteranceId)
    if (!row) rows.set(r.utteranceId, (row = raters.map(() => null)))
    row[col.get(r.annotator)!] = r.value
  }
  const table: RatingTable = [...rows.values()]
  return {
    taskId,
    field,
    items: table.filter((row) => row.filter((v) => v !== null).length >= 2).length,
    annotators: raters.length,
    fleissKappa: fleissKappa(table),
    krippendorffAlpha: krippendorffAlpha(table, field === 'category' ? 'nominal' : 'interval')
  }
}
