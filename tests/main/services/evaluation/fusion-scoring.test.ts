/**
 * Held-out scoring of fusion runs (evaluation/fusion-scoring.ts) end to end on a real index and really trained runs
 * (the tiny corpus, one fold holding session 3 and its two speakers out), through the dispatcher the CLI, the web
 * mode and IPC share: the fold's CNN, its baseline and its weight score the unseen speakers and reproduce the run's
 * own test metrics; per-class metrics and the confusion matrix are finite and consistent; a seen session is
 * refused naming it. And fusion at weight 1 / 0 equals the CNN / the baseline alone, in training and in scoring.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import { createRunFeatureSource } from '../../../../src/main/services/encoders/run-features'
import { fusionOutputs } from '../../../../src/main/services/evaluation/fusion-scoring'
import { selectHeldOut } from '../../../../src/main/services/evaluation/held-out-scoring'
import { createDispatcher } from '../../../../src/main/transports/dispatch'
import type { StartTrainingRequest } from '../../../../src/shared/api/training'
import type { DetailedMetrics, HeldOutScore } from '../../../../src/shared/domain/evaluation'
import type { RunSummary } from '../../../../src/shared/domain/runs'
import { tempDir } from '../../../helpers/temp-dir'
import { importTiny, TINY_TRAIN } from '../../../helpers/tiny-iemocap'

let s: Services
let cleanup: () => void

/** The CNN part's options, shared by the fusion runs and the CNN run they are compared with */
const CNN: StartTrainingRequest = { ...TINY_TRAIN, epochs: 2, task: 'multi', normalisation: 'speaker' }

async function train(req: StartTrainingRequest): Promise<RunSummary> {
  const { runId } = await s.training.start(req)
  const run = await s.training.wait(runId)
  expect(run.status, run.error ?? '').toBe('done')
  return run
}

/** Scored through the one dispatcher every transport uses (schema check, service call, error mapping) */
async function score(runId: string, session: string): Promise<HeldOutScore> {
  return (await createDispatcher(s).call('evaluation.score', { runId, session })) as HeldOutScore
}

function expectConsistent(m: DetailedMetrics, utterances: number): void {
  const { labels, matrix } = m.confusion
  expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(utterances)
  labels.forEach((label, i) => {
    const row = matrix[i].reduce((a, b) => a + b, 0)
    expect(m.support[label] ?? 0).toBe(row)
    const recall = m.perClassRecall[label]
    // a class the session does not have has no recall (null), never NaN
    if (row === 0) expect(recall).toBeNull()
    else expect(recall).toBeCloseTo(matrix[i][i] / row, 12)
  })
  const tested = labels.map((l) => m.perClassRecall[l]).filter((r): r is number => r !== null)
  for (const r of tested) expect(Number.isFinite(r)).toBe(true)
  expect(m.ua).toBeCloseTo(tested.reduce((a, b) => a + b, 0) / tested.length, 12)
  expect(m.wa).toBeCloseTo(labels.reduce((a, _, i) => a + matrix[i][i], 0) / utterances, 12)
  expect(Number.isFinite(m.macroF1)).toBe(true)
}

/** Session 3 scored with the run's saved fold models: utterance by utterance the probabilities training stored */
async function expectStoredProbabilities(run: RunSummary): Promise<void> {
  const stored = new Map(s.training.predictions(run.id).map((p) => [p.utteranceId, p.probabilities]))
  const sel = selectHeldOut({ runs: s.training, corpus: s.corpus }, { runId: run.id, session: '3' })
  const deps = {
    runs: s.training,
    corpus: s.corpus,
    features: createRunFeatureSource(s.features, s.encoders),
    log: () => {}
  }
  const fused = await fusionOutputs(deps, sel, '3')
  expect([...fused.ids].sort()).toEqual([...stored.keys()].sort())
  fused.ids.forEach((id, i) =>
    run.config.classes.forEach((c, k) =>
      expect(fused.outputs[i][0][k], `${id} ${c}`).toBeCloseTo(stored.get(id)![c], 5)
    )
  )
}

beforeAll(async () => {
  const t = tempDir('ser-fusion-scoring-')
  cleanup = t.cleanup
  s = createServices({ dbPath: join(t.dir, 'index.db') })
  await importTiny(s, t.dir)
}, 60_000)

afterAll(() => {
  s?.close()
  cleanup?.()
})

