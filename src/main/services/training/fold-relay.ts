/**
 * One CNN fold in a forked trainer child (trainer-client.ts): sends it the job, stores and re-emits what it
 * reports (started, progress points, epoch records, the ended fold), fuses with the baseline for fusion runs, and
 * stores a fold whose child died without a result as failed (resume continues it from its last checkpoint).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { TrainJob } from '../../../shared/api/training'
import type { RunConfig } from '../../../shared/domain/training'
import type { EventBus } from '../runtime/event-bus'
import type { Functionals } from './in-process-fold'
import { foldDirOf, fuseEnded } from './in-process-fold'
import type { DatasetMeta } from './dataset-file'
import { clearCheckpoints } from './fold-files'
import type { FoldEnded } from './fold-results'
import { foldError, storeFoldEnded, storeFoldFailed } from './fold-results'
import type { FoldPlan } from './folds'
import type { RunStore } from './run-store'
import type { TrainerChild } from './trainer-client'
import { forkTrainer } from './trainer-client'

export interface RelayContext {
  store: RunStore
  events: EventBus
  log: (line: string) => void
  runDir(runId: string): string
  /** The service has closed: the children's last messages are dropped */
  closed(): boolean
}

/** What the relay needs of the run: its cancel flag and its set of live children (for cancel and close) */
export interface RelayedRun {
  cancelled: boolean
  children: Set<TrainerChild>
}

export interface RelayedFold {
  runId: string
  meta: DatasetMeta
  plan: FoldPlan
  folds: number
  /** Minimum milliseconds between progress points */
  interval: number
  resume: boolean
  functionals: Functionals | null
}

export async function relayFold(ctx: RelayContext, run: RelayedRun, f: RelayedFold): Promise<void> {
  const { store } = ctx
  const { runId, meta, plan } = f
  const stored = store.config(runId)
  // fusion: the child trains the CNN part and reports its dev predictions too; the baseline is fitted here
  const fusion = stored.model === 'fusion'
  const config: RunConfig = fusion ? { ...stored, model: 'cnn' } : stored
  const foldDir = foldDirOf(ctx.runDir(runId), plan.fold)
  mkdirSync(foldDir, { recursive: true })
  const job: TrainJob = {
    ...{ runId, fold: plan.fold, folds: f.folds, config, datasetPath: join(ctx.runDir(runId), 'dataset'), foldDir },
    ...{ train: plan.train, dev: plan.dev, test: plan.test, resume: f.resume, progressIntervalMs: f.interval },
    ...(fusion ? { devPredictions: true } : {})
  }
  const onEnded = (reported: FoldEnded) => {
    let m: FoldEnded = { ...reported, fold: plan.fold }
    let error = m.error ? foldError(plan.fold, m.error.message) : null
    if (fusion && m.status === 'done' && f.functionals) {
      const fused = fuseEnded(
        { runId, meta, functionals: f.functionals, plan, folds: f.folds, foldDir },
        m,
        stored,
        store
      )
      m = fused.ended
      error = fused.error ?? error
    }
    storeFoldEnded(store, runId, meta, m, error)
    if (m.status === 'done') clearCheckpoints(foldDir)
  }
  let ended = false
  const child = forkTrainer((m) => {
    if (ctx.closed()) return
    switch (m.kind) {
      case 'started':
        store.setBackend(runId, m.backend)
        store.foldStarted(runId, plan.fold, m)
        break
      case 'progress': {
        const { kind: _kind, ...point } = m
        // a further model's points (a seed, a view) are live only: the stored curves are the fold's first model's
        if (!point.member) store.addPoint(runId, point)
        ctx.events.emit('training.progress', point)
        break
      }
      case 'epoch-saved':
        store.addEpoch(runId, m.record)
        break
      case 'ended':
        ended = true
        onEnded(m)
        break
    }
  }, ctx.log)
  run.children.add(child)
  child.send({ kind: 'train', job })
  if (run.cancelled) child.send({ kind: 'cancel' })
  const { code, signal } = await child.exited
  run.children.delete(child)
  if (!ended && !ctx.closed()) {
    const why = `the trainer process ended (${signal ?? `exit code ${code}`}) without a result; resume continues from its last checkpoint`
    storeFoldFailed(store, runId, plan.fold, foldError(plan.fold, why))
  }
}
