/**
 * The evaluation area on a real index and a really trained run (tiny corpus, one fold holding session 3 out, one
 * epoch): the stored fold plan, metrics from the stored predictions, held-out scoring through the scorer child —
 * which reproduces the run's own test metrics on its test session and refuses, naming the session, any session the
 * model trained on — and the second-look list.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import { createDispatcher } from '../../../../src/main/transports/dispatch'
import type { RunSummary } from '../../../../src/shared/domain/runs'
import { tempDir } from '../../../helpers/temp-dir'
import { importTiny, TINY_TRAIN } from '../../../helpers/tiny-iemocap'

let s: Services
let cleanup: () => void
let run: RunSummary

beforeAll(async () => {
  const t = tempDir('ser-evaluation-')
  cleanup = t.cleanup
  s = createServices({ dbPath: join(t.dir, 'index.db') })
  await importTiny(s, t.dir)
  const { runId } = await s.training.start({ ...TINY_TRAIN, task: 'multi' })
  run = await s.training.wait(runId)
  expect(run.status, run.error ?? '').toBe('done')
}, 180_000)

afterAll(() => {
  s?.close()
  cleanup?.()
})

describe('evaluation service', () => {
  it('shows the stored fold plan: session 3 and its speakers tested, the dev split from sessions 1–2', async () => {
    const plan = await createDispatcher(s).call('evaluation.folds', { runId: run.id })
    expect(plan).toMatchObject({ runId: run.id, unit: 'session', devSplit: 'utterances', devFraction: 0.2 })
    const [fold] = (
      plan as {
        folds: {
          testGroups: string[]
          trainGroups: string[]
          testSpeakers: string[]
          devSpeakers: string[]
          trainSpeakers: string[]
          test: number
        }[]
      }
    ).folds
    expect(fold.testGroups).toEqual(['3'])
    expect(fold.trainGroups).toEqual(['1', '2'])
    expect(fold.testSpeakers).toEqual(['Ses03F', 'Ses03M'])
    for (const sp of fold.devSpeakers) expect(sp).toMatch(/^Ses0[12]/)
    expect(fold.test).toBe(run.testUtterances)
  })

  it('computes metrics from the stored predictions that equal what training stored', () => {
    const e = s.evaluation.metrics(run.id)
    expect(e.category.pooled.confusion).toEqual(run.metrics!.confusion)
    expect(e.category.pooled.wa).toBeCloseTo(run.metrics!.wa, 12)
    expect(e.category.folds).toHaveLength(1)
    // a multi-task run scores its activation and valence heads too
    expect(e.activation?.pooled.confusion.labels).toEqual(['low', 'mid', 'high'])
    expect(e.valence?.pooled.items).toBeGreaterThan(0)
  })

  it("scores the held-out session with the saved model and reproduces the run's test metrics", async () => {
    const score = await s.evaluation.score({ runId: run.id, session: '3' })
    expect(score).toMatchObject({ runId: run.id, session: '3', fold: 0, utterances: run.testUtterances })
    expect(score.metrics.confusion).toEqual(run.metrics!.confusion)
    expect(score.activation).not.toBeNull()
  }, 60_000)

  it('refuses a session the model trained on, naming it (CONFLICT on field session)', async () => {
    await expect(s.evaluation.score({ runId: run.id, session: '1' })).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'session',
      message: expect.stringContaining("session: '1' was in the training or dev data") as unknown
    })
    await expect(createDispatcher(s).call('evaluation.score', { runId: run.id, session: '2' })).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'session'
    })
    await expect(s.evaluation.score({ runId: run.id, session: '9' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'session'
    })
  })

  it('lists the second look from the held-out predictions, every item a disagreement with the current label', () => {
    const items = s.evaluation.secondLook({ runId: run.id, minConfidence: 0 })
    const predictions = new Map(s.training.predictions(run.id).map((p) => [p.utteranceId, p]))
    expect(items.length).toBeGreaterThan(0)
    for (const i of items) {
      expect(Object.keys(i).slice(0, 5)).toEqual(['id', 'label', 'predicted', 'confidence', 'reason'])
      expect(i.predicted).not.toBe(i.label)
      expect(i.id).toMatch(/^Ses03/)
      expect(i.confidence).toBeCloseTo(predictions.get(i.id)!.probabilities[i.predicted], 12)
    }
    const margins = items.map((i) => i.margin)
    expect(margins).toEqual([...margins].sort((a, b) => b - a))
  })
})
