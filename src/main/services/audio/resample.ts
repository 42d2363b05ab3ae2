/**
 * Band-limited sample-rate conversion by a Kaiser-windowed sinc, evaluated in polyphase form for the rational ratio
 * out/in = L/M (reduced by their gcd): output sample n sits at input position n·M/L, whose fractional part takes only
 * L values, so the L sub-filters are computed once. The same design as libsamplerate's and resampy's sinc
 * interpolators; the defaults give a flat passband to 0.45·min(in, out) and ≥ 80 dB of stopband attenuation from
 * 0.5·min(in, out) (tests/main/services/audio/resample.test.ts measures both).
 */

export interface ResampleOptions {
  /** Passband edge as a fraction of the lower of the two rates (0.45 → 7.2 kHz when converting to 16 kHz) */
  passband?: number
  /** Stopband edge as a fraction of the lower rate; 0.5 puts it at the output's Nyquist frequency */
  stopband?: number
  /** Stopband attenuation in dB that sets the Kaiser window's beta and the filter length */
  attenuationDb?: number
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b]
  return a
}

/** Zeroth-order modified Bessel function of the first kind, by its power series (converges fast for x < 30). */
function besselI0(x: number): number {
  let sum = 1
  let term = 1
  const q = (x * x) / 4
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k)
    sum += term
    if (term < 1e-17 * sum) break
  }
  return sum
}

/** Kaiser's empirical formula for beta from the attenuation in dB. */
function kaiserBeta(a: number): number {
  if (a > 50) return 0.1102 * (a - 8.7)
  if (a >= 21) return 0.5842 * Math.pow(a - 21, 0.4) + 0.07886 * (a - 21)
  return 0
}

interface PolyphaseFilter {
  up: number
  down: number
  /** Taps per phase; phase p's taps are coeffs[p*taps … (p+1)*taps) for input offsets −half+1 … half */
  taps: number
  half: number
  coeffs: Float64Array
}

const filterCache = new Map<string, PolyphaseFilter>()

function designFilter(inRate: number, outRate: number, o: Required<ResampleOptions>): PolyphaseFilter {
  const key = `${inRate}:${outRate}:${o.passband}:${o.stopband}:${o.attenuationDb}`
  const cached = filterCache.get(key)
  if (cached) return cached
  const g = gcd(inRate, outRate)
  const up = outRate / g
  const down = inRate / g
  const low = Math.min(inRate, outRate)
  // cutoff midway through the transition band, in cycles per input sample
  const fc = ((o.passband + o.stopband) / 2) * (low / inRate)
  const transition = ((o.stopband - o.passband) * low) / inRate
  // Kaiser's length estimate, in input samples, for this attenuation and transition width
  const length = Math.ceil((o.attenuationDb - 7.95) / (14.36 * transition)) + 1
  const half = Math.max(2, Math.ceil(length / 2))
  const taps = 2 * half
  const beta = kaiserBeta(o.attenuationDb)
  const i0beta = besselI0(beta)
  const coeffs = new Float64Array(up * taps)
  for (let p = 0; p < up; p++) {
    const frac = p / up // output sits frac input samples after the base input sample
    let sum = 0
    for (let j = 0; j < taps; j++) {
      const t = j - half + 1 - frac // input offset relative to the output position
      const r = t / half
      const w = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0beta
      const x = 2 * fc * t
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x)
      const h = 2 * fc * sinc * w
      coeffs[p * taps + j] = h
      sum += h
    }
    // unit DC gain in every phase keeps a constant signal constant
    for (let j = 0; j < taps; j++) coeffs[p * taps + j] /= sum
  }
  const filter = { up, down, taps, half, coeffs }
  filterCache.set(key, filter)
  return filter
}

/** Output length for n input samples: the samples whose position n·M/L falls inside the input. */
export function resampledLength(n: number, inRate: number, outRate: number): number {
  return Math.ceil((n * outRate) / inRate)
}

/** Resamples one channel. Returns the input itself when the rates are equal. */
export function resample(
  input: Float32Array,
  inRate: number,
  outRate: number,
  options: ResampleOptions = {}
): Float32Array {
  if (!Number.isInteger(inRate) || !Number.isInteger(outRate) || inRate <= 0 || outRate <= 0) {
    throw new RangeError(`sample rates must be positive integers, got ${inRate} → ${outRate}`)
  }
  if (inRate === outRate) return input
  const o: Required<ResampleOptions> = {
    passband: options.passband ?? 0.45,
    stopband: options.stopband ?? 0.5,
    attenuationDb: options.attenuationDb ?? 90
  }
  const f = designFilter(inRate, outRate, o)
  const n = input.length
  const outLen = resampledLength(n, inRate, outRate)
  const out = new Float32Array(outLen)
  const { up, down, taps, half, coeffs } = f
  for (let k = 0; k < outLen; k++) {
    const pos = k * down // position in units of 1/up input samples
    const base = Math.floor(pos / up)
    const phase = pos - base * up
    const c0 = phase * taps
    const start = base - half + 1
    let acc = 0
    if (start >= 0 && start + taps <= n) {
      for (let j = 0; j < taps; j++) acc += coeffs[c0 + j] * input[start + j]
    } else {
      // zeros beyond both ends
      for (let j = 0; j < taps; j++) {
        const i = start + j
        if (i >= 0 && i < n) acc += coeffs[c0 + j] * input[i]
      }
    }
    out[k] = acc
  }
  return out
}
