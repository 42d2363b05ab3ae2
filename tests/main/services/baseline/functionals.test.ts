/**
 * The baseline's input rows (src/main/services/baseline/functionals.ts) when eGeMAPS cannot be computed: one failed
 * utterance becomes a row of NaN (mean-imputed when normalised, never a NaN metric); none at all is an error naming
 * `model`, so fusion without a possible baseline says why.
 */
import { describe, expect, it } from 'vitest'
import type { FunctionalsSource } from '../../../../src/main/services/baseline/functionals'
import { functionalRows } from '../../../../src/main/services/baseline/functionals'
import { trainBaselineFold } from '../../../../src/main/services/baseline/baseline-fold'

function source(values: Record<string, number[] | null>): FunctionalsSource {
  return {
    async ensureAll() {
      return {
        failed: Object.entries(values)
          .filter(([, v]) => v === null)
          .map(([id]) => ({ id, error: 'cannot decode' }))
      }
    },
    async matrix(id) {
      const v = values[id]!
      return {
        frames: 1,
        dims: v.length,
        data: Float32Array.from(v),
        frameShiftSec: 0,
        names: v.map((_, i) => `f${i}`)
      }
    }
  }
}

describe('functional rows', () => {
  it('a failed utterance is a NaN row that the fold imputes; the metrics stay finite', async () => {
    const rows = await functionalRows(source({ a: [1, 2], b: null, c: [3, 1], d: [0, 5] }), ['a', 'b', 'c', 'd'])
    expect(rows.d).toBe(2)
    expect(rows.failed.map((f) => f.id)).toEqual(['b'])
    expect(Array.from(rows.x.subarray(2, 4)).every(Number.isNaN)).toBe(true)
    const r = trainBaselineFold({
      x: rows.x,
      d: 2,
      speakers: [null, null, null, null],
      labels: [0, 1, 0, 1],
      classes: ['neu', 'ang'],
      train: [0, 1, 2],
      dev: [],
      test: [3],
      classifier: 'lr',
      normalisation: 'fold'
    })
    expect(r.imputedRows).toBe(1)
    expect(r.testProbabilities[0].every(Number.isFinite)).toBe(true)
  })

  it('no functionals at all is an error naming model', async () => {
    await expect(functionalRows(source({ a: null, b: null }), ['a', 'b'])).rejects.toMatchObject({
      field: 'model',
      message: expect.stringMatching(/^model: .*a: cannot decode/)
    })
  })
})
