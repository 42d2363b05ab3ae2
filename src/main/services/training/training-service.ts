/**
 * Training runs end to end, in the parent (app main process, web mode or CLI): resolve the config, assemble the
 * dataset from the feature service, plan the folds, fork one trainer child per fold (several at once on WASM/CPU,
 * where a process uses one core), store everything the children report, and re-emit it as `training.progress` /
 * `training.ended` (docs/style.md "Progress: trainer → service → transport → store → view"). Cancel reaches the children
 * as a message; resume starts the unfinished folds from their last checkpoints.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import type { StartTrainingRequest, TrainJob, TrainerMessage } from '../../../shared/api/training'
import type { BackendInfo, RunDetail, RunSummary } from '../../../shared/domain/runs'
import type { RunConfig } from '../../../shared/domain/training'
import { SerError, toErrorInfo } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { Db } from '../db/open-db'
import { argMax, classificationMetrics } from '../evaluation/metrics'
import type { EventBus } from '../runtime/event-bus'
import type { FeatureSource } from './dataset'
import { assembleDataset } from './dataset'
import type { DatasetMeta } from './dataset-file'
import { datasetExists, datasetPaths } from './dataset-file'
import type { FoldPlan } from './folds'
import { planFolds } from './folds'
import { clearCheckpoints } from './fold-files'
import { resolveRunConfig } from './run-config'
import type { PredictionRow } from './run-store'
import { createRunStore } from './run-store'
import type { TrainerChild } from './trainer-client'
import { forkTrainer } from './trainer-client'

export interface TrainingServiceDeps {
  db: Db
  dbPath: string
  corpus: CorpusIndex
  features: FeatureSource
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

/** WA/UA/recall/confusion over prediction rows (one fold's, or every fold's: pooled) */
function pooledMetrics(classes: readonly string[], rows: PredictionRow[]) {
  const index = new Map(classes.map((c, i) => [c, i]))
  return classificationMetrics(classes, rows.map((r) => index.get(r.trueLabel) ?? -1), rows.map((r) => index.get(r.predicted) ?? -1))
}

function newRunId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `${t}-${Math.floor(Math.random() * 0x10000).toString(16).padStart(4, '0')}`
}

