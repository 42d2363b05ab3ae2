/**
 * openSMILE's cSpecResample (src/dsp/specResample.cpp with smileDsp_initIrdft / smileDsp_irdft from
 * src/smileutil/smileUtil.c): a real signal is resampled by evaluating the inverse DFT of its spectrum on a new
 * time grid, out[i] = (R_0 + Σ_{k=1}^{K/2−1} R_k cos(2πki/nd) + I_k sin(2πki/nd)) / (N/2), with only the bins
 * below min(N, nOut) (antialias = 1) and the DC term not halved, as openSMILE computes it.
 *
 * Where the grid's period nd is a whole number of samples (16 kHz input: nd = 352 = 11 · 32) the sums are one
 * inverse DFT of length nd, out[i] = Re Σ_k C_k e^{2πiki/nd} with C_0 = R_0 and C_k = R_k − i·I_k, computed as
 * nd = P·Q (Q a power of two, P odd): P inverse FFTs of length Q over the bins k ≡ k1 (mod P), a twiddle, and a
 * direct P-point DFT for the outputs needed: about a fifth of the work of the direct sums. Otherwise the sums are
 * evaluated with Clenshaw's recurrence (no nOut × K cosine table) for four output samples at a time, which keeps
 * four independent recurrences in flight. Both agree with openSMILE's float32 tables to their precision.
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
  const viaFft = createFactoredIdft(nd, nHalf, nOut, norm)
  if (viaFft) return { nOut, resample: viaFft }
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
        let ua1 = 0,
          ua2 = 0,
          va1 = 0,
          va2 = 0,
          ub1 = 0,
          ub2 = 0,
          vb1 = 0,
          vb2 = 0
        let uc1 = 0,
          uc2 = 0,
          vc1 = 0,
          vc2 = 0,
          ud1 = 0,
          ud2 = 0,
          vd1 = 0,
          vd2 = 0
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

/**
 * The inverse DFT of length nd = P·Q (Q = 2^a, P odd and small) of the bins 0 … nHalf−1, real parts of outputs
 * 0 … nOut−1, divided by `norm` and rounded to float32; null where nd is not a whole number or P is too large
 * for the direct P-point step to pay. k = P·k2 + k1 and i = i1 + Q·i2 split e^{2πiki/nd} into
 * e^{2πi·k2·i1/Q} (the Q-point FFTs) · e^{2πi·k1·i1/nd} (the twiddle) · e^{2πi·k1·i2/P} (the P-point DFT).
 */
function createFactoredIdft(
  ndIn: number,
  nHalf: number,
  nOut: number,
  norm: number
): ((re: Float64Array, im: Float64Array, out: Float64Array) => void) | null {
  if (!Number.isInteger(ndIn) || ndIn < 2 || nOut > ndIn) return null
  // small integers (Smis) from here on: V8 indexes typed arrays fastest with them
  const nd = ndIn | 0
  let q = 1
  while (nd % (q * 2) === 0) q *= 2
  const p = (nd / q) | 0
  if (p > 31 || q < 2) return null
  const bits = Math.round(Math.log2(q)) | 0
  const rev = new Int32Array(q)
  for (let i = 0; i < q; i++) {
    let r = 0
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b)
    rev[i] = r
  }
  // e^{+2πi·m/Q} for the inverse FFTs, e^{+2πi·m/nd} for the twiddles and the P-point DFT (m mod nd)
  const qc = new Float64Array(q)
  const qs = new Float64Array(q)
  for (let m = 0; m < q; m++) {
    qc[m] = Math.cos((2 * Math.PI * m) / q)
    qs[m] = Math.sin((2 * Math.PI * m) / q)
  }
  // the P rows are stored interleaved, z[pos·P + k1] for row k1 at position pos, so each butterfly of the Q-point
  // FFTs runs over all P rows with one twiddle (the same operations per element as row by row, in a tight loop)
  // the twiddles e^{2πi·k1·i1/nd} at [i1·P + k1], and the P-point DFT's e^{2πi·k1·i2/P} at [i2·P + k1]
  const twc = new Float64Array(nd)
  const tws = new Float64Array(nd)
  for (let k1 = 0; k1 < p; k1++) {
    for (let i1 = 0; i1 < q; i1++) {
      twc[i1 * p + k1] = Math.cos((2 * Math.PI * ((k1 * i1) % nd)) / nd)
      tws[i1 * p + k1] = Math.sin((2 * Math.PI * ((k1 * i1) % nd)) / nd)
    }
  }
  const dftC = new Float64Array(p * p)
  const dftS = new Float64Array(p * p)
  for (let i2 = 0; i2 < p; i2++) {
    for (let k1 = 0; k1 < p; k1++) {
      dftC[i2 * p + k1] = Math.cos((2 * Math.PI * ((k1 * i2) % p)) / p)
      dftS[i2 * p + k1] = Math.sin((2 * Math.PI * ((k1 * i2) % p)) / p)
    }
  }
  // where bin k lands: row k1 = (k mod nd) mod P, at the bit-reversed position of k2 = ((k mod nd) − k1)/P
  const dest = new Int32Array(nHalf)
  for (let k = 1; k < nHalf; k++) {
    const m = k % nd
    const k1 = m % p
    dest[k] = rev[(m - k1) / p] * p + k1
  }
  // row k1 holds the bins k = P·k2 + k1 (bins ≥ nd fold onto k mod nd)
  const zr = new Float64Array(nd)
  const zi = new Float64Array(nd)
  const mask = q - 1
  return (re, im, out) => {
    zr.fill(0)
    zi.fill(0)
    zr[0] = Math.fround(re[0])
    for (let k = 1; k < nHalf; k++) {
      const at = dest[k]
      zr[at] += re[k]
      zi[at] -= im[k]
    }
    // in-place radix-2 inverse FFTs of the (bit-reversed) rows, all P at once
    for (let len = 2; len <= q; len <<= 1) {
      const h = len >> 1
      const step = q / len
      for (let s = 0; s < q; s += len) {
        // twiddle 1 (j = 0): the same sums without the products by 1 and 0 (equal but for the sign of a zero)
        for (let a = s * p, b = a + h * p, end = a + p; a < end; a++, b++) {
          const xr = zr[b]
          const xi = zi[b]
          zr[b] = zr[a] - xr
          zi[b] = zi[a] - xi
          zr[a] += xr
          zi[a] += xi
        }
        for (let j = 1; j < h; j++) {
          const wr = qc[j * step]
          const wi = qs[j * step]
          const a0 = (s + j) * p
          const b0 = a0 + h * p
          for (let c = 0; c < p; c++) {
            const a = a0 + c
            const b = b0 + c
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
    // the twiddle e^{2πi·k1·i1/nd} (row 0 and position 0 multiply by 1 and are skipped)
    for (let i1 = 1; i1 < q; i1++) {
      for (let at = i1 * p + 1, end = i1 * p + p; at < end; at++) {
        const wr = twc[at]
        const wi = tws[at]
        const r = zr[at]
        zr[at] = r * wr - zi[at] * wi
        zi[at] = r * wi + zi[at] * wr
      }
    }
    // out[i1 + Q·i2] = Re Σ_k1 Z_k1[i1] e^{2πi·k1·i2/P}
    for (let i = 0; i < nOut; i++) {
      const row = (i & mask) * p
      const d = (i >> bits) * p
      let sum = zr[row]
      for (let k1 = 1; k1 < p; k1++) sum += zr[row + k1] * dftC[d + k1] - zi[row + k1] * dftS[d + k1]
      out[i] = Math.fround(sum / norm)
    }
  }
}
