/**
 * Real FFT of power-of-two size: an N/2-point complex radix-2 FFT over the even/odd samples packed as re/im, then
 * the standard split step to the N/2+1 bins of the real signal. Twiddles and the bit-reversal table are computed once
 * per size and cached; the transform allocates nothing. Float64 throughout, so it agrees with float64 references
 * better than Kaldi's own float32 FFT does.
 */

export interface RealFft {
  readonly size: number
  /**
   * Transforms `input` (length `size`, left untouched) into `re`/`im` (length size/2 + 1 each):
   * X[k] = Σ x[n]·e^(−2πikn/N).
   */
  forward(input: ArrayLike<number>, re: Float64Array, im: Float64Array): void
  /** |X[k]|² for k = 0 … size/2, written into `power` (length size/2 + 1). */
  powerSpectrum(input: ArrayLike<number>, power: Float64Array): void
}

const cache = new Map<number, RealFft>()

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0
}

/** The smallest power of two ≥ n (Kaldi's round_to_power_of_two). */
export function nextPowerOfTwo(n: number): number {
  let p = 1
  while (p < n) p <<= 1
  return p
}

export function createRealFft(size: number): RealFft {
  const hit = cache.get(size)
  if (hit) return hit
  if (!isPowerOfTwo(size) || size < 4) throw new RangeError(`FFT size must be a power of two ≥ 4, got ${size}`)
  const half = size >> 1
  const bits = Math.log2(half)
  const rev = new Uint32Array(half)
  for (let i = 0; i < half; i++) {
    let r = 0
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b)
    rev[i] = r
  }
  // twiddles of the half-size complex FFT, and of the real-split step
  const cosT = new Float64Array(half / 2 || 1)
  const sinT = new Float64Array(half / 2 || 1)
  for (let i = 0; i < half / 2; i++) {
    cosT[i] = Math.cos((2 * Math.PI * i) / half)
    sinT[i] = -Math.sin((2 * Math.PI * i) / half)
  }
  const cosS = new Float64Array(half + 1)
  const sinS = new Float64Array(half + 1)
  for (let k = 0; k <= half; k++) {
    cosS[k] = Math.cos((2 * Math.PI * k) / size)
    sinS[k] = -Math.sin((2 * Math.PI * k) / size)
  }
  const zr = new Float64Array(half)
  const zi = new Float64Array(half)

  function complexHalf(input: ArrayLike<number>): void {
    for (let i = 0; i < half; i++) {
      const j = rev[i]
      zr[j] = input[2 * i]
      zi[j] = input[2 * i + 1]
    }
    for (let len = 2; len <= half; len <<= 1) {
      const h = len >> 1
      const step = half / len
      for (let s = 0; s < half; s += len) {
        for (let k = 0, t = 0; k < h; k++, t += step) {
          const a = s + k
          const b = a + h
          const wr = cosT[t]
          const wi = sinT[t]
          const xr = zr[b] * wr - zi[b] * wi
          const xi = zr[b] * wi + zi[b] * wr
          zr[b] = zr[a] - xr
          zi[b] = zi[a] - xi
          zr[a] += xr
          zi[a] += xi
        }
      }
    }
  }

  const fft: RealFft = {
    size,
    forward(input, re, im) {
      complexHalf(input)
      // X[k] = E[k] + W^k·O[k], with E, O recovered from Z[k] and conj(Z[N/2−k])
      for (let k = 0; k <= half; k++) {
        const k1 = k === half ? 0 : k
        const k2 = k === 0 ? 0 : half - k
        const ar = zr[k1]
        const ai = zi[k1]
        const br = zr[k2]
        const bi = -zi[k2]
        const er = 0.5 * (ar + br)
        const ei = 0.5 * (ai + bi)
        const or = 0.5 * (ai - bi)
        const oi = -0.5 * (ar - br)
        const wr = cosS[k]
        const wi = sinS[k]
        re[k] = er + wr * or - wi * oi
        im[k] = ei + wr * oi + wi * or
      }
    },
    powerSpectrum(input, power) {
      complexHalf(input)
      for (let k = 0; k <= half; k++) {
        const k1 = k === half ? 0 : k
        const k2 = k === 0 ? 0 : half - k
        const ar = zr[k1]
        const ai = zi[k1]
        const br = zr[k2]
        const bi = -zi[k2]
        const er = 0.5 * (ar + br)
        const ei = 0.5 * (ai + bi)
        const or = 0.5 * (ai - bi)
        const oi = -0.5 * (ar - br)
        const wr = cosS[k]
        const wi = sinS[k]
        const xr = er + wr * or - wi * oi
        const xi = ei + wr * oi + wi * or
        power[k] = xr * xr + xi * xi
      }
    }
  }
  cache.set(size, fft)
  return fft
}
