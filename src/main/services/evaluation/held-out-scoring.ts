/**
 * Held-out scoring (evaluation.score, `ser evaluate --run ID --session S`): one session scored by the saved model of
 * the fold that never saw it. On the run's own corpus that is the fold whose plan put no utterance and no speaker of
 * the session into its training or dev split; if no fold qualifies the request is refused (CONFLICT) naming the
 * session, since a score on seen data would flatter the model. The session's features are cut to the run's length
 * exactly as training cut them (training/dataset.ts), written as a dataset file pair, and scored in a child process;
 * an ensemble fold (ensembleSeeds > 1) scores with every seed's model and averages them, and a run with extra views
 * (extraFeatures) scores every view's models on their own inputs and averages the views, as training did. The pieces
 * (selectHeldOut, neuralOutputs, heldOutScore) are shared with fusion runs (fusion-scoring.ts).
 */
import { fork } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import type { HeldOutScore } from '../../../shared/domain/evaluation'
import type { RunFeatures } from '../../../shared/domain/training'
import { BINS } from '../../../shared/domain/evaluation'
import { toClassSet } from '../../../shared/domain/categories'
import { SerError } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { Utterance } from '../../../shared/domain/corpus'
import { workerEntry } from '../runtime/worker-entry'
import type { FeatureSource } from '../training/dataset'
import { datasetUtterance } from '../training/dataset'
import type { DatasetMeta, DatasetUtterance } from '../training/dataset-file'
import { datasetPaths, viewDatasetBase, writeDataset } from '../training/dataset-file'
import { detailedMetrics } from '../metrics/class-metrics'
import { argMax } from '../metrics/metrics'
import type { ScoreJob, ScorerReply } from './scorer-messages'
import type { RunSource, StoredRun } from '../training/stored-run'
import { loadStoredRun } from '../training/stored-run'
import { pickFold } from '../training/held-out-fold'
import { foldMembers } from '../training/fold-files'

export interface ScoreDeps {
  runs: RunSource
  corpus: CorpusIndex
  features: FeatureSource
  log: (line: string) => void
}

const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })

