/**
 * A run's inputs before its first fold, each kept in the run folder so a resume reuses them: the dataset
 * (features assembled by dataset.ts, or the baseline's functionals), checked against the run's corpus snapshot;
 * the fold plans (folds.json); and for baseline and fusion runs the functionals in utterance order.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { JobProgress } from '../../../shared/api/common'
import type { RunConfig } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'
import type { FunctionalsSource } from '../baseline/functionals'
import { assembleFunctionalsDataset, functionalRows } from '../baseline/functionals'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { Functionals } from './in-process-fold'
import type { FeatureSource } from './dataset'
import { assembleDataset } from './dataset'
import type { DatasetMeta } from './dataset-file'
import { datasetExists, datasetPaths, readDataset, viewDatasetBase } from './dataset-file'
import type { FoldPlan } from './folds'
import { planFolds } from './folds'
import type { RunStore } from './run-store'

export interface PreparedRun {
  meta: DatasetMeta
  plans: FoldPlan[]
  functionals: Functionals | null
}

export interface PrepareContext {
  store: RunStore
  corpus: CorpusIndex
  features: FeatureSource & FunctionalsSource
  onProgress(p: JobProgress): void
  signal: AbortSignal
}

export async function prepareRun(
  ctx: PrepareContext,
  runId: string,
  dir: string,
  config: RunConfig
): Promise<PreparedRun> {
  const { store, onProgress } = ctx
  mkdirSync(dir, { recursive: true })
  const base = join(dir, 'dataset')
  let meta: DatasetMeta
  if (datasetExists(base)) {
    meta = JSON.parse(readFileSync(datasetPaths(base).json, 'utf8')) as DatasetMeta
  } else {
    const assemble = config.model === 'baseline' ? assembleFunctionalsDataset : assembleDataset
    const assembled = await assemble(ctx.corpus, ctx.features, config, base, onProgress, ctx.signal)
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
  await prepareViews(ctx, base, meta, config)
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
      ctx.features,
      meta.utterances.map((u) => u.id),
      onProgress,
      ctx.signal
    )
    functionals = { x: rows.x, d: rows.d, names: rows.names }
  }
  return { meta, plans, functionals }
}

/**
 * The datasets of the extra views (RunConfig.extraFeatures), one per input, over the same utterances in the same
 * order as the main dataset: the trainer averages the views' predictions by dataset index.
 */
async function prepareViews(ctx: PrepareContext, base: string, meta: DatasetMeta, config: RunConfig): Promise<void> {
  for (const [k, features] of config.extraFeatures.entries()) {
    const viewBase = viewDatasetBase(base, k)
    let ids: string[]
    if (datasetExists(viewBase)) {
      ids = (JSON.parse(readFileSync(datasetPaths(viewBase).json, 'utf8')) as DatasetMeta).utterances.map((u) => u.id)
    } else {
      const view = { ...config, features, extraFeatures: [] }
      const assembled = await assembleDataset(ctx.corpus, ctx.features, view, viewBase, ctx.onProgress, ctx.signal)
      ids = assembled.meta.utterances.map((u) => u.id)
    }
    const same = ids.length === meta.utterances.length && ids.every((id, i) => id === meta.utterances[i].id)
    if (!same) {
      throw new SerError(
        'FIELD_INVALID',
        `extraFeatures: the ${features} view holds ${ids.length} utterances, not the ${meta.utterances.length} of ${config.features} in the same order; every view needs the same utterances`,
        { field: 'extraFeatures' }
      )
    }
  }
}
