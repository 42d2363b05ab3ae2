/**
 * Held-out scoring of a baseline run (evaluation.score on `model: baseline`): the fold that never saw the session
 * (training/held-out-fold.ts pickFold) scores it with its saved linear model (`fold-K/model/baseline.json`),
 * normalising as the run did — each speaker of the session by its own statistics, or with the fold's saved training statistics
 * (also the fallback for one-utterance and speaker-less rows). In process: a matrix product per utterance. A fusion
 * run's fold saves the same file next to its CNN, and fusion scoring (evaluation/fusion-scoring.ts) reads it here too.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { toClassSet } from '../../../shared/domain/categories'
import type { HeldOutScore } from '../../../shared/domain/evaluation'
import type { Classifier, Normalisation } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import { detailedMetrics } from '../metrics/class-metrics'
import { pickFold } from '../training/held-out-fold'
import { argMax } from '../metrics/metrics'
import type { RunSource } from '../training/stored-run'
import { loadStoredRun } from '../training/stored-run'
import { normaliseRows } from './baseline-norm'
import type { FunctionalsSource } from './functionals'
import { functionalRows } from './functionals'
import type { LinearModel } from './linear-models'
import { predictProbabilities } from './linear-models'

export const BASELINE_FILE = 'baseline.json'

interface SavedBaseline {
  classifier: Classifier
  normalisation: Normalisation
  c: number
  classes: string[]
  w: number[]
  b: (number | null)[]
  foldStats?: { mean: number[]; std: number[] }
}

/**
 * The class probabilities of a fold's saved baseline (`modelDir/baseline.json`) for the given utterances (ids, with
 * their speakers), normalised as the run normalised: each speaker by its own statistics over these rows, or with the
 * fold's saved training statistics. A utterance whose functionals cannot be computed gets the mean (imputation), as
 * in training. The classes must be the run's, in its order.
 */
export async function savedBaselineProbabilities(
  features: FunctionalsSource,
  modelDir: string,
  classes: readonly string[],
  ids: readonly string[],
  speakers: readonly (string | null)[]
): Promise<number[][]> {
  const file = join(modelDir, BASELINE_FILE)
  let saved: SavedBaseline
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as SavedBaseline
  } catch (e) {
    throw new SerError('FILE_FORMAT', `${file}: cannot read the fold's saved baseline (${(e as Error).message})`, {
      file
    })
  }
  if (!saved.foldStats)
    throw new SerError('FILE_FORMAT', `${file}: no fold statistics (a run from before held-out scoring)`, { file })
  if (saved.classes.join(',') !== classes.join(','))
    throw new SerError('FILE_FORMAT', `${file}: classes ${saved.classes.join(', ')}, the run's ${classes.join(', ')}`, {
      file
    })
  const rows = await functionalRows(features, ids)
  const d = rows.d
  if (saved.foldStats.mean.length !== d)
    throw new SerError('FILE_FORMAT', `${file}: the model takes ${saved.foldStats.mean.length} functionals, got ${d}`, {
      file,
      field: 'dims'
    })
  const stats = { mean: Float64Array.from(saved.foldStats.mean), std: Float64Array.from(saved.foldStats.std) }
  const norm = normaliseRows(rows.x, d, speakers, [], saved.normalisation, stats)
  const model: LinearModel = {
    classifier: saved.classifier,
    c: saved.c,
    d,
    classes: saved.classes.length,
    w: Float64Array.from(saved.w),
    b: Float64Array.from(saved.b, (v) => (v === null ? -Infinity : v)),
    loss: 0,
    iterations: 0,
    converged: true
  }
  return predictProbabilities(model, norm.x, ids.length)
}

export async function scoreBaselineSession(
  deps: { runs: RunSource; corpus: CorpusIndex; features: FunctionalsSource },
  req: { runId: string; session: string; corpusId?: string }
): Promise<HeldOutScore> {
  const run = loadStoredRun(deps.runs, req.runId)
  const { config } = run.detail
  const corpusId = req.corpusId ?? config.corpusId
  const sessions = deps.corpus.sessions(corpusId).map((s) => s.id)
  if (!sessions.includes(req.session)) {
    const list = sessions.join(', ') || 'none'
    throw new SerError(
      'NOT_FOUND',
      `session: no session '${req.session}' in corpus '${corpusId}' (sessions: ${list})`,
      {
        field: 'session'
      }
    )
  }
  const all = deps.corpus.utterances({ corpusId, session: req.session })
  const speakers = new Set(all.map((u) => u.speaker).filter((s): s is string => s !== null))
  const fold = pickFold(run, corpusId, req.session, speakers, new Set(all.map((u) => u.id)))
  const chosen = all.filter((u) => toClassSet(u.category, config.classes) !== null)
  if (chosen.length === 0) {
    const why = `session: '${req.session}' has no utterance labelled ${config.classes.join(', ')}`
    throw new SerError('FIELD_INVALID', why, { field: 'session' })
  }
  const modelDir = join(run.detail.dir, run.detail.foldSummaries.find((f) => f.fold === fold)!.modelDir!)
  const probabilities = await savedBaselineProbabilities(
    deps.features,
    modelDir,
    config.classes,
    chosen.map((u) => u.id),
    chosen.map((u) => u.speaker)
  )
  const predicted = probabilities.map((p) => argMax(p))
  const truth = chosen.map((u) => config.classes.indexOf(toClassSet(u.category, config.classes)!))
  return {
    runId: req.runId,
    corpusId,
    session: req.session,
    fold,
    backend: 'in-process',
    utterances: chosen.length,
    skipped: all.length - chosen.length,
    metrics: detailedMetrics(config.classes, truth, predicted),
    activation: null,
    valence: null
  }
}
