/**
 * openSMILE's cSpecResample (src/dsp/specResample.cpp with smileDsp_initIrdft / smileDsp_irdft from
 * src/smileutil/smileUtil.c): a real signal is resampled by evaluating the inverse DFT of its spectrum on a new
 * time grid, out[i] = (R_0 + Σ_{k=1}^{K/2−1} R_k cos(2πki/nd) + I_k sin(2πki/nd)) / (N/2), with only the bins
 * below min(N, nOut) (antialias = 1) and the DC term not halved, as openSMILE computes it.
 *
 * The sums are evaluated with Clenshaw's recurrence (no nOut × K cosine table) for four output samples at a time,
 * which keeps four independent recurrences in flight; the results agree with openSMILE's float32 tables to their
 * precision.
 */
export interface SpectralResampler {
  readonly nOut: number
  /** `re`, `oouraIm`: the FFT of the input frame (Ooura's sign of the imaginary part); writes nOut samples */
  resample(re: Float64Array, oouraIm: Float64Array, out: Float64Array): void
}

/** `nIn`: FFT size; `nOut`: output samples; `nd`: the period of the new grid in output samples (openSMILE's nd). */
export function createSpectralResampler(nIn: number, nOut: number, nd: number): SpectralResampler {
  let kMax = Math.min(nIn, nOut)
  if (kMax & 1) kMax--
  const nHalf = kMax / 2
  const norm = nIn / 2
  const twoCos = new Float64Array(nOut)
  const sinT = new Float64Array(nOut)
  for (let i = 0; i < nOut; i++) {
    twoCos[i] = 2 * Math.cos((2 * Math.PI * i) / nd)
    sinT[i] = Math.sin((2 * Math.PI * i) / nd)
  }
  /** Clenshaw for one output sample: Σ_k R_k cos(kθ) + I_k sin(kθ), k ≥ 1, with x = 2cos θ */
  const one = (re: Float64Array, im: Float64Array, i: number): number => {
    const x = twoCos[i]
    let u1 = 0
    let u2 = 0
    let v1 = 0
    let v2 = 0
    for (let k = nHalf - 1; k >= 1; k--) {
      const u = re[k] + x * u1 - u2
      u2 = u1
      u1 = u
      const v = im[k] + x * v1 - v2
      v2 = v1
      v1 = v
    }
    return 0.5 * x * u1 - u2 + v1 * sinT[i]
  }
  return {
    nOut,
    resample(re, im, out) {
      const dc = Math.fround(re[0])
      let i = 0
      for (; i + 3 < nOut; i += 4) {
        const xa = twoCos[i]
        const xb = twoCos[i + 1]
        const xc = twoCos[i + 2]
        const xd = twoCos[i + 3]
        let ua1 = 0, ua2 = 0, va1 = 0, va2 = 0, ub1 = 0, ub2 = 0, vb1 = 0, vb2 = 0
        let uc1 = 0, uc2 = 0, vc1 = 0, vc2 = 0, ud1 = 0, ud2 = 0, vd1 = 0, vd2 = 0
        for (let k = nHalf - 1; k >= 1; k--) {
          const r = re[k]
          const m = im[k]
          let t = r + xa * ua1 - ua2
          ua2 = ua1
          ua1 = t
          t = m + xa * va1 - va2
          va2 = va1
          va1 = t
          t = r + xb * ub1 - ub2
          ub2 = ub1
          ub1 = t
          t = m + xb * vb1 - vb2
          vb2 = vb1
          vb1 = t
          t = r + xc * uc1 - uc2
          uc2 = uc1
          uc1 = t
          t = m + xc * vc1 - vc2
          vc2 = vc1
          vc1 = t
          t = r + xd * ud1 - ud2
          ud2 = ud1
          ud1 = t
          t = m + xd * vd1 - vd2
          vd2 = vd1
          vd1 = t
        }
        out[i] = Math.fround((dc + 0.5 * xa * ua1 - ua2 + va1 * sinT[i]) / norm)
        out[i + 1] = Math.fround((dc + 0.5 * xb * ub1 - ub2 + vb1 * sinT[i + 1]) / norm)
        out[i + 2] = Math.fround((dc + 0.5 * xc * uc1 - uc2 + vc1 * sinT[i + 2]) / norm)
        out[i + 3] = Math.fround((dc + 0.5 * xd * ud1 - ud2 + vd1 * sinT[i + 3]) / norm)
      }
      for (; i < nOut; i++) out[i] = Math.fround((dc + one(re, im, i)) / norm)
    }
  }
}
