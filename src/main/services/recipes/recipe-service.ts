/**
 * Runs a recipe's grid one cell at a time through the training service (each cell is one training run, its folds in
 * parallel as the trainer decides), and reports progress over the whole grid as `recipes.progress` (units: fold-
 * epochs). Resumable by construction: before training a cell it looks for a stored run with the same config
 * (recipe-grid.ts configKey) — a finished one is reused, an unfinished one resumed from its checkpoints.
 */
import type { RecipeProgress, StartRecipeRequest } from '../../../shared/api/recipes'
import type { ReportFiles, RecipeCell, RecipeStatus } from '../../../shared/domain/recipes'
import type { RunSummary } from '../../../shared/domain/runs'
import type { RunConfig } from '../../../shared/domain/training'
import { SerError, toErrorInfo } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { Db } from '../db/open-db'
import type { EvaluationService } from '../evaluation/evaluation-service'
import { writeRecipeReport } from '../reports/recipe-report'
import type { RecipeReportData } from '../reports/report-data'
import type { EventBus } from '../runtime/event-bus'
import { planFolds } from '../training/folds'
import { resolveRunConfig } from '../training/run-config'
import type { TrainingService } from '../training/training-service'
import type { GridCell } from './recipe-grid'
import { configKey, recipeGrid } from './recipe-grid'
import type { CellRow } from './recipe-store'
import { createRecipeStore } from './recipe-store'
import { staleReason } from './run-freshness'
import { foldLabel } from '../../../shared/domain/fold-name'

export interface RecipeServiceDeps {
  db: Db
  corpus: CorpusIndex
  training: TrainingService
  evaluation: EvaluationService
  events: EventBus
}

export interface RecipeService {
  start(req: StartRecipeRequest): Promise<{ recipeId: string }>
  cancel(recipeId: string): { cancelled: boolean }
  status(recipeId: string): RecipeStatus
  list(corpusId?: string): RecipeStatus[]
  /** Resolves when a recipe started here has ended (at once for any other) */
  wait(recipeId: string): Promise<RecipeStatus>
  /** Everything a report shows: the status, and each finished cell's run and evaluation */
  reportData(recipeId: string): RecipeReportData
  export(recipeId: string, out: string): Promise<ReportFiles>
  /** Marks the recipes of this process cancelled (the app is closing; training.close stops their runs) */
  close(): void
}

interface Active {
  cancelled: boolean
  currentRun: string | null
  /** Fold-epochs done per cell ord, while running */
  done: Map<number, number>
  done$: Promise<RecipeStatus>
  /** Its status when the app closed it (the index may be closed by the time the loop notices) */
  closedAs: RecipeStatus | null
}

/** At most about four progress events a second, like training's */
const PROGRESS_INTERVAL_MS = 250

function newRecipeId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `rcp-${t}-${Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0')}`
}

