/**
 * Viterbi pitch smoothing: openSMILE's cSmileViterbi / cSmileViterbiPitchSmooth / cPitchSmootherViterbi
 * (src/lld/pitchSmootherViterbi.cpp and src/include/lld/pitchSmootherViterbi.hpp), section
 * gemapsv01b_pitchSmoothViterbi: bufferLength 40, wLocal 2, wTvv 10, wTvvd 5, wTvuv 10, wThr 4, wRange 1, wTuu 0.
 *
 * States are the 6 SHS candidates plus "unvoiced". This is a literal port of openSMILE's incremental decoder,
 * including three behaviours that change the numbers and are therefore kept:
 * - setWeights() assigns wTvvd = wTvv (10, not 5);
 * - the unvoiced→unvoiced test `i == j == nStates−1` is never true in C, so that transition costs 1.0, not wTuu;
 * - the delta-continuity term uses `lastChange`, a single variable updated by every v→v cost evaluation in loop
 *   order (and reset by v↔u ones), not the change along the best path.
 * Paths are kept in ring buffers of 40 frames; when no common prefix appears for 40 frames the oldest decision is
 * forced from the current best path, and at the end of input the trellis is flushed from the best final state.
 */
import type { CandidateTrack } from './pitch-shs'
import { N_CANDIDATES, VOICING_CUTOFF } from './pitch-shs'

const BUFLEN = 40
const W_LOCAL = 2
const W_TVV = 10
const W_TVVD = 10
const W_TVUV = 10
const W_THR = 4
const W_RANGE = 1
const N_STATES = N_CANDIDATES + 1
const UNVOICED = N_STATES - 1
/** Per frame: (f0, voicing) × 6, F0raw, voicingClip, voicingC1 (unused: 0), frame index */
const FRAME_SIZE = N_CANDIDATES * 2 + 4

export interface SmoothedPitch {
  /** F0 in Hz per frame (0 = unvoiced) */
  f0: Float32Array
  /** Voicing probability of the chosen candidate (voicingFinalUnclipped) */
  voicing: Float32Array
  /**
   * Frames whose path had converged when the input ended. openSMILE's functionals read the pitch stream at its
   * first end-of-input pass, before the Viterbi flush reaches them, so this is the length of every F0-derived
   * contour they summarise (and where the LLD smoothing seam is, see smoothing.ts).
   */
  convergedBeforeEnd: number
}

/** cSmileViterbiPitchSmooth::getFweight: prefers 100–350 Hz. */
function rangeWeight(f: number): number {
  if (f > 0 && f < 100) return -(1 / 100) * f + 1
  if (f >= 100 && f < 350) return 0
  if (f >= 350 && f < 600) return (f - 350) / 250
  if (f >= 600) return 1.2
  if (f <= 0) return 2
  return 0
}

/**
 * The decoder fed one frame at a time: `push(t)` reads frame t's candidates from the track (frames in order
 * 0, 1, …) and returns how many frames are decided so far (their `f0`/`voicing` are final; at most BUFLEN frames
 * stay undecided); `finish()` flushes the rest after the last frame. Lets a caller use each frame's F0 while the
 * frame's other data is still at hand.
 */
export interface PitchSmoother {
  readonly out: SmoothedPitch
  push(t: number): number
  finish(): number
}

/** Frames a caller must keep to reach every frame the smoother has not yet decided */
export const SMOOTHER_LAG = BUFLEN

