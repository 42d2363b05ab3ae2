/**
 * Recipes in the corpus index (migration 004-evaluation): one row per start of a recipe and one per grid cell with
 * the run that answers it. A recipe left 'running' by a process that is gone reads as 'interrupted'.
 */
import type { StartRecipeRequest } from '../../../shared/api/recipes'
import type { StartTrainingRequest } from '../../../shared/api/training'
import type { RecipeKind, RecipeStatusKind } from '../../../shared/domain/recipes'
import { SerError } from '../../../shared/errors'
import type { Db } from '../db/open-db'
import { writeTransaction } from '../db/open-db'
import { processAlive } from '../runtime/process-alive'

type Stored = Exclude<RecipeStatusKind, 'interrupted'>

export interface RecipeRow {
  id: string
  kind: RecipeKind
  corpusId: string
  request: StartRecipeRequest
  status: RecipeStatusKind
  error: string | null
  createdAt: string
  endedAt: string | null
}

export interface CellRow {
  ord: number
  key: string
  request: StartTrainingRequest
  runId: string | null
  reused: boolean
}

interface RawRecipe {
  id: string
  kind: RecipeKind
  corpus_id: string
  request: string
  status: Stored
  owner_pid: number | null
  error: string | null
  created_at: string
  ended_at: string | null
}

function toRow(r: RawRecipe): RecipeRow {
  return {
    id: r.id,
    kind: r.kind,
    corpusId: r.corpus_id,
    request: JSON.parse(r.request) as StartRecipeRequest,
    status: r.status === 'running' && !processAlive(r.owner_pid) ? 'interrupted' : r.status,
    error: r.error,
    createdAt: r.created_at,
    endedAt: r.ended_at
  }
}

export function createRecipeStore(db: Db) {
  const raw = (id: string): RawRecipe => {
    const r = db.prepare('SELECT * FROM recipes WHERE id = ?').get(id) as RawRecipe | undefined
    if (!r) throw new SerError('NOT_FOUND', `recipeId: no recipe '${id}' in the index`, { field: 'recipeId' })
    return r
  }
  return {
    create(
      id: string,
      kind: RecipeKind,
      corpusId: string,
      request: StartRecipeRequest,
      cells: { key: string; request: StartTrainingRequest }[]
    ): void {
      writeTransaction(db, () => {
        db.prepare(
          `INSERT INTO recipes (id, kind, corpus_id, request, status, owner_pid, created_at) VALUES (?, ?, ?, ?, 'running', ?, ?)`
        ).run(id, kind, corpusId, JSON.stringify(request), process.pid, new Date().toISOString())
        const cell = db.prepare('INSERT INTO recipe_cells (recipe_id, ord, key, request) VALUES (?, ?, ?, ?)')
        cells.forEach((c, i) => cell.run(id, i, c.key, JSON.stringify(c.request)))
      })()
    },
    get: (id: string): RecipeRow => toRow(raw(id)),
    list(corpusId?: string): RecipeRow[] {
      return (
        db
          .prepare('SELECT * FROM recipes WHERE @c IS NULL OR corpus_id = @c ORDER BY created_at DESC, id DESC')
          .all({ c: corpusId ?? null }) as RawRecipe[]
      ).map(toRow)
    },
    cells(id: string): CellRow[] {
      return (
        db.prepare('SELECT * FROM recipe_cells WHERE recipe_id = ? ORDER BY ord').all(id) as Record<
          string,
          string | number | null
        >[]
      ).map((c) => ({
        ord: c.ord as number,
        key: c.key as string,
        request: JSON.parse(c.request as string) as StartTrainingRequest,
        runId: c.run_id as string | null,
        reused: c.reused === 1
      }))
    },
    setCellRun(id: string, ord: number, runId: string, reused: boolean): void {
      db.prepare('UPDATE recipe_cells SET run_id = ?, reused = ? WHERE recipe_id = ? AND ord = ?').run(
        runId,
        reused ? 1 : 0,
        id,
        ord
      )
    },
    finish(id: string, status: Exclude<Stored, 'running'>, error: string | null): void {
      db.prepare('UPDATE recipes SET status = ?, error = ?, owner_pid = NULL, ended_at = ? WHERE id = ?').run(
        status,
        error,
        new Date().toISOString(),
        id
      )
    }
  }
}

export type RecipeStore = ReturnType<typeof createRecipeStore>