export function createRecipeService(deps: RecipeServiceDeps): RecipeService {
  const store = createRecipeStore(deps.db)
  const active = new Map<string, Active>()

  /** Folds a config will train: what training.start plans, without assembling a dataset */
  function foldCount(config: RunConfig): number {
    const us = deps.corpus
      .utterances({ corpusId: config.corpusId })
      .map((u) => ({ session: u.session, speaker: u.speaker, label: 0 }))
    return planFolds(us, { ...config, devFraction: 0 }).length
  }

  function findRun(config: RunConfig): { run: RunSummary; stale: string | null } | null {
    const key = configKey(config)
    const same = deps.training.list(config.corpusId).filter((r) => configKey(r.config) === key)
    const done = same.find((r) => r.status === 'done')
    if (done) return { run: done, stale: staleReason(deps.corpus, config, deps.training.runDir(done.id)) }
    const open = same.find((r) => r.status !== 'failed' && r.status !== 'done')
    return open ? { run: open, stale: null } : null
  }

  function cellView(c: CellRow, grid: GridCell, runs: ReadonlyMap<string, RunSummary>): RecipeCell {
    // a run deleted since leaves its cell pending: the next start of the recipe trains it again
    const run = c.runId ? (runs.get(c.runId) ?? null) : null
    const status: RecipeCell['status'] = !run
      ? 'pending'
      : run.status === 'done' || run.status === 'failed' || run.status === 'cancelled'
        ? run.status
        : run.status === 'interrupted'
          ? 'cancelled'
          : 'running'
    return {
      key: c.key,
      features: grid.features,
      task: grid.task,
      maxSeconds: grid.maxSeconds,
      runId: run ? run.id : null,
      status,
      reused: c.reused,
      wa: run?.metrics?.wa ?? null,
      ua: run?.metrics?.ua ?? null,
      paper: grid.paper,
      error: run?.error ?? null
    }
  }

  /** Fold-epochs of each cell, computed once per recipe (planning the folds reads the whole corpus) */
  const unitsMemo = new Map<string, number[]>()
  function cellUnits(recipeId: string, grid: GridCell[]): number[] {
    let units = unitsMemo.get(recipeId)
    if (!units) {
      units = grid.map((c) => {
        const config = resolveRunConfig(c.request, deps.corpus)
        return foldCount(config) * config.epochs
      })
      unitsMemo.set(recipeId, units)
    }
    return units
  }

  function status(recipeId: string): RecipeStatus {
    const row = store.get(recipeId)
    const grid = recipeGrid({ ...row.request, corpusId: row.corpusId })
    const runs = new Map(deps.training.list(row.corpusId).map((r) => [r.id, r]))
    const cells = store.cells(recipeId).map((c) => cellView(c, grid[c.ord], runs))
    const live = active.get(recipeId)
    const units = cellUnits(recipeId, grid)
    let done = 0
    let total = 0
    cells.forEach((cell, i) => {
      total += units[i]
      done += cell.status === 'done' ? units[i] : Math.min(units[i], live?.done.get(i) ?? 0)
    })
    return {
      recipeId,
      kind: row.kind,
      corpusId: row.corpusId,
      status: row.status,
      createdAt: row.createdAt,
      endedAt: row.endedAt,
      cells,
      done,
      total,
      error: row.error
    }
  }

  function reportData(recipeId: string): RecipeReportData {
    const recipe = status(recipeId)
    const cells = recipe.cells.map((cell) => {
      if (cell.status !== 'done' || !cell.runId) return { cell, run: null, evaluation: null }
      return { cell, run: deps.training.get(cell.runId), evaluation: deps.evaluation.metrics(cell.runId) }
    })
    const first = cells.find((c) => c.run)
    return { recipe, cells, plan: first?.run ? deps.evaluation.folds(first.run.id) : null }
  }

  async function execute(recipeId: string, run: Active): Promise<RecipeStatus> {
    const row = store.get(recipeId)
    const grid = recipeGrid({ ...row.request, corpusId: row.corpusId })
    const failures: string[] = []
    let last = 0
    // start after the caller has its recipeId and has subscribed: reused cells end without a single await
    await new Promise((resolve) => setImmediate(resolve))
    const emit = (cell?: RecipeCell, item?: string) => {
      if (!cell && Date.now() - last < PROGRESS_INTERVAL_MS) return
      last = Date.now()
      const s = status(recipeId)
      const p: RecipeProgress = {
        jobId: recipeId,
        recipeId,
        kind: row.kind,
        done: s.done,
        total: s.total,
        item,
        ...(cell ? { cell } : {})
      }
      deps.events.emit('recipes.progress', p)
    }
    try {
      for (let ord = 0; ord < grid.length && !run.cancelled; ord++) {
        const cell = grid[ord]
        const config = resolveRunConfig(cell.request, deps.corpus)
        const found = findRun(config)
        let runId: string
        if (found && found.run.status === 'done' && found.stale === null) {
          store.setCellRun(recipeId, ord, found.run.id, true)
          emit(status(recipeId).cells[ord], `${cell.key}: reused run ${found.run.id}`)
          continue
        }
        if (found && found.run.status !== 'done' && found.run.status !== 'running')
          runId = (await deps.training.resume(found.run.id)).runId
        else if (found && found.run.status === 'running') runId = found.run.id
        else runId = (await deps.training.start(cell.request)).runId
        store.setCellRun(recipeId, ord, runId, false)
        run.currentRun = runId
        const perFold = new Map<number, number>()
        const off = deps.events.on('training.progress', (p) => {
          if (p.runId !== runId) return
          perFold.set(p.fold, p.epoch - 1 + p.batch / Math.max(1, p.batches))
          run.done.set(
            ord,
            [...perFold.values()].reduce((a, b) => a + b, 0)
          )
          emit(
            undefined,
            `${cell.key} ${foldLabel(p.fold)}/${p.folds} epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(3)}`
          )
        })
        if (run.cancelled) deps.training.cancel(runId)
        let summary: RunSummary
        try {
          summary = await deps.training.wait(runId)
        } finally {
          off()
          run.currentRun = null
        }
        if (summary.status !== 'done' && !run.cancelled)
          failures.push(`${cell.key}: run ${runId} ${summary.status}${summary.error ? ` (${summary.error})` : ''}`)
        emit(status(recipeId).cells[ord], `${cell.key}: ${summary.status}`)
      }
      if (run.closedAs) return run.closedAs
      const final = run.cancelled ? 'cancelled' : failures.length > 0 ? 'failed' : 'done'
      store.finish(recipeId, final, failures.length > 0 ? failures.join('; ') : null)
    } catch (e) {
      if (run.closedAs) return run.closedAs
      store.finish(recipeId, run.cancelled ? 'cancelled' : 'failed', toErrorInfo(e).message)
    }
    active.delete(recipeId)
    const s = status(recipeId)
    const ended = s.status === 'done' || s.status === 'cancelled' ? s.status : 'failed'
    deps.events.emit('recipes.ended', {
      recipeId,
      status: ended,
      ...(s.error ? { error: { code: ended === 'cancelled' ? 'CANCELLED' : 'INTERNAL', message: s.error } } : {})
    })
    return s
  }

  return {
    async start(req) {
      const grid = recipeGrid(req)
      // resolve every cell now, so a bad setting fails the request (naming its field), not the third cell
      const configs = grid.map((c) => resolveRunConfig(c.request, deps.corpus))
      foldCount(configs[0])
      const corpusId = configs[0].corpusId
      const recipeId = newRecipeId()
      store.create(
        recipeId,
        req.kind,
        corpusId,
        req,
        grid.map((c) => ({ key: c.key, request: { ...c.request, corpusId } }))
      )
      const run: Active = {
        cancelled: false,
        currentRun: null,
        done: new Map(),
        done$: Promise.resolve(status(recipeId)),
        closedAs: null
      }
      active.set(recipeId, run)
      run.done$ = execute(recipeId, run)
      return { recipeId }
    },
    cancel(recipeId) {
      const run = active.get(recipeId)
      if (!run) {
        if (store.get(recipeId).status === 'running')
          throw new SerError(
            'CONFLICT',
            `recipeId: recipe ${recipeId} is running in another process; cancel it there`,
            { field: 'recipeId' }
          )
        return { cancelled: false }
      }
      run.cancelled = true
      if (run.currentRun) deps.training.cancel(run.currentRun)
      return { cancelled: true }
    },
    status,
    list: (corpusId) => store.list(corpusId).map((r) => status(r.id)),
    wait: (recipeId) => active.get(recipeId)?.done$ ?? Promise.resolve(status(recipeId)),
    reportData,
    export: (recipeId, out) => writeRecipeReport(out, reportData(recipeId)),
    close() {
      for (const [recipeId, run] of active) {
        run.cancelled = true
        store.finish(recipeId, 'cancelled', 'stopped: the app closed while it was running')
        run.closedAs = status(recipeId)
      }
      active.clear()
    }
  }
}
