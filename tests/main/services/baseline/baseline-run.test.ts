/**
 * Baseline and fusion runs end to end on the demo corpus through services.training: stored as ordinary runs (folds,
 * epochs = the C grid, per-utterance predictions) that the evaluation area reads like any run; fusion's weight on
 * each fold; the events the live view follows.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TrainingProgress } from '../../../../src/shared/api/training'
import type { DemoIndex } from '../../../helpers/demo-index'
import { demoIndex } from '../../../helpers/demo-index'
import { BACKEND_NAMES } from '../../../../src/shared/domain/training'

let demo: DemoIndex
beforeAll(async () => {
  demo = await demoIndex()
})
afterAll(() => demo?.cleanup())

describe('baseline runs', () => {
  it('train every LOSO fold in process, store predictions, and read like any run', async () => {
    const points: TrainingProgress[] = []
    const ended: string[] = []
    const offs = [
      demo.services.events.on('training.progress', (p) => points.push(p)),
      demo.services.events.on('training.ended', (e) => ended.push(e.status))
    ]
    const { runId } = await demo.services.training.start({ model: 'baseline' })
    const summary = await demo.services.training.wait(runId)
    offs.forEach((off) => off())
    expect(summary.status, summary.error ?? '').toBe('done')
    // the demo corpus names a speaker for every utterance: the baseline normalises per speaker by default
    expect(summary.config).toMatchObject({
      model: 'baseline',
      classifier: 'lr',
      normalisation: 'speaker',
      preset: 'paper'
    })
    const detail = demo.services.training.get(runId)
    expect(detail.foldSummaries.map((f) => f.testGroups)).toEqual([['1'], ['2'], ['3'], ['4'], ['5']])
    expect(detail.snapshot?.dims).toBe(88)
    const predictions = demo.services.training.predictions(runId)
    expect(predictions).toHaveLength(detail.snapshot!.utterances)
    for (const p of predictions) expect(Object.values(p.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
    expect(Number.isFinite(summary.metrics!.ua)).toBe(true)
    expect(summary.metrics!.ua).toBeGreaterThan(0.5) // the demo's classes differ in prosody
    // one epoch per C of the grid, the chosen C is the best epoch, and the live view saw them
    for (const f of detail.foldSummaries) {
      expect(f.epochs).toBe(4)
      expect(f.bestEpoch).toBeGreaterThanOrEqual(1)
      expect(f.modelInfo).toMatchObject({ classifier: 'lr', normalisation: 'speaker' })
      expect([0.01, 0.1, 1, 10]).toContain(f.modelInfo!.c)
      expect(existsSync(join(detail.dir, f.modelDir!, 'baseline.json'))).toBe(true)
    }
    expect(points.filter((p) => p.runId === runId)).toHaveLength(20)
    expect(ended).toEqual(['done'])
    // the evaluation area reads it as it reads a CNN run
    const evaluation = demo.services.evaluation.metrics(runId)
    expect(evaluation.category.pooled.ua).toBeCloseTo(summary.metrics!.ua, 10)
    // held-out scoring: the fold that tested session 5 scores it again, in process, with the same numbers
    const scored = await demo.services.evaluation.score({ runId, session: '5' })
    const fold5 = detail.foldSummaries.find((f) => f.testGroups.includes('5'))!
    expect(scored).toMatchObject({ fold: fold5.fold, backend: 'in-process', utterances: fold5.testUtterances })
    expect(scored.metrics.ua).toBeCloseTo(fold5.metrics!.ua, 12)
    expect(scored.metrics.confusion).toEqual(fold5.metrics!.confusion)
    // the baseline beside this run is the run itself: no difference
    const self = await demo.services.baseline.compare(runId)
    expect(self).toMatchObject({
      source: 'run',
      deltaUa: 0,
      deltaWa: 0,
      baseline: { classifier: 'lr', normalisation: 'speaker', ua: summary.metrics!.ua }
    })
  })

  it('the SVM and per-fold normalisation are options; the same seed gives the same metrics', async () => {
    const a = await demo.services.training.start({
      model: 'baseline',
      classifier: 'svm',
      normalisation: 'fold',
      folds: 2
    })
    const b = await demo.services.training.start({
      model: 'baseline',
      classifier: 'svm',
      normalisation: 'fold',
      folds: 2
    })
    const [ra, rb] = [await demo.services.training.wait(a.runId), await demo.services.training.wait(b.runId)]
    expect(ra.status).toBe('done')
    expect(ra.config).toMatchObject({ classifier: 'svm', normalisation: 'fold' })
    expect(rb.metrics).toEqual(ra.metrics)
  })
})

describe('fusion runs', () => {
  it('train the CNN in a child and the baseline here, and weigh them on dev', async () => {
    const { runId } = await demo.services.training.start({
      model: 'fusion',
      testSession: '5',
      epochs: 3,
      filters: 16,
      filterWidths: [5, 10],
      task: 'multi'
    })
    const summary = await demo.services.training.wait(runId)
    expect(summary.status, summary.error ?? '').toBe('done')
    // the CNN part ran in a trainer child, which names the backend it chose (whichever this machine has)
    expect(BACKEND_NAMES).toContain(summary.backend?.name)
    const fold = demo.services.training.get(runId).foldSummaries[0]
    const w = fold.modelInfo!.cnnWeight as number
    expect(w).toBeGreaterThanOrEqual(0)
    expect(w).toBeLessThanOrEqual(1)
    const predictions = demo.services.training.predictions(runId)
    expect(predictions).toHaveLength(fold.testUtterances)
    for (const p of predictions) {
      expect(Object.values(p.probabilities).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5)
      expect(p.activation).toHaveLength(3) // the CNN's auxiliary heads are kept
    }
    // the baseline on the same fold: computed once, then read from the cache
    const first = await demo.services.baseline.compare(runId)
    expect(first.source).toBe('computed')
    expect(first.baseline.utterances).toBe(fold.testUtterances)
    expect(first.deltaUa).toBeCloseTo(100 * (summary.metrics!.ua - first.baseline.ua), 10)
    expect(Number.isFinite(first.baseline.ua)).toBe(true)
    const again = await demo.services.baseline.compare(runId)
    expect(again).toEqual({ ...first, source: 'cache' })
  })
})
