/** What both engines share about tasks: the progress summary from their counts, and the missing-task error. */
import type { Task, TaskProgress } from '../../../shared/domain/team'
import { SerError } from '../../../shared/errors'

export interface ProgressRows {
  totals: { items: number; assigned: number; submitted: number; complete: number }
  per: { annotator: string; assigned: number; submitted: number }[]
}

export function progressOf(task: Task, rows: ProgressRows): TaskProgress {
  return {
    taskId: task.id,
    items: rows.totals.items,
    slots: rows.totals.items * task.k,
    assigned: rows.totals.assigned,
    submitted: rows.totals.submitted,
    complete: rows.totals.complete,
    perAnnotator: rows.per.map((r) => ({ annotator: r.annotator, assigned: r.assigned, submitted: r.submitted }))
  }
}

export function notFoundTask(id: number): SerError {
  return new SerError('NOT_FOUND', `taskId: no task ${id}`, { field: 'taskId' })
}
