/**
 * Training runs end to end, in the parent (app main process, web mode or CLI): resolve the config, assemble the
 * dataset from the feature service, plan the folds, fork one trainer child per fold (several at once on WASM/CPU,
 * where a process uses one core), store everything the children report, and re-emit it as `training.progress` /
 * `training.ended` (docs/style.md "Progress: trainer → service → transport → store → view"). Cancel reaches the children
 * as a message; resume starts the unfinished folds from their last checkpoints. This file keeps the runs' life
 * cycle (start, cancel, resume, finish); the jobs live beside it: the run's inputs (run-prepare.ts), the fold queue
 * and backend probe (fold-queue.ts), a fold in a trainer child (fold-relay.ts), a baseline or fusion fold in this
 * process (in-process-fold.ts) and a fold's stored result (fold-results.ts).
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { JobProgress } from '../../../shared/api/common'
import type { AnnotateRunRequest, StartTrainingRequest } from '../../../shared/api/training'
import type { BackendInfo, RunDetail, RunSummary } from '../../../shared/domain/runs'
import { SerError, toErrorInfo } from '../../../shared/errors'
import type { FunctionalsSource } from '../baseline/functionals'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { Db } from '../db/open-db'
import type { EventBus } from '../runtime/event-bus'
import { foldDirOf, trainBaselineFold } from './in-process-fold'
import type { FeatureSource } from './dataset'
import { datasetPaths, viewDatasetBase } from './dataset-file'
import { planFolds } from './folds'
import { backendProbe, drainQueue, foldParallelism } from './fold-queue'
import type { RelayContext } from './fold-relay'
import { relayFold } from './fold-relay'
import { pooledMetrics } from './fold-results'
import { resolveRunConfig } from './run-config'
import { annotateRun } from './run-notes'
import { prepareRun } from './run-prepare'
import type { PredictionRow } from './run-store'
import { createRunStore } from './run-store'
import type { TrainerChild } from './trainer-client'

export interface TrainingServiceDeps {
  db: Db
  dbPath: string
  corpus: CorpusIndex
  features: FeatureSource & FunctionalsSource
  events: EventBus
  /** Where the children's console lines go (default: stderr with a prefix) */
  log?: (line: string) => void
}

export interface TrainingService {
  backend(): Promise<BackendInfo>
  start(req: StartTrainingRequest): Promise<{ runId: string }>
  cancel(runId: string): { cancelled: boolean }
  resume(runId: string): Promise<{ runId: string }>
  /** Resolves when a run started or resumed here has ended (at once for any other run) */
  wait(runId: string): Promise<RunSummary>
  list(corpusId?: string): RunSummary[]
  get(runId: string): RunDetail
  delete(runId: string): { deleted: boolean }
  /** Sets a run's name and/or note (run-notes.ts) */
  annotate(req: AnnotateRunRequest): RunSummary
  predictions(runId: string): PredictionRow[]
  /** The folder of a run's models and checkpoints */
  runDir(runId: string): string
  /** The process ids of a run's trainer children now (for tests and diagnostics) */
  childPids(runId: string): number[]
  /** Stops every run of this process: marks them cancelled (resumable) and ends their children */
  close(): void
}

interface ActiveRun {
  cancelled: boolean
  abort: AbortController
  children: Set<TrainerChild>
  done: Promise<RunSummary>
  started: number
}

/** About four progress points a second over all folds training at once */
const POINTS_PER_SECOND = 4

/** A sortable run id: the UTC start time and 16 random bits (also used for imported runs) */
export function newRunId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `${t}-${Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0')}`
}

