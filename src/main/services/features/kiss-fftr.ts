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
  // float twiddles (as kissfft stores them), kept in float64, which holds them exactly and reads them unconverted
  const superR = new Float64Array(Math.max(1, ncfft >> 1))
  const superI = new Float64Array(Math.max(1, ncfft >> 1))
  for (let i = 0; i < ncfft >> 1; i++) {
    const phase = -Math.PI * ((i + 1) / ncfft + 0.5)
    superR[i] = f(Math.cos(phase))
    superI[i] = f(Math.sin(phase))
  }
  const tr = new Float32Array(ncfft)
  const ti = new Float32Array(ncfft)
  const fftr: KissFftr = {
    size,
    powerSpectrum(input, power) {
      // the even and odd samples are the real and imaginary parts of an ncfft-point complex signal
      sub.forward(input, tr, ti)
      // the split's outputs go straight into the power spectrum: each f(…) is the float the C stores in its
      // output array (the halving rounded too, as the store rounds it), so |X[k]|² reads the same values
      const r0 = f(tr[0] + ti[0])
      const rn = f(tr[0] - ti[0])
      power[0] = f(r0 * r0)
      power[ncfft] = f(rn * rn)
      // the split as gcc -ffast-math compiles kiss_fftr: tw.r = A − C is folded into ((f1k.r + A) − C) and
      // ((f1k.r + C) − A), with A = f2k.r·w.r and C = f2k.i·w.i; at k = ncfft/2 both halves write the same bin,
      // the second as in the C
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
        const kr = f(f(f(f1r + a) - c) * 0.5)
        const ki = f(f(f1i + twI) * 0.5)
        const mr = f(f(f(f1r + c) - a) * 0.5)
        const mi = f(f(f(ni - pi) + twI) * 0.5)
        power[k] = f(f(kr * kr) + f(ki * ki))
        power[ncfft - k] = f(f(mr * mr) + f(mi * mi))
      }
    }
  }
  realCache.set(size, fftr)
  return fftr
}
