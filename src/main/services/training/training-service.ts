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
import type { JobProgress } from '../../../shared/api/common'
import type { AnnotateRunRequest, StartTrainingRequest, TrainJob, TrainerMessage } from '../../../shared/api/training'
import type { BackendInfo, RunDetail, RunSummary } from '../../../shared/domain/runs'
import type { RunConfig } from '../../../shared/domain/training'
import { SerError, toErrorInfo } from '../../../shared/errors'
import type { BaselineFoldJob } from '../baseline/baseline-run'
import { BASELINE_MODEL_DIR, baselineFoldInfo, baselinePredictions, fitBaselineFold } from '../baseline/baseline-run'
import { fuseFold, trainingCounts } from '../baseline/baseline-run'
import type { FunctionalsSource } from '../baseline/functionals'
import { assembleFunctionalsDataset, functionalRows } from '../baseline/functionals'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { Db } from '../db/open-db'
import { argMax, classificationMetrics } from '../metrics/metrics'
import type { EventBus } from '../runtime/event-bus'
import type { FeatureSource } from './dataset'
import { assembleDataset } from './dataset'
import type { DatasetMeta } from './dataset-file'
import { datasetExists, datasetPaths, readDataset } from './dataset-file'
import type { FoldPlan } from './folds'
import { planFolds } from './folds'
import { clearCheckpoints } from './fold-files'
import { resolveRunConfig } from './run-config'
import type { PredictionRow } from './run-store'
import { createRunStore } from './run-store'
import type { TrainerChild } from './trainer-client'
import { forkTrainer } from './trainer-client'
import { foldLabel } from '../../../shared/domain/fold-name'
import { annotateRun } from './run-notes'

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