export function createTrainingService(deps: TrainingServiceDeps): TrainingService {
  const store = createRunStore(deps.db)
  const log = deps.log ?? ((line: string) => process.stderr.write(`[trainer] ${line}\n`))
  const active = new Map<string, ActiveRun>()
  let closed = false
  const runDir = (runId: string) => join(`${deps.dbPath}.runs`, runId)
  const probeBackend = backendProbe(log)
  const relay: RelayContext = { store, events: deps.events, log, runDir, closed: () => closed }

  async function execute(runId: string, run: ActiveRun, resume: boolean): Promise<RunSummary> {
    const config = store.config(runId)
    let status: 'done' | 'cancelled' | 'failed'
    let error: string | null = null
    try {
      store.markRunning(runId)
      const onProgress = (p: JobProgress) => deps.events.emit('training.prepareProgress', { ...p, jobId: runId })
      const prepareContext = {
        store,
        corpus: deps.corpus,
        features: deps.features,
        onProgress,
        signal: run.abort.signal
      }
      const { meta, plans, functionals } = await prepareRun(prepareContext, runId, runDir(runId), config)
      const pending = plans.filter((p) => store.foldStatus(runId, p.fold) !== 'done')
      const parallel =
        config.model === 'baseline' ? 1 : Math.max(1, await foldParallelism(config, pending.length, probeBackend))
      const interval = Math.round((1000 / POINTS_PER_SECOND) * parallel)
      const folds = plans.length
      await drainQueue(
        pending,
        parallel,
        () => run.cancelled,
        async (plan) => {
          if (config.model === 'baseline' && functionals) {
            trainBaselineFold(
              { runId, meta, functionals, plan, folds, foldDir: foldDirOf(runDir(runId), plan.fold) },
              store,
              deps.events
            )
            await new Promise((r) => setImmediate(r)) // events and cancel between folds
          } else await relayFold(relay, run, { runId, meta, plan, folds, interval, resume, functionals })
        }
      )
      const stored = store.folds(runId)
      const failed = stored.filter((f) => f.status === 'failed')
      status = stored.every((f) => f.status === 'done') ? 'done' : run.cancelled ? 'cancelled' : 'failed'
      if (status === 'failed') error = failed.map((f) => f.error).join('; ') || 'some folds did not finish'
    } catch (e) {
      status = run.cancelled ? 'cancelled' : 'failed'
      error = status === 'failed' ? toErrorInfo(e).message : null
    }
    if (closed) return store.summary(runId)
    const predictions = store.predictions(runId)
    const metrics = predictions.length > 0 ? pooledMetrics(config.classes, predictions) : null
    store.finish(runId, status, metrics, error, (Date.now() - run.started) / 1000)
    if (status === 'done') {
      const base = join(runDir(runId), 'dataset')
      for (const b of [base, ...config.extraFeatures.map((_, k) => viewDatasetBase(base, k))])
        rmSync(datasetPaths(b).bin, { force: true })
    }
    active.delete(runId)
    deps.events.emit('training.ended', {
      runId,
      status,
      ...(metrics ? { metrics } : {}),
      ...(error ? { error: { code: status === 'failed' ? 'INTERNAL' : 'CANCELLED', message: error } } : {})
    })
    return store.summary(runId)
  }

  function launch(runId: string, resume: boolean): void {
    const run: ActiveRun = {
      cancelled: false,
      abort: new AbortController(),
      children: new Set(),
      done: Promise.resolve(store.summary(runId)),
      started: Date.now()
    }
    active.set(runId, run)
    run.done = execute(runId, run, resume)
  }

  return {
    backend: probeBackend,
    async start(req) {
      const config = resolveRunConfig(req, deps.corpus)
      // plan the folds now, so an unknown session or an impossible split fails the request, not the run
      planFolds(
        deps.corpus
          .utterances({ corpusId: config.corpusId })
          .map((u) => ({ session: u.session, speaker: u.speaker, label: 0 })),
        { ...config, devFraction: 0 }
      )
      const runId = newRunId()
      store.create(runId, config)
      launch(runId, false)
      return { runId }
    },
    cancel(runId) {
      const run = active.get(runId)
      if (!run) {
        if (store.status(runId) === 'running')
          throw new SerError('CONFLICT', `runId: run ${runId} is running in another process; cancel it there`, {
            field: 'runId'
          })
        return { cancelled: false }
      }
      run.cancelled = true
      run.abort.abort()
      for (const c of run.children) c.send({ kind: 'cancel' })
      return { cancelled: true }
    },
    async resume(runId) {
      const status = store.status(runId)
      if (active.has(runId) || status === 'running')
        throw new SerError('CONFLICT', `runId: run ${runId} is running`, { field: 'runId' })
      if (status === 'done')
        throw new SerError('CONFLICT', `runId: run ${runId} is done; nothing to resume`, { field: 'runId' })
      launch(runId, true)
      return { runId }
    },
    wait: (runId) => active.get(runId)?.done ?? Promise.resolve(store.summary(runId)),
    list: (corpusId) => store.list(corpusId),
    get(runId) {
      return {
        ...store.summary(runId),
        snapshot: store.snapshot(runId),
        foldSummaries: store.folds(runId),
        epochHistory: store.epochs(runId),
        curve: store.curve(runId),
        dir: runDir(runId)
      }
    },
    delete(runId) {
      if (active.has(runId))
        throw new SerError('CONFLICT', `runId: run ${runId} is running; cancel it first`, { field: 'runId' })
      const deleted = store.delete(runId)
      rmSync(runDir(runId), { recursive: true, force: true })
      return { deleted }
    },
    annotate(req) {
      annotateRun(deps.db, req)
      return store.summary(req.runId)
    },
    predictions: (runId) => store.predictions(runId),
    runDir,
    childPids: (runId) =>
      [...(active.get(runId)?.children ?? [])].map((c) => c.pid).filter((p): p is number => p !== undefined),
    close() {
      if (closed) return
      for (const [runId, run] of active) {
        run.cancelled = true
        store.finish(
          runId,
          'cancelled',
          null,
          'stopped: the app closed while it was training',
          (Date.now() - run.started) / 1000
        )
        for (const c of run.children) c.kill('SIGTERM')
      }
      closed = true
      active.clear()
    }
  }
}
