import { describe, expect, it } from 'vitest'
import { patienceSpent, recordEpoch } from '../../../../src/main/services/training/best-epoch'
import type { LoopState } from '../../../../src/main/services/training/checkpoint'
import type { EpochRecord } from '../../../../src/shared/domain/runs'

const fresh: LoopState = {
  epoch: 0,
  bestEpoch: null,
  bestValLoss: null,
  badEpochs: 0,
  bestDir: 'best-0000',
  history: []
}
const rec = (epoch: number, valLoss: number | null): EpochRecord => ({
  fold: 0,
  epoch,
  loss: 1,
  acc: 0.5,
  valLoss,
  valAcc: valLoss === null ? null : 0.5,
  lr: 1e-3,
  seconds: 1
})

describe('early stopping and the best epoch (best-epoch.ts)', () => {
  it('tracks the lowest dev loss and counts the epochs since, without touching the previous state', () => {
    let state = fresh
    const seen: (boolean | null)[] = []
    for (const [epoch, loss] of [
      [1, 0.9],
      [2, 0.7],
      [3, 0.8],
      [4, 0.7],
      [5, 0.6]
    ] as const) {
      const { next, improved } = recordEpoch(state, rec(epoch, loss))
      seen.push(improved)
      expect(next.history).toHaveLength(epoch)
      expect(state.history).toHaveLength(epoch - 1)
      state = next
      if (epoch === 4) {
        expect(state.badEpochs).toBe(2)
        expect(patienceSpent(state, 10, 2)).toBe(true)
        expect(patienceSpent(state, 10, 3)).toBe(false)
        expect(patienceSpent(state, 10, 0)).toBe(false)
        expect(patienceSpent(state, 0, 2)).toBe(false)
      }
    }
    expect(seen).toEqual([true, true, false, false, true])
    expect(state).toMatchObject({ epoch: 5, bestEpoch: 5, bestValLoss: 0.6, badEpochs: 0 })
  })

  it('without a dev split nothing improves and nothing stops', () => {
    const { next, improved } = recordEpoch(fresh, rec(1, null))
    expect(improved).toBeNull()
    expect(next).toMatchObject({ epoch: 1, bestEpoch: null, bestValLoss: null, badEpochs: 0 })
  })
})