/** The baseline's functionals in the dataset's utterance order (baseline and fusion runs) */
interface Functionals {
  x: Float64Array
  d: number
  names: string[]
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
  return classificationMetrics(
    classes,
    rows.map((r) => index.get(r.trueLabel) ?? -1),
    rows.map((r) => index.get(r.predicted) ?? -1)
  )
}

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
  let probe: Promise<BackendInfo> | null = null
  let closed = false
  const runDir = (runId: string) => join(`${deps.dbPath}.runs`, runId)

  function probeBackend(): Promise<BackendInfo> {
    probe ??= new Promise<BackendInfo>((resolve, reject) => {
      let answer: BackendInfo | null = null
      const child = forkTrainer((m) => void (m.kind === 'backend' && (answer = m.backend)), log)
      child.send({ kind: 'probe' })
      void child.exited.then(({ code, signal }) =>
        answer
          ? resolve(answer)
          : reject(
              new SerError(
                'UNAVAILABLE',
                `backend: the trainer process ended (${signal ?? `code ${code}`}) before naming a backend`
              )
            )
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

  /** A baseline fold, in this process (services/baseline/baseline-run.ts): the same store writes and events */
  function trainBaselineOne(
    runId: string,
    meta: DatasetMeta,
    functionals: Functionals,
    plan: FoldPlan,
    folds: number
  ): void {
    const config = store.config(runId)
    const foldDir = join(runDir(runId), `fold-${plan.fold}`)
    const job: BaselineFoldJob = { runId, config, meta, ...functionals, plan, folds, foldDir }
    const counts = trainingCounts(meta, plan.train)
    const parameters = (functionals.d + 1) * meta.classes.length
    store.foldStarted(runId, plan.fold, {
      norm: baselineFoldInfo(job, null),
      counts,
      parameters,
      convForm: 'linear',
      history: []
    })
    try {
      const r = fitBaselineFold(job, { store, events: deps.events })
      const epochs = r.candidates.length
      const predictions = baselinePredictions(plan, r)
      const rows = toRows(meta, plan.fold, {
        kind: 'ended',
        runId,
        fold: plan.fold,
        status: 'done',
        epochs,
        bestEpoch: r.chosen,
        predictions
      })
      const modelDir = join(`fold-${plan.fold}`, BASELINE_MODEL_DIR)
      store.setFoldInfo(runId, plan.fold, baselineFoldInfo(job, r))
      const metrics = pooledMetrics(meta.classes, rows)
      store.foldEnded(
        runId,
        plan.fold,
        { status: 'done', epochs, bestEpoch: r.chosen, metrics, modelDir, error: null },
        rows
      )
    } catch (e) {
      const error = `${foldLabel(plan.fold)}: ${toErrorInfo(e).message}`
      store.foldEnded(
        runId,
        plan.fold,
        { status: 'failed', epochs: 0, bestEpoch: null, metrics: null, modelDir: null, error },
        []
      )
    }
  }

  async function trainOne(
    runId: string,
    run: ActiveRun,
    meta: DatasetMeta,
    plan: FoldPlan,
    folds: number,
    interval: number,
    resume: boolean,
    functionals: Functionals | null
  ): Promise<void> {
    const stored = store.config(runId)
    // fusion: the child trains the CNN part and reports its dev predictions too; the baseline is fitted here
    const fusion = stored.model === 'fusion'
    const config: RunConfig = fusion ? { ...stored, model: 'cnn' } : stored
    const foldDir = join(runDir(runId), `fold-${plan.fold}`)
    mkdirSync(foldDir, { recursive: true })
    const job: TrainJob = {
      ...{ runId, fold: plan.fold, folds, config, datasetPath: join(runDir(runId), 'dataset'), foldDir },
      ...{ train: plan.train, dev: plan.dev, test: plan.test, resume, progressIntervalMs: interval },
      ...(fusion ? { devPredictions: true } : {})
    }
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
          let error = m.error ? `${foldLabel(plan.fold)}: ${m.error.message}` : null
          if (fusion && m.status === 'done' && functionals) {
            try {
              const part: BaselineFoldJob = { runId, config: stored, meta, ...functionals, plan, folds, foldDir }
              const b = fitBaselineFold(part)
              const fused = fuseFold(
                meta,
                plan,
                m.predictions ?? [],
                m.devPredictions ?? [],
                b,
                stored.fusionWeight ?? null
              )
              m = { ...m, predictions: fused.predictions }
              store.setFoldInfo(runId, plan.fold, {
                ...baselineFoldInfo(part, b),
                cnnWeight: fused.weight,
                fusedDevUa: fused.devUa
              })
            } catch (e) {
              m = { ...m, status: 'failed', predictions: [] }
              error = `${foldLabel(plan.fold)}: ${toErrorInfo(e).message}`
            }
          }
          const rows = toRows(meta, plan.fold, m)
          const metrics = m.status === 'done' ? pooledMetrics(meta.classes, rows) : null
          store.foldEnded(
            runId,
            plan.fold,
            {
              status: m.status,
              epochs: m.epochs,
              bestEpoch: m.bestEpoch,
              metrics,
              modelDir: m.modelDir ? join(`fold-${plan.fold}`, m.modelDir) : null,
              error
            },
            rows
          )
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
      const error = `${foldLabel(plan.fold)}: the trainer process ended (${signal ?? `exit code ${code}`}) without a result; resume continues from its last checkpoint`
      store.foldEnded(
        runId,
        plan.fold,
        { status: 'failed', epochs: 0, bestEpoch: null, metrics: null, modelDir: null, error },
        []
      )
    }
  }

  async function prepare(
    runId: string,
    config: RunConfig,
    run: ActiveRun
  ): Promise<{ meta: DatasetMeta; plans: FoldPlan[]; functionals: Functionals | null }> {
    const dir = runDir(runId)
    mkdirSync(dir, { recursive: true })
    const base = join(dir, 'dataset')
    const onProgress = (p: JobProgress) => deps.events.emit('training.prepareProgress', { ...p, jobId: runId })
    let meta: DatasetMeta
    if (datasetExists(base)) {
      meta = JSON.parse(readFileSync(datasetPaths(base).json, 'utf8')) as DatasetMeta
    } else {
      const assemble = config.model === 'baseline' ? assembleFunctionalsDataset : assembleDataset
      const assembled = await assemble(deps.corpus, deps.features, config, base, onProgress, run.abort.signal)
      const before = store.snapshot(runId)
      if (before && before.hash !== assembled.snapshot.hash) {
        throw new SerError(
          'CONFLICT',
          `runId: the corpus or its labels changed since run ${runId} started (snapshot ${before.hash.slice(0, 12)} → ${assembled.snapshot.hash.slice(0, 12)}); start a new run`,
          { field: 'runId' }
        )
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
    store.addFolds(
      runId,
      plans.map((p) => ({
        fold: p.fold,
        testGroups: p.testGroups,
        train: p.train.length,
        dev: p.dev.length,
        test: p.test.length
      }))
    )
    let functionals: Functionals | null = null
    if (config.model === 'baseline') {
      const d = readDataset(base)
      functionals = { x: Float64Array.from(d.data), d: d.meta.dims, names: d.meta.names }
    } else if (config.model === 'fusion') {
      const rows = await functionalRows(
        deps.features,
        meta.utterances.map((u) => u.id),
        onProgress,
        run.abort.signal
      )
      functionals = { x: rows.x, d: rows.d, names: rows.names }
    }
    return { meta, plans, functionals }
  }

  async function execute(runId: string, run: ActiveRun, resume: boolean): Promise<RunSummary> {
    const config = store.config(runId)
    let status: 'done' | 'cancelled' | 'failed'
    let error: string | null = null
    try {
      store.markRunning(runId)
      const { meta, plans, functionals } = await prepare(runId, config, run)
      const pending = plans.filter((p) => store.foldStatus(runId, p.fold) !== 'done')
      const parallel = config.model === 'baseline' ? 1 : Math.max(1, await parallelism(config, pending.length))
      const interval = Math.round((1000 / POINTS_PER_SECOND) * parallel)
      const queue = [...pending]
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          for (let plan = queue.shift(); plan && !run.cancelled; plan = queue.shift()) {
            if (config.model === 'baseline' && functionals) {
              trainBaselineOne(runId, meta, functionals, plan, plans.length)
              await new Promise((r) => setImmediate(r)) // events and cancel between folds
            } else await trainOne(runId, run, meta, plan, plans.length, interval, resume, functionals)
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