function runScorer(job: ScoreJob, log: (line: string) => void): Promise<Extract<ScorerReply, { kind: 'scored' }>> {
  return new Promise((resolve, reject) => {
    const entry = workerEntry('scorer-process')
    const child = fork(entry.file, [], { execArgv: entry.execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    for (const s of [child.stdout, child.stderr])
      if (s) createInterface({ input: s }).on('line', (l) => l.trim() && log(l))
    let reply: ScorerReply | null = null
    child.on('message', (m) => (reply = m as ScorerReply))
    child.on('error', (e) =>
      reject(new SerError('UNAVAILABLE', `scorer: cannot start the scorer process (${e.message})`))
    )
    child.on('close', (code, signal) => {
      const r = reply as ScorerReply | null
      if (r?.kind === 'scored') resolve(r)
      else if (r?.kind === 'failed') reject(SerError.fromInfo(r.error))
      else
        reject(
          new SerError('INTERNAL', `scorer: the process ended (${signal ?? `exit code ${code}`}) without a result`)
        )
    })
    child.send({ kind: 'score', job })
  })
}

/** The session a held-out score is about: its utterances in the run's classes and the fold that never saw it */
export interface HeldOutSelection {
  run: StoredRun
  corpusId: string
  /** Every utterance of the session, and those in the run's classes */
  all: Utterance[]
  chosen: Utterance[]
  fold: number
  /** The fold's saved model folder (absolute) */
  modelDir: string
}

/** Checks the session and picks the fold that never saw it (training/held-out-fold.ts); shared by every model kind. */
export function selectHeldOut(
  deps: Pick<ScoreDeps, 'runs' | 'corpus'>,
  req: { runId: string; session: string; corpusId?: string }
): HeldOutSelection {
  const run = loadStoredRun(deps.runs, req.runId)
  const { config } = run.detail
  const corpusId = req.corpusId ?? config.corpusId
  const sessions = deps.corpus.sessions(corpusId).map((s) => s.id)
  if (!sessions.includes(req.session)) {
    throw new SerError(
      'NOT_FOUND',
      `session: no session '${req.session}' in corpus '${corpusId}' (sessions: ${sessions.sort(natural).join(', ') || 'none'})`,
      { field: 'session' }
    )
  }
  const all = deps.corpus.utterances({ corpusId, session: req.session })
  const chosen = all.filter((u) => toClassSet(u.category, config.classes) !== null)
  const fold = pickFold(
    run,
    corpusId,
    req.session,
    new Set(all.map((u) => u.speaker).filter((s): s is string => s !== null)),
    new Set(all.map((u) => u.id))
  )
  const modelDir = join(run.detail.dir, run.detail.foldSummaries.find((f) => f.fold === fold)!.modelDir!)
  if (chosen.length === 0)
    throw new SerError(
      'FIELD_INVALID',
      `session: '${req.session}' has no utterance labelled ${config.classes.join(', ')}`,
      { field: 'session' }
    )
  return { run, corpusId, all, chosen, fold, modelDir }
}

/** The neural model's outputs on the session: every head's probabilities per kept utterance, in `utterances` order */
export interface NeuralOutputs {
  utterances: DatasetUtterance[]
  /** The utterances' ids, in the same order */
  ids: string[]
  outputs: number[][][]
  backend: string
}

/** One view of a fold (RunConfig.extraFeatures): its input, its seeds' saved models, its dataset description */
interface SavedView {
  features: RunFeatures
  /** Every seed's model folder (training/fold-files.ts foldMembers), the view's first seed first */
  modelDirs: string[]
  /** The view's training dataset description (its feature names and dims) */
  meta: DatasetMeta
}

/** The models the fold averaged, view by view; a missing one is an error naming it (fewer would not be the run's model) */
function savedViews(sel: HeldOutSelection): SavedView[] {
  const { config } = sel.run.detail
  const members = foldMembers(dirname(sel.modelDir), config)
  for (const m of members) {
    if (!existsSync(join(m.modelDir, 'model.json')))
      throw new SerError(
        'FILE_FORMAT',
        `${m.modelDir}: missing; the fold trained this ${m.features} model (seed ${m.seed})`,
        {
          file: m.modelDir
        }
      )
  }
  const views = [config.features, ...(config.extraFeatures ?? [])]
  return views.map((features, v) => {
    let meta = sel.run.meta
    if (v > 0) {
      const json = datasetPaths(viewDatasetBase(join(sel.run.detail.dir, 'dataset'), v - 1)).json
      if (!existsSync(json))
        throw new SerError('FILE_FORMAT', `${json}: missing; the run trained a ${features} view`, { file: json })
      meta = JSON.parse(readFileSync(json, 'utf8')) as DatasetMeta
    }
    return { features, modelDirs: members.filter((m) => m.view === v).map((m) => m.modelDir), meta }
  })
}

/**
 * The fold's saved CNN (or encoder head) on the session: the features cut to the run's length exactly as training
 * cut them, written as a dataset file pair, scored in a child process. A run with extra views scores each view's
 * model on its own input and averages the views, as training did. Utterances without usable features (in any view)
 * are left out.
 */
export async function neuralOutputs(deps: ScoreDeps, sel: HeldOutSelection, session: string): Promise<NeuralOutputs> {
  const { run } = sel
  const { config } = run.detail
  const views = savedViews(sel)
  // every view's frames of the utterances each view can read
  const matrices: Map<string, { data: Float32Array; frames: number; dims: number }>[] = []
  for (const v of views) {
    const { failed } = await deps.features.ensureAll(v.features, { ids: sel.chosen.map((u) => u.id) })
    const bad = new Set(failed.map((f) => f.id))
    const got = new Map<string, { data: Float32Array; frames: number; dims: number }>()
    for (const u of sel.chosen) {
      if (bad.has(u.id)) continue
      const m = await deps.features.matrix(u.id, v.features)
      if (m.frames >= 1) got.set(u.id, m)
    }
    matrices.push(got)
  }
  const kept = sel.chosen.filter((u) => matrices.every((m) => m.has(u.id)))
  if (kept.length === 0)
    throw new SerError(
      'FIELD_INVALID',
      `session: no utterance of '${session}' has usable ${views.map((v) => v.features).join(' and ')} features`,
      { field: 'session' }
    )
  const dir = join(run.detail.dir, `score-${process.pid}-${Date.now()}`)
  mkdirSync(dir, { recursive: true })
  try {
    let backend = ''
    let utterances: DatasetUtterance[] = []
    const perView: number[][][][] = []
    for (const [k, v] of views.entries()) {
      utterances = []
      const parts: Float32Array[] = []
      let dims = 0
      let offset = 0
      for (const u of kept) {
        const m = matrices[k].get(u.id)!
        dims = m.dims
        const keep = Math.min(m.frames, run.meta.maxFrames) // the first maxSeconds, as training kept them
        parts.push(m.data.subarray(0, keep * m.dims))
        utterances.push(datasetUtterance(u, offset, keep, config))
        offset += keep
      }
      const data = new Float32Array(offset * dims)
      parts.reduce((at, p) => (data.set(p, at), at + p.length), 0)
      const base = join(dir, `dataset-${k}`)
      writeDataset(base, { ...v.meta, dims, utterances, variants: undefined, hash: '' }, data)
      const members: number[][][][] = []
      for (const modelDir of v.modelDirs) {
        const reply = await runScorer({ datasetPath: base, modelDir, backend: config.backend }, deps.log)
        backend = reply.backend.name
        members.push(reply.outputs)
      }
      perView.push(meanOutputs(members))
    }
    return { utterances, ids: kept.map((u) => u.id), outputs: meanOutputs(perView), backend }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The mean of several models' probabilities, head by head (one model: its own outputs) */
function meanOutputs(models: number[][][][]): number[][][] {
  return models[0].map((heads, i) =>
    heads.map((p, h) => p.map((_, k) => models.reduce((s, m) => s + m[i][h][k], 0) / models.length))
  )
}

/** A score from the category head's probabilities (and the auxiliary heads', when the model has them) */
export function heldOutScore(
  req: { runId: string; session: string },
  sel: HeldOutSelection,
  utterances: DatasetUtterance[],
  outputs: number[][][],
  backend: string
): HeldOutScore {
  const { config } = sel.run.detail
  const head = (h: number, labels: readonly string[], truth: (u: DatasetUtterance) => number) =>
    detailedMetrics(
      labels,
      utterances.map(truth),
      outputs.map((o) => argMax(o[h]))
    )
  const multi = outputs.length > 0 && outputs[0].length === 3
  return {
    runId: req.runId,
    corpusId: sel.corpusId,
    session: req.session,
    fold: sel.fold,
    backend,
    utterances: utterances.length,
    skipped: sel.all.length - utterances.length,
    metrics: head(0, config.classes, (u) => u.label),
    activation: multi ? head(1, BINS, (u) => u.activation) : null,
    valence: multi ? head(2, BINS, (u) => u.valence) : null
  }
}

export async function scoreSession(
  deps: ScoreDeps,
  req: { runId: string; session: string; corpusId?: string }
): Promise<HeldOutScore> {
  const sel = selectHeldOut(deps, req)
  const n = await neuralOutputs(deps, sel, req.session)
  return heldOutScore(req, sel, n.utterances, n.outputs, n.backend)
}