export function createPitchSmoother(track: CandidateTrack): PitchSmoother {
  const n = track.frames
  const buf = new Float32Array(BUFLEN * FRAME_SIZE)
  const paths = [new Int32Array(N_STATES * BUFLEN), new Int32Array(N_STATES * BUFLEN)]
  const bestPath = new Int32Array(BUFLEN)
  let pathCosts = new Float64Array(N_STATES)
  let pathCostsNew = new Float64Array(N_STATES)
  let pathBuf = 0
  let pathIdx = 0
  let convIdx = -1
  let wrIdx = 0
  let rdIdx = 0
  let prevOff = -1
  let lastChange = 1
  const out: SmoothedPitch = { f0: new Float32Array(n), voicing: new Float32Array(n), convergedBeforeEnd: 0 }

  const localCost = (i: number, o: number): number => {
    if (i < UNVOICED) {
      let pv = buf[o + i * 2 + 1]
      if (pv < 0.01) pv = 0.01
      if (pv > 1) pv = 1
      const thr = pv < VOICING_CUTOFF ? W_THR : 0
      return (-Math.log(pv) + thr) * W_LOCAL + rangeWeight(buf[o + i * 2]) * W_RANGE
    }
    // openSMILE scans all 7 states here, so the 7th "voicing" read is the voicingClip slot
    for (let j = 0; j < N_STATES; j++) if (buf[o + j * 2 + 1] >= VOICING_CUTOFF) return W_LOCAL * W_THR
    return 0
  }
  const transitionCost = (i: number, j: number, prev: number, cur: number): number => {
    if (i < UNVOICED && j < UNVOICED) {
      const f0 = buf[prev + j * 2]
      const f1 = buf[cur + i * 2]
      if (f0 === 0 || f1 === 0) return 999
      const r = Math.log(Math.fround(f1 / f0))
      const x = W_TVV * Math.abs(r) + W_TVVD * Math.abs(r - lastChange)
      lastChange = r
      return x
    }
    if ((i === UNVOICED && j < UNVOICED) || (i < UNVOICED && j === UNVOICED)) {
      lastChange = 0
      return W_TVUV
    }
    return 1
  }
  const emit = (): void => {
    while (convIdx + 1 - rdIdx > 0) {
      const s = bestPath[rdIdx % BUFLEN]
      const o = (rdIdx % BUFLEN) * FRAME_SIZE
      const t = buf[o + FRAME_SIZE - 1]
      out.f0[t] = s < UNVOICED ? buf[o + s * 2] : 0
      out.voicing[t] = s < N_CANDIDATES ? buf[o + s * 2 + 1] : buf[o + 1]
      rdIdx++
    }
  }
  const pathsTmp = new Float64Array(N_STATES)
  const push = (t: number): number => {
    const o = (wrIdx % BUFLEN) * FRAME_SIZE
    for (let i = 0; i < N_CANDIDATES; i++) {
      buf[o + i * 2] = track.f0[t * N_CANDIDATES + i]
      buf[o + i * 2 + 1] = track.voicing[t * N_CANDIDATES + i]
    }
    buf[o + N_CANDIDATES * 2] = track.f0raw[t]
    buf[o + N_CANDIDATES * 2 + 1] = track.voicingClip[t]
    buf[o + N_CANDIDATES * 2 + 2] = 0
    buf[o + FRAME_SIZE - 1] = t
    wrIdx++
    const a = prevOff
    prevOff = o
    if (pathIdx === 0) {
      convIdx = -1
      for (let i = 0; i < N_STATES; i++) {
        pathCosts[i] = localCost(i, o)
        paths[pathBuf][i * BUFLEN] = i
      }
    } else {
      const nb = (pathBuf + 1) % 2
      for (let i = 0; i < N_STATES; i++) {
        let minState = 0
        let minCost = (pathsTmp[0] = transitionCost(i, 0, a, o) + pathCosts[0])
        for (let j = 1; j < N_STATES; j++) {
          pathsTmp[j] = transitionCost(i, j, a, o) + pathCosts[j]
          if (pathsTmp[j] < minCost) {
            minState = j
            minCost = pathsTmp[j]
          }
        }
        pathCostsNew[i] = minCost + localCost(i, o)
        const from = paths[pathBuf]
        const to = paths[nb]
        for (let k = 0; k < BUFLEN; k++) to[i * BUFLEN + k] = from[minState * BUFLEN + k]
        to[i * BUFLEN + (pathIdx % BUFLEN)] = i
      }
      const tmp = pathCosts
      pathCosts = pathCostsNew
      pathCostsNew = tmp
      pathBuf = nb
    }
    pathIdx++
    const p = paths[pathBuf]
    if (pathIdx - convIdx > BUFLEN) {
      // no common prefix within the buffer: force the oldest decision from the cheapest path
      let minState = 0
      for (let i = 1; i < N_STATES; i++) if (pathCosts[i] < pathCosts[minState]) minState = i
      convIdx++
      bestPath[convIdx % BUFLEN] = p[minState * BUFLEN + (convIdx % BUFLEN)]
    } else {
      for (let k = convIdx + 1; k < pathIdx; k++) {
        const x = p[k % BUFLEN]
        let match = true
        for (let i = 1; i < N_STATES; i++) {
          if (x !== p[i * BUFLEN + (k % BUFLEN)]) {
            match = false
            break
          }
        }
        if (!match) break
        convIdx++
        bestPath[convIdx % BUFLEN] = x
      }
    }
    emit()
    return rdIdx
  }
  const finish = (): number => {
    out.convergedBeforeEnd = convIdx + 1
    // end of input: flush along the cheapest final state
    let minState = 0
    for (let i = 1; i < N_STATES; i++) if (pathCosts[i] < pathCosts[minState]) minState = i
    const p = paths[pathBuf]
    for (let k = convIdx + 1; k < pathIdx; k++) {
      convIdx++
      bestPath[convIdx % BUFLEN] = p[minState * BUFLEN + (convIdx % BUFLEN)]
    }
    emit()
    return rdIdx
  }
  return { out, push, finish }
}
