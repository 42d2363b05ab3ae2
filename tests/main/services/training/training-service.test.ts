/**
 * Real training on the demo corpus through services.training: trainer child processes on the first backend present, runs
 * stored in SQLite. Small models and few epochs keep each test within seconds on two shared cores.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartTrainingRequest } from '../../../../src/shared/api/training'
import { loadModel } from '../../../../src/main/services/models/model-io'
import type { DemoIndex } from '../../../helpers/demo-index'
import { demoIndex } from '../../../helpers/demo-index'
import { expectBackendRule } from '../../../helpers/backend-rule'

/** A small CNN that still learns the demo's prosody */
const small: StartTrainingRequest = { filters: 32, filterWidths: [5, 10], epochs: 15 }

let demo: DemoIndex
beforeAll(async () => {
  demo = await demoIndex()
})
afterAll(() => demo?.cleanup())

async function train(req: StartTrainingRequest) {
  const { runId } = await demo.services.training.start({ ...small, ...req })
  const summary = await demo.services.training.wait(runId)
  return { runId, summary, detail: demo.services.training.get(runId) }
}

describe('a real training run', () => {
  it('leave-one-session-out: every utterance tested once, pooled accuracy well above chance (25 %)', async () => {
    const { runId, summary, detail } = await train({ task: 'multi' })
    expect(summary.status).toBe('done')
    expectBackendRule(summary.backend)
    expect(detail.foldSummaries.map((f) => f.testGroups)).toEqual([['1'], ['2'], ['3'], ['4'], ['5']])
    const predictions = demo.services.training.predictions(runId)
    expect(predictions).toHaveLength(detail.snapshot!.utterances)
    expect(summary.testUtterances).toBe(detail.snapshot!.utterances)
    for (const p of predictions) {
      expect(Object.values(p.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4)
      expect(p.activation).toHaveLength(3)
    }
    expect(summary.metrics!.wa).toBeGreaterThan(0.5)
    expect(summary.metrics!.ua).toBeGreaterThan(0.45)
    expect(summary.metrics!.confusion.matrix.flat().reduce((a, b) => a + b, 0)).toBe(predictions.length)
    // per-epoch history, the stored curve, and a saved model per fold that loads
    expect(detail.epochHistory.filter((e) => e.fold === 0)).toHaveLength(detail.foldSummaries[0].epochs)
    expect(detail.epochHistory.every((e) => e.valLoss !== null)).toBe(true)
    expect(detail.curve.length).toBeGreaterThanOrEqual(detail.epochHistory.length)
    const model = await loadModel(join(detail.dir, detail.foldSummaries[0].modelDir!))
    expect(model.outputs).toHaveLength(3)
    expect(existsSync(join(detail.dir, detail.foldSummaries[0].modelDir!, 'norm.json'))).toBe(true)
    expect(demo.services.training.list().map((r) => r.id)).toContain(runId)
  })

  it('the same seed twice gives identical metrics and curves; another seed does not', async () => {
    const a = await train({ testSession: '5', epochs: 4, seed: 3 })
    const b = await train({ testSession: '5', epochs: 4, seed: 3 })
    const c = await train({ testSession: '5', epochs: 4, seed: 4 })
    expect(b.summary.metrics).toEqual(a.summary.metrics)
    expect(b.detail.epochHistory.map((e) => [e.loss, e.valLoss])).toEqual(
      a.detail.epochHistory.map((e) => [e.loss, e.valLoss])
    )
    expect(c.detail.epochHistory.map((e) => e.loss)).not.toEqual(a.detail.epochHistory.map((e) => e.loss))
  })
})
