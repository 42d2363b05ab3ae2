/**
 * Jitter (local) and shimmer (local, dB) from the waveform and the smoothed F0: openSMILE's cPitchJitter
 * (src/lld/pitchJitter.cpp), section gemapsv01b_pitchJitter: searchRangeRel 0.1, minNumPeriods 2, minCC 0.5,
 * useBrokenJitterThresh 0, F0field F0final.
 *
 * For each 10 ms pitch frame the component reads the waveform from where the previous frame's last whole period
 * ended (lastIdx/lastMis bookkeeping), then walks period by period: the period length is the lag in ±10 % of T0
 * with the highest local maximum of the normalised cross-correlation between consecutive windows, refined by a
 * parabola; periods whose correlation peak exceeds 0.5 contribute |T_i − T_{i−1}| (jitter, relative to the mean
 * period) and the difference of their peak-to-peak amplitudes (shimmer, relative to the mean amplitude). The
 * last period length and difference carry over to the next voiced frame; an unvoiced frame resets them. A port of
 * that state machine, with openSMILE's time metadata arithmetic (lenF, ppLen) reproduced for exact read windows.
 */
import type { Vertex } from './peak-interpolation'
import { quadVertex } from './peak-interpolation'

const SEARCH_RANGE_REL = 0.1
const MIN_NUM_PERIODS = 2
const MIN_CC = 0.5

export interface JitterShimmer {
  jitterLocal: Float64Array
  shimmerLocalDB: Float64Array
}

/** Pearson correlation of x[a … a+n) and x[b … b+n) (cPitchJitter::crossCorr). */
function crossCorr(x: Float32Array, a: number, b: number, n: number): number {
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += x[a + i]
    my += x[b + i]
  }
  mx /= n
  my /= n
  let cc = 0
  let nx = 0
  let ny = 0
  for (let i = 0; i < n; i++) {
    const dx = x[a + i] - mx
    const dy = x[b + i] - my
    cc += dx * dy
    nx += dx * dx
    ny += dy * dy
  }
  return cc / (Math.sqrt(nx) * Math.sqrt(ny))
}

/**
 * crossCorr(x, a, a + lag, lag) and crossCorr(x, a, a + lag + 1, lag + 1) together, into out[o] and out[o + 1]:
 * each sum accumulates the same terms in the same order as crossCorr does, so the values are the same bit for bit;
 * the two correlations' chains of additions run side by side instead of one after the other.
 */
function crossCorrPair(x: Float32Array, a: number, lag: number, out: Float64Array, o: number): void {
  const b = a + lag
  const n = lag
  let sx = 0
  let sy0 = 0
  let sy1 = 0
  for (let i = 0; i < n; i++) {
    sx += x[a + i]
    sy0 += x[b + i]
    sy1 += x[b + 1 + i]
  }
  const mx0 = sx / n
  const my0 = sy0 / n
  const mx1 = (sx + x[a + n]) / (n + 1)
  const my1 = (sy1 + x[b + 1 + n]) / (n + 1)
  let cc0 = 0
  let nx0 = 0
  let ny0 = 0
  let cc1 = 0
  let nx1 = 0
  let ny1 = 0
  for (let i = 0; i < n; i++) {
    const xa = x[a + i]
    const dx0 = xa - mx0
    const dy0 = x[b + i] - my0
    cc0 += dx0 * dy0
    nx0 += dx0 * dx0
    ny0 += dy0 * dy0
    const dx1 = xa - mx1
    const dy1 = x[b + 1 + i] - my1
    cc1 += dx1 * dy1
    nx1 += dx1 * dx1
    ny1 += dy1 * dy1
  }
  const dx1 = x[a + n] - mx1
  const dy1 = x[b + 1 + n] - my1
  cc1 += dx1 * dy1
  nx1 += dx1 * dx1
  ny1 += dy1 * dy1
  out[o] = cc0 / (Math.sqrt(nx0) * Math.sqrt(ny0))
  out[o + 1] = cc1 / (Math.sqrt(nx1) * Math.sqrt(ny1))
}

/** Peak-to-peak amplitude of x[a+1 … a+n−2] (cPitchJitter::amplitudeDiff looks at the inner samples only). */
function peakToPeak(x: Float32Array, a: number, n: number): number {
  let max = x[a + 1]
  let min = x[a + 1]
  for (let i = 1; i < n - 1; i++) {
    const v = x[a + i]
    if (v > max) max = v
    if (v < min) min = v
  }
  return max - min
}

/**
 * `wave`: the mono signal; `f0`: smoothed F0 in Hz per pitch frame (0 = unvoiced); frames start every `step`
 * samples and are `size` samples long (framing.ts geometry of the 60 ms level).
 */
