/**
 * MFCC 1–4 as eGeMAPSv02 computes them (cMfcc, src/lldcore/mfcc.cpp; section egemapsv02_mfcc: firstMfcc 1,
 * lastMfcc 4, cepLifter 22, htkcompatible 1). htkcompatible makes the Mel spectrum HTK-scaled (band powers × 32767²,
 * as if samples were int16) and forces the log floor to 1.0, so digital silence gives exactly 0.
 *
 * c_i = √(2/26) · (1 + 11·sin(πi/22)) · Σ_m ln(max(32767²·P_m, 1)) · cos(πi(m + ½)/26)
 */
const HTK_SCALE = 32767 * 32767

export interface MfccTransform {
  readonly first: number
  readonly last: number
  /** Writes c_first … c_last of one frame's Mel band powers into `out` */
  apply(melPower: Float64Array, out: Float64Array): void
}

export function createMfccTransform(nBands = 26, first = 1, last = 4, lifter = 22): MfccTransform {
  const n = last - first + 1
  const cos = new Float64Array(n * nBands)
  const lift = new Float64Array(n)
  for (let i = first; i <= last; i++) {
    for (let m = 0; m < nBands; m++)
      cos[(i - first) * nBands + m] = Math.fround(Math.cos(Math.PI * (i / nBands) * (m + 0.5)))
    lift[i - first] = Math.fround(1 + (lifter / 2) * Math.sin((Math.PI * i) / lifter))
  }
  const factor = Math.fround(Math.sqrt(2 / nBands))
  const logMel = new Float64Array(nBands)
  return {
    first,
    last,
    apply(melPower, out) {
      for (let m = 0; m < nBands; m++) {
        const p = Math.fround(melPower[m] * HTK_SCALE)
        logMel[m] = p < 1 ? 0 : Math.log(p)
      }
      for (let k = 0; k < n; k++) {
        let s = 0
        for (let m = 0; m < nBands; m++) s += logMel[m] * cos[k * nBands + m]
        out[k] = s * lift[k] * factor
      }
    }
  }
}
