/**
 * kissfft's real FFT (kiss_fftr.c) in float32, as kaldi-native-fbank's Rfft uses it, followed by KNF's
 * ComputePowerSpectrum: an N/2-point complex FFT (kiss-fft.ts) of the even/odd samples, then the split with the
 * super-twiddles exp(−iπ(k/(N/2) + ½)). The split follows gcc -ffast-math's association, like the butterflies.
 */
import { createKissFft } from './kiss-fft'
import { KISS_PLAN_CACHE_SIZE, PlanCache } from './plan-cache'

const f = Math.fround

export interface KissFftr {
  readonly size: number
  /** |X[k]|² in float32 for k = 0 … size/2 of the real input (length size), as KNF's ComputePowerSpectrum */
  powerSpectrum(input: Float32Array, power: Float64Array): void
}

const realCache = new PlanCache<KissFftr>(KISS_PLAN_CACHE_SIZE)

export function kissRealPlanCount(): number {
  return realCache.size
}

/** kiss_fftr: a size/2 complex FFT of the even/odd samples, then the split with the super-twiddles. */
export function createKissFftr(size: number): KissFftr {
  const hit = realCache.get(size)
  if (hit) return hit
  if (!Number.isInteger(size) || size < 2 || size % 2 !== 0)
    throw new RangeError(`real FFT size must be even, got ${size}`)
  const ncfft = size / 2
  const sub = createKissFft(ncfft)
  const superR = new Float32Array(Math.max(1, ncfft >> 1))
  const superI = new Float32Array(Math.max(1, ncfft >> 1))
  for (let i = 0; i < ncfft >> 1; i++) {
    const phase = -Math.PI * ((i + 1) / ncfft + 0.5)
    superR[i] = Math.cos(phase)
    superI[i] = Math.sin(phase)
  }
  const tr = new Float32Array(ncfft)
  const ti = new Float32Array(ncfft)
  const outR = new Float32Array(ncfft + 1)
  const outI = new Float32Array(ncfft + 1)
  const fftr: KissFftr = {
    size,
    powerSpectrum(input, power) {
      // the even and odd samples are the real and imaginary parts of an ncfft-point complex signal
      sub.forward(input, tr, ti)
      outR[0] = tr[0] + ti[0]
      outR[ncfft] = tr[0] - ti[0]
      outI[0] = 0
      outI[ncfft] = 0
      // the split as gcc -ffast-math compiles kiss_fftr: tw.r = A − C is folded into ((f1k.r + A) − C) and
      // ((f1k.r + C) − A), with A = f2k.r·w.r and C = f2k.i·w.i
      for (let k = 1; k <= ncfft >> 1; k++) {
        const pr = tr[k]
        const pi = ti[k]
        const nr = tr[ncfft - k]
        const ni = ti[ncfft - k]
        const f1r = f(nr + pr)
        const f1i = f(pi - ni)
        const f2r = f(pr - nr)
        const f2i = f(ni + pi)
        const wr = superR[k - 1]
        const wi = superI[k - 1]
        const a = f(wr * f2r)
        const c = f(f2i * wi)
        const twI = f(f(wi * f2r) + f(f2i * wr))
        outR[k] = f(f(f1r + a) - c) * 0.5
        outI[k] = f(f1i + twI) * 0.5
        outR[ncfft - k] = f(f(f1r + c) - a) * 0.5
        outI[ncfft - k] = f(f(ni - pi) + twI) * 0.5
      }
      power[0] = f(outR[0] * outR[0])
      power[ncfft] = f(outR[ncfft] * outR[ncfft])
      for (let k = 1; k < ncfft; k++) power[k] = f(f(outR[k] * outR[k]) + f(outI[k] * outI[k]))
    }
  }
  realCache.set(size, fftr)
  return fftr
}
