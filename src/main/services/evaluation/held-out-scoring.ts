/**
 * Held-out scoring (evaluation.score, `ser evaluate --run ID --session S`): one session scored by the saved model of
 * the fold that never saw it. On the run's own corpus that is the fold whose plan put no utterance and no speaker of
 * the session into its training or dev split; if no fold qualifies the request is refused (CONFLICT) naming the
 * session, since a score on seen data would flatter the model. The session's features are cut to the run's length
 * exactly as training cut them (training/dataset.ts), written as a dataset file pair, and scored in a child process.
 */
import { fork } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { HeldOutScore } from '../../../shared/domain/evaluation'
import { BINS } from '../../../shared/domain/evaluation'
import { toClassSet } from '../../../shared/domain/categories'
import { SerError } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import { workerEntry } from '../runtime/worker-entry'
import type { FeatureSource } from '../training/dataset'
import { datasetUtterance } from '../training/dataset'
import type { DatasetMeta, DatasetUtterance } from '../training/dataset-file'
import { writeDataset } from '../training/dataset-file'
import { detailedMetrics } from '../metrics/class-metrics'
import { argMax } from '../metrics/metrics'
import type { ScoreJob, ScorerReply } from './scorer-messages'
import type { RunSource } from '../training/stored-run'
import { loadStoredRun } from '../training/stored-run'
import { pickFold } from '../training/held-out-fold'

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

export async function scoreSession(
  deps: ScoreDeps,
  req: { runId: string; session: string; corpusId?: string }
): Promise<HeldOutScore> {
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

  const { failed } = await deps.features.ensureAll(config.features, { ids: chosen.map((u) => u.id) })
  const bad = new Set(failed.map((f) => f.id))
  const utterances: DatasetUtterance[] = []
  const parts: Float32Array[] = []
  let dims = 0
  let offset = 0
  for (const u of chosen) {
    if (bad.has(u.id)) continue
    const m = await deps.features.matrix(u.id, config.features)
    if (m.frames < 1) continue
    dims = m.dims
    const keep = Math.min(m.frames, run.meta.maxFrames) // the first maxSeconds, as training kept them
    parts.push(m.data.subarray(0, keep * m.dims))
    utterances.push(datasetUtterance(u, offset, keep, config))
    offset += keep
  }
  if (utterances.length === 0)
    throw new SerError(
      'FIELD_INVALID',
      `session: no utterance of '${req.session}' has usable ${config.features} features`,
      { field: 'session' }
    )
  const data = new Float32Array(offset * dims)
  parts.reduce((at, p) => (data.set(p, at), at + p.length), 0)
  const dir = join(run.detail.dir, `score-${process.pid}-${Date.now()}`)
  mkdirSync(dir, { recursive: true })
  const meta: DatasetMeta = { ...run.meta, dims, utterances, hash: '' }
  try {
    writeDataset(join(dir, 'dataset'), meta, data)
    const reply = await runScorer({ datasetPath: join(dir, 'dataset'), modelDir, backend: config.backend }, deps.log)
    const head = (h: number, labels: readonly string[], truth: (u: DatasetUtterance) => number) =>
      detailedMetrics(
        labels,
        utterances.map(truth),
        reply.outputs.map((o) => argMax(o[h]))
      )
    const multi = reply.outputs.length > 0 && reply.outputs[0].length === 3
    return {
      runId: req.runId,
      corpusId,
      session: req.session,
      fold,
      backend: reply.backend.name,
      utterances: utterances.length,
      skipped: all.length - utterances.length,
      metrics: head(0, config.classes, (u) => u.label),
      activation: multi ? head(1, BINS, (u) => u.activation) : null,
      valence: multi ? head(2, BINS, (u) => u.valence) : null
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
