/**
 * A run's name and note (migration 006-run-notes): set by runs.annotate, read back with every RunSummary
 * (run-store.ts). A field left out of the request stays as it is; an empty one clears it.
 */
import type { AnnotateRunRequest } from '../../../shared/api/training'
import { SerError } from '../../../shared/errors'
import type { Db } from '../db/open-db'

export function annotateRun(db: Db, req: AnnotateRunRequest): void {
  const set: string[] = []
  const values: Record<string, string | null> = { id: req.runId }
  for (const field of ['name', 'note'] as const) {
    const given = req[field]
    if (given === undefined) continue
    set.push(`${field} = @${field}`)
    values[field] = given.trim() === '' ? null : given.trim()
  }
  const exists = db.prepare('SELECT 1 FROM runs WHERE id = ?').pluck().get(req.runId)
  if (!exists) throw new SerError('NOT_FOUND', `runId: no run '${req.runId}'`, { field: 'runId' })
  if (set.length > 0) db.prepare(`UPDATE runs SET ${set.join(', ')} WHERE id = @id`).run(values)
}