export function computeJitterShimmer(
  wave: Float32Array,
  sampleRate: number,
  f0: ArrayLike<number>,
  size: number,
  step: number
): JitterShimmer {
  const n = f0.length
  const out: JitterShimmer = { jitterLocal: new Float64Array(n), shimmerLocalDB: new Float64Array(n) }
  const T = 1 / sampleRate
  // the pitch level's period is the configured 10 ms, whatever the sample step (221 samples at 22.05 kHz)
  const ppLen = Math.ceil(0.01 / T)
  // padded read of wave[idx … idx+len): samples past the end repeat the last one (data memory at end of input)
  const padded = new Float32Array(0)
  let buf = padded
  const read = (idx: number, len: number): Float32Array => {
    if (buf.length < len) buf = new Float32Array(len)
    const last = wave.length > 0 ? wave[wave.length - 1] : 0
    for (let i = 0; i < len; i++) {
      const j = idx + i
      buf[i] = j < wave.length ? wave[j] : last
    }
    return buf
  }
  let lastIdx = 0
  let lastMis = 0
  let lastT0 = 0
  let lastJitter = 0
  let lastShimmer = 0
  let cc = new Float64Array(64)
  const vertex: Vertex = { x: 0, y: 0, a: 0 }
  for (let t = 0; t < n; t++) {
    const F0 = Math.fround(f0[t])
    const startVidx = t * step
    // lengthSec = (vEnd·T − vStart·T) + T and lenF = ceil(lengthSec / T), as cFramer's squashed time metadata give it
    const lenF = Math.ceil(((startVidx + size - 1) * T - startVidx * T + T) / T)
    const toRead0 = ppLen + lastMis
    let toRead = toRead0
    let T0f = 0
    let T0minF = 0
    let T0maxF = 0
    if (F0 > 0) {
      const Tf = 1 / F0 / T
      T0f = Math.round(Tf)
      T0minF = Math.floor((1 - SEARCH_RANGE_REL) * Tf)
      T0maxF = Math.ceil((1 + SEARCH_RANGE_REL) * Tf)
      const twoPp = MIN_NUM_PERIODS * T0maxF + MIN_NUM_PERIODS
      if (toRead < twoPp) toRead = twoPp
    }
    const maxRead = lastMis + lenF
    if (toRead > maxRead) toRead = maxRead
    if (startVidx - lastMis !== lastIdx) {
      lastIdx = startVidx
      if (toRead > lenF) toRead = lenF // (openSMILE clamps maxRead too here, but never reads it again)
    }
    const x = read(lastIdx, toRead)
    const nT = toRead
    let nPeriods = 0
    let nPeriodsLocal = 0
    let avgPeriod = 0
    let jitter = 0
    let avgAmp = 0
    let avgAmpDiff = 0
    let lastPeriod = 0
    if (F0 > 0) {
      const nLags = T0maxF - T0minF + 1
      if (cc.length < nLags) cc = new Float64Array(nLags)
      let start = 0
      while (start < nT - 2 * T0maxF - 1) {
        let lag = T0minF
        for (; lag + 1 <= T0maxF; lag += 2) crossCorrPair(x, start, lag, cc, lag - T0minF)
        if (lag <= T0maxF) cc[lag - T0minF] = crossCorr(x, start, start + lag, lag)
        let maxI = -1
        let max = 0
        for (let i = 1; i < T0maxF - T0minF - 1; i++) {
          if (cc[i - 1] < cc[i] && cc[i] > cc[i + 1] && (maxI === -1 || cc[i] > max)) {
            maxI = i
            max = cc[i]
          }
        }
        const os = start
        if (maxI >= 0) {
          const pp = T0minF + maxI
          start += pp
          const a0 = peakToPeak(x, os, pp)
          const a1 = peakToPeak(x, start, pp)
          const v = quadVertex(maxI - 1, cc[maxI - 1], maxI, cc[maxI], maxI + 1, cc[maxI + 1], vertex)
          if (v.y > MIN_CC) {
            const period = Math.fround(Math.abs(T0minF + v.x) * T)
            avgPeriod += period
            nPeriods++
            if (lastT0 > 0) {
              const diff = Math.fround(Math.abs(lastT0 - period))
              jitter += diff
              nPeriodsLocal++
            }
            lastT0 = period
            avgAmp += (a0 + a1) / 2
            avgAmpDiff += Math.abs(a0 - a1)
          }
        } else {
          start += T0f
        }
        if (start < toRead0 - 1) lastPeriod = start
      }
      lastMis = toRead0 - lastPeriod
    } else {
      lastPeriod = toRead0
      lastMis = 0
      lastT0 = 0
      lastJitter = 0
      lastShimmer = 0
    }
    lastIdx += lastPeriod
    if (nPeriods > 0 && nPeriodsLocal > 0 && F0 > 0) lastJitter = jitter / nPeriodsLocal / (avgPeriod / nPeriods)
    if (F0 > 0 && (nPeriods === 0 || nPeriodsLocal > 0)) {
      if (lastJitter > 1) lastJitter = 1
      out.jitterLocal[t] = lastJitter
    }
    if (nPeriods > 0 && F0 > 0) lastShimmer = avgAmp > 0 ? avgAmpDiff / avgAmp : 0
    if (F0 > 0) {
      if (lastShimmer > 1) lastShimmer = 1
      const a = lastShimmer + 1
      out.shimmerLocalDB[t] = a > 10e-50 ? (20 * Math.log(a)) / Math.LN10 : -1000
    }
  }
  return out
}