describe('held-out scoring of a fusion run', () => {
  it('scores unseen speakers with the fold’s CNN, baseline and weight, and reproduces the run’s test metrics', async () => {
    const run = await train({ ...CNN, model: 'fusion', fusionWeight: 0.3 })
    const fold = s.training.get(run.id).foldSummaries[0]
    const dir = join(s.training.get(run.id).dir, fold.modelDir!)
    // the fold's final model, side by side: the CNN, its normalisation, the baseline, the weight
    for (const f of ['model.json', 'norm.json', 'baseline.json', 'fusion.json'])
      expect(existsSync(join(dir, f)), f).toBe(true)

    const scored = await score(run.id, '3')
    expect(scored).toMatchObject({ runId: run.id, session: '3', fold: 0, utterances: run.testUtterances })
    expect(scored.fusionWeight).toBe(fold.modelInfo!.cnnWeight)
    expect(scored.metrics.confusion).toEqual(run.metrics!.confusion)
    expect(scored.metrics.ua).toBeCloseTo(run.metrics!.ua, 12)
    expectConsistent(scored.metrics, scored.utterances)
    // utterance by utterance, the fused probabilities are the ones training stored for its test session
    await expectStoredProbabilities(run)
    // the CNN's auxiliary heads are scored as for a CNN run
    expect(scored.activation?.confusion.labels).toEqual(['low', 'mid', 'high'])

    await expect(score(run.id, '1')).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'session',
      message: expect.stringContaining("session: '1' was in the training or dev data") as unknown
    })
  }, 180_000)

  it('an ensemble fold (ensembleSeeds 2) scores with every seed’s CNN, averaged as training averaged them', async () => {
    const run = await train({ ...CNN, model: 'fusion', fusionWeight: 0.7, ensembleSeeds: 2 })
    const detail = s.training.get(run.id)
    expect(existsSync(join(detail.dir, 'fold-0', 'seed-1', 'model', 'model.json'))).toBe(true)
    await expectStoredProbabilities(run)
    expect((await score(run.id, '3')).metrics.confusion).toEqual(run.metrics!.confusion)
  }, 180_000)

  it('extra views (an MFCC CNN beside the log-Mel one, 2 seeds each) score every view’s models, averaged as trained', async () => {
    const run = await train({ ...CNN, model: 'fusion', fusionWeight: 0.6, ensembleSeeds: 2, extraFeatures: ['mfcc'] })
    const detail = s.training.get(run.id)
    expect(existsSync(join(detail.dir, 'fold-0', 'view-1', 'seed-1', 'model', 'model.json'))).toBe(true)
    await expectStoredProbabilities(run)
    expect((await score(run.id, '3')).metrics.confusion).toEqual(run.metrics!.confusion)
  }, 240_000)

  it('at weight 1 equals the CNN alone and at weight 0 the baseline alone, trained and scored', async () => {
    const cnn = await train({ ...CNN, model: 'cnn' })
    const cnnOnly = await train({ ...CNN, model: 'fusion', fusionWeight: 1 })
    const { task: _task, ...linear } = CNN
    const baseline = await train({ ...linear, model: 'baseline' })
    const baselineOnly = await train({ ...linear, model: 'fusion', fusionWeight: 0 })

    const probabilities = (runId: string) =>
      Object.fromEntries(s.training.predictions(runId).map((p) => [p.utteranceId, p.probabilities]))
    const same = (a: Record<string, Record<string, number>>, b: Record<string, Record<string, number>>) => {
      expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
      for (const id of Object.keys(a))
        for (const [c, p] of Object.entries(a[id])) expect(b[id][c], `${id} ${c}`).toBeCloseTo(p, 6)
    }
    same(probabilities(cnnOnly.id), probabilities(cnn.id))
    same(probabilities(baselineOnly.id), probabilities(baseline.id))
    expect(cnnOnly.metrics!.confusion).toEqual(cnn.metrics!.confusion)
    expect(baselineOnly.metrics!.confusion).toEqual(baseline.metrics!.confusion)

    const [a, b, c, d] = await Promise.all([
      score(cnnOnly.id, '3'),
      score(cnn.id, '3'),
      score(baselineOnly.id, '3'),
      score(baseline.id, '3')
    ])
    expect(a.fusionWeight).toBe(1)
    expect(a.metrics.confusion).toEqual(b.metrics.confusion)
    expect(c.fusionWeight).toBe(0)
    expect(c.metrics.confusion).toEqual(d.metrics.confusion)
    for (const x of [a, b, c, d]) expectConsistent(x.metrics, x.utterances)
  }, 300_000)
})
