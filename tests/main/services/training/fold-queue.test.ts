import { describe, expect, it } from 'vitest'
import { drainQueue } from '../../../../src/main/services/training/fold-queue'

describe('drainQueue (fold-queue.ts)', () => {
  it('takes every item once, in order, with at most `parallel` at work', async () => {
    const started: number[] = []
    let busy = 0
    let most = 0
    await drainQueue(
      [1, 2, 3, 4, 5],
      2,
      () => false,
      async (item) => {
        started.push(item)
        most = Math.max(most, ++busy)
        await new Promise((r) => setImmediate(r))
        busy--
      }
    )
    expect(started).toEqual([1, 2, 3, 4, 5])
    expect(most).toBe(2)
  })

  it('stops taking items once told to', async () => {
    const done: number[] = []
    await drainQueue(
      [1, 2, 3, 4],
      1,
      () => done.length >= 2,
      async (item) => void done.push(item)
    )
    expect(done).toEqual([1, 2])
  })
})
