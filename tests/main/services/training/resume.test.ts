/**
 * Cancel, kill and resume. A run is a pure function of its seed (epoch order and dropout masks derive from
 * (seed, fold, epoch, step); Adam's step count and moments are checkpointed), so a run cancelled — or SIGKILLed —
 * mid-epoch and resumed from its last epoch checkpoint ends with the same epochs and metrics as one never stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartTrainingRequest } from '../../../../src/shared/api/training'
import type { RunDetail } from '../../../../src/shared/domain/runs'
import type { DemoIndex } from '../../../helpers/demo-index'
import { demoIndex } from '../../../helpers/demo-index'

// 8 batches an epoch, no early stopping: the epoch count is known in advance
const config: StartTrainingRequest = {
  testSession: '5',
  epochs: 5,
  earlyStoppingPatience: 0,
  seed: 11,
  batchSize: 8,
  filters: 24,
  filterWidths: [5, 10]
}

let demo: DemoIndex
let reference: RunDetail
beforeAll(async () => {
  demo = await demoIndex()
  const { runId } = await demo.services.training.start(config)
  await demo.services.training.wait(runId)
  reference = demo.services.training.get(runId)
  expect(reference.status).toBe('done')
})
afterAll(() => demo?.cleanup())

/** Starts a run and calls `act` once, when epoch 2 has been checkpointed (epoch 3 then starts) */
async function interruptAfterEpoch2(act: (runId: string) => void): Promise<string> {
  const t = demo.services.training
  let fired = false
  let id = ''
  const off = demo.services.events.on('training.progress', (p) => {
    if (!fired && p.runId === id && p.epoch === 2 && p.valLoss !== undefined) {
      fired = true
      act(id)
    }
  })
  id = (await t.start(config)).runId
  await t.wait(id)
  off()
  expect(fired).toBe(true)
  return id
}

function expectSameAsReference(runId: string): void {
  const run = demo.services.training.get(runId)
  expect(run.status).toBe('done')
  expect(run.foldSummaries[0].epochs).toBe(reference.foldSummaries[0].epochs)
  expect(run.epochHistory.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5])
  run.epochHistory.forEach((e, i) => {
    expect(e.loss).toBeCloseTo(reference.epochHistory[i].loss, 4)
    expect(e.valLoss!).toBeCloseTo(reference.epochHistory[i].valLoss!, 4)
  })
  expect(run.metrics!.confusion).toEqual(reference.metrics!.confusion)
}

describe('cancel and resume', () => {
  it('cancel stops within one batch of epoch 3 and keeps epoch 2; resume ends like the uninterrupted run', async () => {
    const t = demo.services.training
    const runId = await interruptAfterEpoch2((id) => expect(t.cancel(id)).toEqual({ cancelled: true }))
    const cancelled = t.get(runId)
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.foldSummaries[0].epochs).toBe(2)
    expect(cancelled.epochHistory).toHaveLength(2)
    expect(cancelled.curve.every((p) => p.epoch <= 3)).toBe(true)

    await t.resume(runId)
    await t.wait(runId)
    expectSameAsReference(runId)
    expect(t.get(runId).curve.every((p, i, all) => i === 0 || p.epoch >= all[i - 1].epoch)).toBe(true)
  })

  it('a trainer killed with SIGKILL mid-epoch fails the run, and resume completes it from the last checkpoint', async () => {
    const t = demo.services.training
    const runId = await interruptAfterEpoch2((id) => {
      const [pid] = t.childPids(id)
      // into epoch 3 (an epoch here takes a few hundred milliseconds)
      setTimeout(() => process.kill(pid, 'SIGKILL'), 80)
    })
    const killed = t.get(runId)
    expect(killed.status).toBe('failed')
    expect(killed.error).toMatch(/SIGKILL/)
    expect(killed.foldSummaries[0].epochs).toBeGreaterThanOrEqual(2)

    await t.resume(runId)
    await t.wait(runId)
    expectSameAsReference(runId)
  })

  it('a finished run cannot be resumed, and an unknown one is NOT_FOUND', async () => {
    await expect(demo.services.training.resume(reference.id)).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'runId'
    })
    await expect(demo.services.training.resume('no-such-run')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'runId'
    })
  })
})
