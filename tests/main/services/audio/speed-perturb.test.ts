/**
 * Speed perturbation (Kaldi-style, issue 14): the audio played `factor` times as fast — duration ÷ factor, every
 * frequency × factor — through the project's resampler; no randomness, so the same input gives the same output.
 */
import { describe, expect, it } from 'vitest'
import { speedPerturb } from '../../../../src/main/services/audio/speed-perturb'

const RATE = 16000

function tone(hz: number, seconds: number): Float32Array {
  return Float32Array.from({ length: Math.round(RATE * seconds) }, (_, i) => Math.sin((2 * Math.PI * hz * i) / RATE))
}

/** Zero crossings per second: twice the frequency of a pure tone */
function frequency(x: Float32Array): number {
  let crossings = 0
  for (let i = 1 + 400; i < x.length - 400; i++) if (x[i - 1] < 0 !== x[i] < 0) crossings++
  return crossings / 2 / ((x.length - 801) / RATE)
}

describe('speed perturbation', () => {
  it.each([0.9, 1.1])('factor %s changes the duration by 1/factor and the pitch by the factor', (factor) => {
    const x = tone(440, 1)
    const y = speedPerturb(x, RATE, factor)
    expect(Math.abs(y.length - x.length / factor)).toBeLessThanOrEqual(1)
    expect(frequency(y) / 440).toBeCloseTo(factor, 2)
  })

  it('is deterministic, and factor 1 leaves the audio as it is', () => {
    const x = tone(300, 0.5)
    expect(Array.from(speedPerturb(x, RATE, 0.9))).toEqual(Array.from(speedPerturb(x, RATE, 0.9)))
    expect(speedPerturb(x, RATE, 1)).toBe(x)
    expect(() => speedPerturb(x, RATE, 0)).toThrow(/speed factor/)
  })
})