export function createTrainingService(deps: TrainingServiceDeps): TrainingService {
  const store = createRunStore(deps.db)
  const log = deps.log ?? ((line: string) => process.stderr.write(`[trainer] ${line}\n`))
  const active = new Map<string, ActiveRun>()
  let probe: Promise<BackendInfo> | null = null
  let closed = false
  const runDir = (runId: string) => join(`${deps.dbPath}.runs`, runId)

  function probeBackend(): Promise<BackendInfo> {
    probe ??= new Promise<BackendInfo>((resolve, reject) => {
      let answer: BackendInfo | null = null
      const child = forkTrainer((m) => void (m.kind === 'backend' && (answer = m.backend)), log)
      child.send({ kind: 'probe' })
      void child.exited.then(({ code, signal }) =>
        answer ? resolve(answer) : reject(new SerError('UNAVAILABLE', `backend: the trainer process ended (${signal ?? `code ${code}`}) before naming a backend`))
      )
    })
    probe.catch(() => (probe = null))
    return probe
  }

  async function parallelism(config: RunConfig, folds: number): Promise<number> {
    if (config.parallelFolds > 0) return Math.min(config.parallelFolds, folds)
    const name = config.backend === 'auto' ? (await probeBackend()).name : config.backend
    // native TensorFlow already uses every core in one process; WASM and CPU use one core each
    return Math.min(name.startsWith('tensorflow') ? 1 : availableParallelism(), folds)
  }

  function toRows(meta: DatasetMeta, fold: number, m: Extract<TrainerMessage, { kind: 'ended' }>): PredictionRow[] {
    return (m.predictions ?? []).map((p) => {
      const u = meta.utterances[p.index]
      return {
        fold,
        utteranceId: u.id,
        trueLabel: meta.classes[u.label],
        predicted: meta.classes[argMax(p.probabilities)],
        probabilities: Object.fromEntries(meta.classes.map((c, i) => [c, p.probabilities[i]])),
        activation: p.activation ?? null,
        valence: p.valence ?? null
      }
    })
  }

  async function trainOne(runId: string, run: ActiveRun, meta: DatasetMeta, plan: FoldPlan, folds: number, interval: number, resume: boolean): Promise<void> {
    const config = store.config(runId)
    const foldDir = join(runDir(runId), `fold-${plan.fold}`)
    mkdirSync(foldDir, { recursive: true })
    const job: TrainJob = { runId, fold: plan.fold, folds, config, datasetPath: join(runDir(runId), 'dataset'), foldDir, train: plan.train, dev: plan.dev, test: plan.test, resume, progressIntervalMs: interval }
    let ended = false
    const child = forkTrainer((m) => {
      if (closed) return
      switch (m.kind) {
        case 'started':
          store.setBackend(runId, m.backend)
          store.foldStarted(runId, plan.fold, m)
          break
        case 'progress': {
          const { kind: _kind, ...point } = m
          store.addPoint(runId, point)
          deps.events.emit('training.progress', point)
          break
        }
        case 'epoch-saved':
          store.addEpoch(runId, m.record)
          break
        case 'ended': {
          ended = true
          const rows = toRows(meta, plan.fold, m)
          const metrics = m.status === 'done' ? pooledMetrics(meta.classes, rows) : null
          const error = m.error ? `fold ${plan.fold}: ${m.error.message}` : null
          store.foldEnded(runId, plan.fold, { status: m.status, epochs: m.epochs, bestEpoch: m.bestEpoch, metrics, modelDir: m.modelDir ? join(`fold-${plan.fold}`, m.modelDir) : null, error }, rows)
          if (m.status === 'done') clearCheckpoints(foldDir)
          break
        }
      }
    }, log)
    run.children.add(child)
    child.send({ kind: 'train', job })
    if (run.cancelled) child.send({ kind: 'cancel' })
    const { code, signal } = await child.exited
    run.children.delete(child)
    if (!ended && !closed) {
      const error = `fold ${plan.fold}: the trainer process ended (${signal ?? `exit code ${code}`}) without a result; resume continues from its last checkpoint`
      store.foldEnded(runId, plan.fold, { status: 'failed', epochs: 0, bestEpoch: null, metrics: null, modelDir: null, error }, [])
    }
  }

  async function prepare(runId: string, config: RunConfig, run: ActiveRun): Promise<{ meta: DatasetMeta; plans: FoldPlan[] }> {
    const dir = runDir(runId)
    mkdirSync(dir, { recursive: true })
    const base = join(dir, 'dataset')
    let meta: DatasetMeta
    if (datasetExists(base)) {
      meta = JSON.parse(readFileSync(datasetPaths(base).json, 'utf8')) as DatasetMeta
    } else {
      const assembled = await assembleDataset(deps.corpus, deps.features, config, base, (p) => deps.events.emit('training.prepareProgress', { ...p, jobId: runId }), run.abort.signal)
      const before = store.snapshot(runId)
      if (before && before.hash !== assembled.snapshot.hash) {
        throw new SerError('CONFLICT', `runId: the corpus or its labels changed since run ${runId} started (snapshot ${before.hash.slice(0, 12)} → ${assembled.snapshot.hash.slice(0, 12)}); start a new run`, { field: 'runId' })
      }
      store.setSnapshot(runId, assembled.snapshot)
      meta = assembled.meta
    }
    const foldsFile = join(dir, 'folds.json')
    let plans: FoldPlan[]
    if (existsSync(foldsFile)) plans = JSON.parse(readFileSync(foldsFile, 'utf8')) as FoldPlan[]
    else {
      plans = planFolds(meta.utterances, config)
      writeFileSync(foldsFile, JSON.stringify(plans))
    }
    store.addFolds(runId, plans.map((p) => ({ fold: p.fold, testGroups: p.testGroups, train: p.train.length, dev: p.dev.length, test: p.test.length })))
    return { meta, plans }
  }

  async function execute(runId: string, run: ActiveRun, resume: boolean): Promise<RunSummary> {
    const config = store.config(runId)
    let status: 'done' | 'cancelled' | 'failed'
    let error: string | null = null
    try {
      store.markRunning(runId)
      const { meta, plans } = await prepare(runId, config, run)
      const pending = plans.filter((p) => store.foldStatus(runId, p.fold) !== 'done')
      const parallel = Math.max(1, await parallelism(config, pending.length))
      const interval = Math.round((1000 / POINTS_PER_SECOND) * parallel)
      const queue = [...pending]
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          for (let plan = queue.shift(); plan && !run.cancelled; plan = queue.shift()) {
            await trainOne(runId, run, meta, plan, plans.length, interval, resume)
          }
        })
      )
      const folds = store.folds(runId)
      const failed = folds.filter((f) => f.status === 'failed')
      status = folds.every((f) => f.status === 'done') ? 'done' : run.cancelled ? 'cancelled' : 'failed'
      if (status === 'failed') error = failed.map((f) => f.error).join('; ') || 'some folds did not finish'
    } catch (e) {
      status = run.cancelled ? 'cancelled' : 'failed'
      error = status === 'failed' ? toErrorInfo(e).message : null
    }
    if (closed) return store.summary(runId)
    const predictions = store.predictions(runId)
    const metrics = predictions.length > 0 ? pooledMetrics(config.classes, predictions) : null
    store.finish(runId, status, metrics, error, (Date.now() - run.started) / 1000)
    if (status === 'done') rmSync(join(runDir(runId), 'dataset.bin'), { force: true })
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
    const run: ActiveRun = { cancelled: false, abort: new AbortController(), children: new Set(), done: Promise.resolve(store.summary(runId)), started: Date.now() }
    active.set(runId, run)
    run.done = execute(runId, run, resume)
  }

  return {
    backend: probeBackend,
    async start(req) {
      const config = resolveRunConfig(req, deps.corpus)
      // plan the folds now, so an unknown session or an impossible split fails the request, not the run
      planFolds(
        deps.corpus.utterances({ corpusId: config.corpusId }).map((u) => ({ session: u.session, speaker: u.speaker, label: 0 })),
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
        if (store.status(runId) === 'running') throw new SerError('CONFLICT', `runId: run ${runId} is running in another process; cancel it there`, { field: 'runId' })
        return { cancelled: false }
      }
      run.cancelled = true
      run.abort.abort()
      for (const c of run.children) c.send({ kind: 'cancel' })
      return { cancelled: true }
    },
    async resume(runId) {
      const status = store.status(runId)
      if (active.has(runId) || status === 'running') throw new SerError('CONFLICT', `runId: run ${runId} is running`, { field: 'runId' })
      if (status === 'done') throw new SerError('CONFLICT', `runId: run ${runId} is done; nothing to resume`, { field: 'runId' })
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
      if (active.has(runId)) throw new SerError('CONFLICT', `runId: run ${runId} is running; cancel it first`, { field: 'runId' })
      const deleted = store.delete(runId)
      rmSync(runDir(runId), { recursive: true, force: true })
      return { deleted }
    },
    predictions: (runId) => store.predictions(runId),
    runDir,
    childPids: (runId) => [...(active.get(runId)?.children ?? [])].map((c) => c.pid).filter((p): p is number => p !== undefined),
    close() {
      if (closed) return
      for (const [runId, run] of active) {
        run.cancelled = true
        store.finish(runId, 'cancelled', null, 'stopped: the app closed while it was training', (Date.now() - run.started) / 1000)
        for (const c of run.children) c.kill('SIGTERM')
      }
      closed = true
      active.clear()
    }
  }
}
