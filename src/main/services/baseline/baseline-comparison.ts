/**
 * The eGeMAPS baseline beside every run (docs/evaluation.md): logistic regression on the 88 functionals,
 * per-speaker normalisation where every utterance of the run has a speaker (else per fold), fitted on the run's own
 * fold plan — the same training, dev and test utterances — and scored like the run (pooled WA/UA). Computed once per
 * corpus × fold plan × class set (the key hashes each utterance's id, label and speaker, the plan and the baseline's
 * settings) and kept in `baseline_comparisons` (migration 005); a run that is that baseline answers for itself.
 */
import { createHash } from 'node:crypto'
import type { BaselineComparison, BaselineResult } from '../../../shared/domain/evaluation'
import type { Classifier, Normalisation } from '../../../shared/domain/training'
import type { Db } from '../db/open-db'
import type { RunSource } from '../training/stored-run'
import { loadStoredRun } from '../training/stored-run'
import { argMax, classificationMetrics } from '../metrics/metrics'
import { C_GRID, trainBaselineFold } from './baseline-fold'
import type { FunctionalsSource } from './functionals'
import { functionalRows } from './functionals'

export interface BaselineComparisonService {
  compare(runId: string): Promise<BaselineComparison>
}

/** Bump when the baseline's computation changes, so cached results are recomputed */
const VERSION = 1

export function createBaselineComparison(deps: {
  db: Db
  runs: RunSource
  features: FunctionalsSource
}): BaselineComparisonService {
  const get = deps.db.prepare('SELECT result FROM baseline_comparisons WHERE key = ?').pluck()
  const put = deps.db.prepare(
    'INSERT OR REPLACE INTO baseline_comparisons (key, corpus_id, result, created_at) VALUES (?, ?, ?, ?)'
  )
  const inFlight = new Map<string, Promise<BaselineResult>>()

  return {
    async compare(runId) {
      const { detail, meta, plans } = loadStoredRun(deps.runs, runId)
      const classifier: Classifier = 'lr'
      const normalisation: Normalisation =
        meta.utterances.length > 0 && meta.utterances.every((u) => u.speaker !== null) ? 'speaker' : 'fold'
      const hash = createHash('sha256')
      hash.update(JSON.stringify([VERSION, classifier, normalisation, C_GRID, meta.classes]))
      for (const u of meta.utterances) hash.update(JSON.stringify([u.id, u.label, u.speaker]))
      for (const p of plans) hash.update(JSON.stringify([p.train, p.dev, p.test]))
      const key = hash.digest('hex')
      const run = detail.metrics ? { wa: detail.metrics.wa, ua: detail.metrics.ua } : null
      const answer = (baseline: BaselineResult, source: BaselineComparison['source']): BaselineComparison => ({
        runId,
        baseline,
        run,
        deltaUa: run ? 100 * (run.ua - baseline.ua) : null,
        deltaWa: run ? 100 * (run.wa - baseline.wa) : null,
        source
      })
      const cached = get.get(key) as string | undefined
      if (cached) return answer(JSON.parse(cached) as BaselineResult, 'cache')
      let pending = inFlight.get(key)
      if (!pending) {
        pending = (async () => {
          const rows = await functionalRows(
            deps.features,
            meta.utterances.map((u) => u.id)
          )
          const labels = meta.utterances.map((u) => u.label)
          const speakers = meta.utterances.map((u) => u.speaker)
          const truth: number[] = []
          const predicted: number[] = []
          const folds: BaselineResult['folds'] = []
          for (const p of plans) {
            const r = trainBaselineFold({
              x: rows.x,
              d: rows.d,
              speakers,
              labels,
              classes: meta.classes,
              train: p.train,
              dev: p.dev,
              test: p.test,
              classifier,
              normalisation
            })
            const t = p.test.map((i) => labels[i])
            const q = r.testProbabilities.map((row) => argMax(row))
            const m = classificationMetrics(meta.classes, t, q)
            folds.push({ fold: p.fold, wa: m.wa, ua: m.ua, c: r.c })
            truth.push(...t)
            predicted.push(...q)
          }
          const pooled = classificationMetrics(meta.classes, truth, predicted)
          const result: BaselineResult = {
            classifier,
            normalisation,
            wa: pooled.wa,
            ua: pooled.ua,
            folds,
            utterances: truth.length
          }
          put.run(key, detail.corpusId, JSON.stringify(result), new Date().toISOString())
          return result
        })()
        inFlight.set(key, pending)
        void pending.finally(() => inFlight.delete(key)).catch(() => undefined)
      }
      const own =
        detail.config.model === 'baseline' &&
        detail.config.classifier === classifier &&
        detail.config.normalisation === normalisation
      return answer(await pending, own ? 'run' : 'computed')
    }
  }
}
