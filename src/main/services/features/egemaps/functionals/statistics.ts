/**
 * The statistical functionals eGeMAPSv02 uses, as openSMILE's cFunctionals (src/functionals/functionals.cpp),
 * cFunctionalMoments (functionalMoments.cpp: amean, stddevNorm = 2, i.e. σ/μ without abs) and
 * cFunctionalPercentiles (functionalPercentiles.cpp: linearly interpolated percentiles, pctlrange = |p_b − p_a|).
 * cFunctionals computes the mean in double and hands it on as a float; values are float32 throughout.
 */
const f32 = Math.fround

/** cFunctionals with nonZeroFuncts = 1: only the values ≠ 0 take part. */
export function nonZero(x: ArrayLike<number>, n: number = x.length): Float64Array {
  let k = 0
  for (let i = 0; i < n; i++) if (x[i] !== 0) k++
  const out = new Float64Array(k)
  k = 0
  for (let i = 0; i < n; i++) if (x[i] !== 0) out[k++] = x[i]
  return out
}

/** The input mean as cFunctionals passes it to its sub-components: a double sum, divided, cast to float. */
export function floatMean(x: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < x.length; i++) m += f32(x[i])
  return f32(m / x.length)
}

/** [amean, stddevNorm] (cFunctionalMoments); [0, 0] for an empty input, as cFunctionals zero-fills. */
export function meanAndStddevNorm(x: ArrayLike<number>): [number, number] {
  const n = x.length
  if (n === 0) return [0, 0]
  const mean = floatMean(x)
  let m2 = 0
  for (let i = 0; i < n; i++) {
    const d = f32(x[i]) - mean
    m2 += d * d
  }
  m2 /= n
  if (!(m2 > 0)) return [mean, 0]
  return [mean, f32(Math.sqrt(m2) / (mean === 0 ? 1 : mean))]
}

/** cFunctionalPercentiles::getInterpPctl on float32-sorted values. */
function interpPercentile(p: number, sorted: Float32Array): number {
  const n = sorted.length
  const idx = p * (n - 1)
  const i1 = Math.min(n - 1, Math.max(0, Math.floor(idx)))
  const i2 = Math.min(n - 1, Math.max(0, Math.ceil(idx)))
  if (i1 === i2) return sorted[i1]
  return f32(f32(sorted[i1] * f32(i2 - idx)) + f32(sorted[i2] * f32(idx - i1)))
}

/** Percentiles 20/50/80 and the 20–80 range (pctlrange0-2); zeros for an empty input. */
export function percentiles20to80(x: ArrayLike<number>): [number, number, number, number] {
  if (x.length === 0) return [0, 0, 0, 0]
  const sorted = Float32Array.from(x).sort()
  const p20 = interpPercentile(0.2, sorted)
  const p50 = interpPercentile(0.5, sorted)
  const p80 = interpPercentile(0.8, sorted)
  return [p20, p50, p80, Math.abs(f32(p80 - p20))]
}
