import { describe, expect, it } from 'vitest'
import { logf } from '../../../../src/main/services/features/float-log'

const asFloat = (bits: number): number => new Float32Array(new Uint32Array([bits]).buffer)[0]

describe('logf (glibc/musl float log)', () => {
  it('matches glibc 2.36 logf where it differs from the correctly rounded log (bit patterns from glibc itself)', () => {
    // [x, logf(x)] as float32 bits: inputs where glibc's result is not Math.fround(Math.log(x))
    const glibc = [
      [1108969084, 1080652239],
      [1749750878, 1113746699],
      [846460220, 3247476577],
      [1033038875, 3223887661],
      [1045237113, 3217938859],
      [1715639191, 1113008670],
      [1065476937, 1013964994],
      [1103780357, 1078903190],
      [1269871366, 1099409891],
      [885088980, 3245171361],
      [804359474, 3249298817],
      [808258300, 3249110282]
    ]
    for (const [x, y] of glibc) {
      expect(logf(asFloat(x))).toBe(asFloat(y))
      expect(Math.fround(Math.log(asFloat(x)))).not.toBe(asFloat(y))
    }
  })

  it('is within one float ULP of the true log elsewhere, and exact at 1', () => {
    for (let i = 0; i < 2000; i++) {
      const x = Math.fround(Math.exp(-40 + (80 * i) / 2000))
      const y = Math.log(x)
      expect(Math.abs(logf(x) - y)).toBeLessThanOrEqual(Math.abs(y) * 2 ** -23 + 1e-30)
    }
    expect(logf(1)).toBe(0)
  })

  it('handles zero, subnormals, infinity and negatives as C does', () => {
    expect(logf(0)).toBe(-Infinity)
    expect(logf(Infinity)).toBe(Infinity)
    expect(logf(-1)).toBeNaN()
    expect(logf(1e-40)).toBeCloseTo(Math.log(Math.fround(1e-40)), 5)
  })
})
