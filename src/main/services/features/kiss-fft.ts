/**
 * The FFT kaldi-native-fbank uses, in float32, operation by operation: follows kissfft (commit febd4cae, the one
 * KNF v1.21.5 pins) kiss_fft.c kf_work/kf_bfly2/3/4/5/generic, kf_factor, and kiss_fftr.c. Every float operation
 * of the compiled C is one rounded operation here (Math.fround, or a store into a Float32Array): a float op
 * computed in double and rounded once equals the float op itself. kissfft's CMakeLists builds it with
 * -ffast-math, which lets gcc re-associate the radix-2/4 butterflies and the real split; those follow the
 * association gcc 12 produces (-O2 and -O3 alike), and agree bit for bit with Debian 12's libkissfft-float on
 * random inputs (tests/main/services/features/fft.test.ts checks the sample outputs kept in
 * tests/main/services/features/fixtures/libkissfft-power.json). Radix 3, 5 and generic (sizes that are not powers
 * of two) keep the source's association. Twiddles are cos/sin in double cast to float,
 * as in kissfft; V8's and glibc's cos differing in the last double bit changes a float twiddle ~1 in 2^28 times.
 *
 * Why emulate rather than use the (better) float64 FFT of fft.ts: in bands 20–40 nats below a frame's peak the
 * reference numbers are float32 round-off, and only the same arithmetic reproduces them (docs/features.md).
 * The recursion of kf_work is flattened into a leaf permutation plus stages; butterflies touch disjoint data, so
 * the order in which blocks are visited does not change any result.
 */

import { KISS_PLAN_CACHE_SIZE, PlanCache } from './plan-cache'

const f = Math.fround

interface Stage {
  p: number
  m: number
  fstride: number
  /** radix 4 only: per k = 1 … m − 1, tw[k·fstride], tw[2k·fstride], tw[3k·fstride] (re, im each), in order */
  tw4: Float64Array | null
}

export interface KissFft {
  readonly nfft: number
  /** Complex FFT (forward, unscaled) of `input` (nfft interleaved re, im pairs) into outRe/outIm */
  forward(input: Float32Array, outRe: Float32Array, outIm: Float32Array): void
}

/** kissfft's kf_factor: powers of 4, then 2, then odd primes; the last one larger than √n is n itself. */
export function kissFactors(n: number): number[] {
  const out: number[] = []
  let p = 4
  const floorSqrt = Math.floor(Math.sqrt(n))
  do {
    while (n % p) {
      p = p === 4 ? 2 : p === 2 ? 3 : p + 2
      if (p > floorSqrt) p = n
    }
    n /= p
    out.push(p)
  } while (n > 1)
  return out
}

/**
 * The butterflies whose twiddles are all 1 (k = 0, and every leaf butterfly). With w = (1, −0) the products are
 * x·1 = x and x·(−0) = ±0 exactly, and adding ±0 changes nothing but the sign of a zero, so these are the general
 * butterflies of createKissFft (fast-math association included) with the multiplications left out.
 */
function trivial4(re: Float32Array, im: Float32Array, i0: number, m: number): void {
  const i1 = i0 + m
  const i2 = i1 + m
  const i3 = i2 + m
  const s5r = f(re[i0] - re[i2])
  const s5i = f(im[i0] - im[i2])
  const g0r = f(re[i0] + re[i2])
  const g0i = f(im[i0] + im[i2])
  const s3r = f(re[i3] + re[i1])
  const s3i = f(im[i1] + im[i3])
  const s4r = f(re[i1] - re[i3])
  const s4i = f(im[i1] - im[i3])
  re[i2] = g0r - s3r
  im[i2] = g0i - s3i
  re[i0] = g0r + s3r
  im[i0] = g0i + s3i
  re[i1] = s5r + s4i
  im[i1] = s5i - s4r
  re[i3] = s5r - s4i
  im[i3] = s5i + s4r
}

function trivial2(re: Float32Array, im: Float32Array, i0: number, m: number): void {
  const i2 = i0 + m
  const ar = re[i2]
  const ai = im[i2]
  re[i2] = re[i0] - ar
  im[i2] = im[i0] - ai
  re[i0] = ar + re[i0]
  im[i0] = ai + im[i0]
}

/** A leaf radix-4 butterfly read from interleaved input at src, src + fs, src + 2fs, src + 3fs. */
function leaf4(x: Float32Array, src: number, fs: number, re: Float32Array, im: Float32Array, b: number): void {
  const x0r = x[src]
  const x0i = x[src + 1]
  const x1r = x[src + fs]
  const x1i = x[src + fs + 1]
  const x2r = x[src + 2 * fs]
  const x2i = x[src + 2 * fs + 1]
  const x3r = x[src + 3 * fs]
  const x3i = x[src + 3 * fs + 1]
  const s5r = f(x0r - x2r)
  const s5i = f(x0i - x2i)
  const g0r = f(x0r + x2r)
  const g0i = f(x0i + x2i)
  const s3r = f(x3r + x1r)
  const s3i = f(x1i + x3i)
  const s4r = f(x1r - x3r)
  const s4i = f(x1i - x3i)
  re[b + 2] = g0r - s3r
  im[b + 2] = g0i - s3i
  re[b] = g0r + s3r
  im[b] = g0i + s3i
  re[b + 1] = s5r + s4i
  im[b + 1] = s5i - s4r
  re[b + 3] = s5r - s4i
  im[b + 3] = s5i + s4r
}

function leaf2(x: Float32Array, src: number, fs: number, re: Float32Array, im: Float32Array, b: number): void {
  const x0r = x[src]
  const x0i = x[src + 1]
  const x1r = x[src + fs]
  const x1i = x[src + fs + 1]
  re[b + 1] = x0r - x1r
  im[b + 1] = x0i - x1i
  re[b] = x1r + x0r
  im[b] = x1i + x0i
}

const complexCache = new PlanCache<KissFft>(KISS_PLAN_CACHE_SIZE)

export function kissComplexPlanCount(): number {
  return complexCache.size
}

export function createKissFft(nfft: number): KissFft {
  const hit = complexCache.get(nfft)
  if (hit) return hit
  if (!Number.isInteger(nfft) || nfft < 1) throw new RangeError(`FFT size must be a positive integer, got ${nfft}`)
  const twr = new Float32Array(nfft)
  const twi = new Float32Array(nfft)
  const pi = Math.PI
  for (let i = 0; i < nfft; i++) {
    const phase = (-2 * pi * i) / nfft
    twr[i] = Math.cos(phase)
    twi[i] = Math.sin(phase)
  }
  const factors = kissFactors(nfft)
  // stage i works on blocks of p·m with stride fstride = product of the radices before it
  const stages: Stage[] = []
  let stride = 1
  let len = nfft
  for (const p of factors) {
    len /= p
    let tw4: Float64Array | null = null
    if (p === 4) {
      // the float twiddles the butterflies read, laid out in the order they read them (float64 holds them exactly)
      tw4 = new Float64Array(6 * len)
      for (let k = 1; k < len; k++) {
        const t = k * stride
        tw4.set([twr[t], twi[t], twr[2 * t], twi[2 * t], twr[3 * t], twi[3 * t]], 6 * k)
      }
    }
    stages.push({ p, m: len, fstride: stride, tw4 })
    stride *= p
  }
  // where kf_work's leaves read from: Fout[j] = f[perm[j]]
  const perm = new Int32Array(nfft)
  const fill = (out: number, src: number, fstride: number, s: number): void => {
    const { p, m } = stages[s]
    for (let q = 0; q < p; q++) {
      if (m === 1) perm[out + q] = src + q * fstride
      else fill(out + q * m, src + q * fstride, fstride * p, s + 1)
    }
  }
  fill(0, 0, 1, 0)
  const scratchR = new Float32Array(Math.max(...factors))
  const scratchI = new Float32Array(Math.max(...factors))

  // kf_bfly2 as gcc -O2/-O3 -ffast-math compiles it: t.r = a − b is never formed; F2.r = (F0.r + b) − a and
  // F0.r = (F0.r + a) − b (a = F2.r·w.r, b = F2.i·w.i)
  function bfly2(re: Float32Array, im: Float32Array, base: number, fstride: number, m: number): void {
    trivial2(re, im, base, m)
    for (let k = 1; k < m; k++) {
      const i0 = base + k
      const i2 = i0 + m
      const t = k * fstride
      const a = f(re[i2] * twr[t])
      const b = f(im[i2] * twi[t])
      const ti = f(f(re[i2] * twi[t]) + f(twr[t] * im[i2]))
      const f0r = re[i0]
      const f0i = im[i0]
      re[i2] = f(f0r + b) - a
      im[i2] = f0i - ti
      re[i0] = f(a + f0r) - b
      im[i0] = ti + f0i
    }
  }

  // kf_bfly4 as gcc -ffast-math compiles it (read from its -fdump-tree-optimized): the real parts of
  // scratch[1] = F2·tw2 and scratch[2] = F3·tw3 are folded into the sums that use them, e.g.
  // scratch[5].r = (F0.r + b2) − a2 instead of F0.r − (a2 − b2). Checked bit for bit against libkissfft.
  // every radix-4 butterfly of one stage (blocks of 4m), k outermost so each k's twiddles are read once: the
  // butterflies touch disjoint data, so the order of visits changes no result.
  function stage4(re: Float32Array, im: Float32Array, tw: Float64Array, m: number): void {
    const block = 4 * m
    for (let base = 0; base < nfft; base += block) trivial4(re, im, base, m)
    for (let k = 1; k < m; k++) {
      const w = 6 * k
      const w1r = tw[w]
      const w1i = tw[w + 1]
      const w2r = tw[w + 2]
      const w2i = tw[w + 3]
      const w3r = tw[w + 4]
      const w3i = tw[w + 5]
      for (let i0 = k; i0 < nfft; i0 += block) {
        const i1 = i0 + m
        const i2 = i1 + m
        const i3 = i2 + m
        const r1 = re[i1]
        const m1 = im[i1]
        const r2 = re[i2]
        const m2 = im[i2]
        const r3 = re[i3]
        const m3 = im[i3]
        const s0r = f(f(r1 * w1r) - f(m1 * w1i))
        const s0i = f(f(r1 * w1i) + f(w1r * m1))
        const a2 = f(w2r * r2)
        const b2 = f(m2 * w2i)
        const s1i = f(f(w2r * m2) + f(w2i * r2))
        const a3 = f(r3 * w3r)
        const b3 = f(m3 * w3i)
        const s2i = f(f(r3 * w3i) + f(w3r * m3))
        const f0r = re[i0]
        const f0i = im[i0]
        const s5r = f(f(f0r + b2) - a2)
        const s5i = f(f0i - s1i)
        const g0r = f(f(f0r + a2) - b2)
        const g0i = f(f0i + s1i)
        const s3r = f(a3 + f(s0r - b3))
        const s3i = f(s0i + s2i)
        const s4r = f(b3 + f(s0r - a3))
        const s4i = f(s0i - s2i)
        re[i2] = g0r - s3r
        im[i2] = g0i - s3i
        re[i0] = g0r + s3r
        im[i0] = g0i + s3i
        re[i1] = s5r + s4i
        im[i1] = s5i - s4r
        re[i3] = s5r - s4i
        im[i3] = s5i + s4r
      }
    }
  }

  function bfly3(re: Float32Array, im: Float32Array, base: number, fstride: number, m: number): void {
    const e3i = twi[fstride * m]
    for (let k = 0; k < m; k++) {
      const i0 = base + k
      const i1 = i0 + m
      const i2 = i1 + m
      const t1 = k * fstride
      const t2 = 2 * t1
      const s1r = f(f(re[i1] * twr[t1]) - f(im[i1] * twi[t1]))
      const s1i = f(f(re[i1] * twi[t1]) + f(im[i1] * twr[t1]))
      const s2r = f(f(re[i2] * twr[t2]) - f(im[i2] * twi[t2]))
      const s2i = f(f(re[i2] * twi[t2]) + f(im[i2] * twr[t2]))
      const s3r = f(s1r + s2r)
      const s3i = f(s1i + s2i)
      const s0r = f(f(s1r - s2r) * e3i)
      const s0i = f(f(s1i - s2i) * e3i)
      const m1r = f(re[i0] - s3r * 0.5)
      const m1i = f(im[i0] - s3i * 0.5)
      re[i0] = re[i0] + s3r
      im[i0] = im[i0] + s3i
      re[i2] = m1r + s0i
      im[i2] = m1i - s0r
      re[i1] = m1r - s0i
      im[i1] = m1i + s0r
    }
  }

  function bfly5(re: Float32Array, im: Float32Array, base: number, fstride: number, m: number): void {
    const yar = twr[fstride * m]
    const yai = twi[fstride * m]
    const ybr = twr[2 * fstride * m]
    const ybi = twi[2 * fstride * m]
    for (let u = 0; u < m; u++) {
      const i0 = base + u
      const i1 = i0 + m
      const i2 = i1 + m
      const i3 = i2 + m
      const i4 = i3 + m
      const a = u * fstride
      const s0r = re[i0]
      const s0i = im[i0]
      const s1r = f(f(re[i1] * twr[a]) - f(im[i1] * twi[a]))
      const s1i = f(f(re[i1] * twi[a]) + f(im[i1] * twr[a]))
      const s2r = f(f(re[i2] * twr[2 * a]) - f(im[i2] * twi[2 * a]))
      const s2i = f(f(re[i2] * twi[2 * a]) + f(im[i2] * twr[2 * a]))
      const s3r = f(f(re[i3] * twr[3 * a]) - f(im[i3] * twi[3 * a]))
      const s3i = f(f(re[i3] * twi[3 * a]) + f(im[i3] * twr[3 * a]))
      const s4r = f(f(re[i4] * twr[4 * a]) - f(im[i4] * twi[4 * a]))
      const s4i = f(f(re[i4] * twi[4 * a]) + f(im[i4] * twr[4 * a]))
      const s7r = f(s1r + s4r)
      const s7i = f(s1i + s4i)
      const s10r = f(s1r - s4r)
      const s10i = f(s1i - s4i)
      const s8r = f(s2r + s3r)
      const s8i = f(s2i + s3i)
      const s9r = f(s2r - s3r)
      const s9i = f(s2i - s3i)
      re[i0] = s0r + f(s7r + s8r)
      im[i0] = s0i + f(s7i + s8i)
      const s5r = f(f(s0r + f(s7r * yar)) + f(s8r * ybr))
      const s5i = f(f(s0i + f(s7i * yar)) + f(s8i * ybr))
      const s6r = f(f(s10i * yai) + f(s9i * ybi))
      const s6i = f(f(-f(s10r * yai)) - f(s9r * ybi))
      re[i1] = s5r - s6r
      im[i1] = s5i - s6i
      re[i4] = s5r + s6r
      im[i4] = s5i + s6i
      const s11r = f(f(s0r + f(s7r * ybr)) + f(s8r * yar))
      const s11i = f(f(s0i + f(s7i * ybr)) + f(s8i * yar))
      const s12r = f(f(-f(s10i * ybi)) + f(s9i * yai))
      const s12i = f(f(s10r * ybi) - f(s9r * yai))
      re[i2] = s11r + s12r
      im[i2] = s11i + s12i
      re[i3] = s11r - s12r
      im[i3] = s11i - s12i
    }
  }

  function bflyGeneric(re: Float32Array, im: Float32Array, base: number, fstride: number, m: number, p: number): void {
    for (let u = 0; u < m; u++) {
      for (let q1 = 0, k = u; q1 < p; q1++, k += m) {
        scratchR[q1] = re[base + k]
        scratchI[q1] = im[base + k]
      }
      for (let q1 = 0, k = u; q1 < p; q1++, k += m) {
        let twidx = 0
        let accR = scratchR[0]
        let accI = scratchI[0]
        for (let q = 1; q < p; q++) {
          twidx += fstride * k
          if (twidx >= nfft) twidx -= nfft
          const tr = f(f(scratchR[q] * twr[twidx]) - f(scratchI[q] * twi[twidx]))
          const ti = f(f(scratchR[q] * twi[twidx]) + f(scratchI[q] * twr[twidx]))
          accR = f(accR + tr)
          accI = f(accI + ti)
        }
        re[base + k] = accR
        im[base + k] = accI
      }
    }
  }

  const leaf = stages[stages.length - 1]
  const fft: KissFft = {
    nfft,
    forward(input, outRe, outIm) {
      let first = stages.length - 1
      if (leaf.p === 4 || leaf.p === 2) {
        // the leaves' butterflies have twiddle 1 (k = 0): read them straight from the input
        const fs = 2 * leaf.fstride
        for (let base = 0; base < nfft; base += leaf.p) {
          const src = 2 * perm[base]
          if (leaf.p === 4) leaf4(input, src, fs, outRe, outIm, base)
          else leaf2(input, src, fs, outRe, outIm, base)
        }
        first--
      } else {
        for (let j = 0; j < nfft; j++) {
          outRe[j] = input[2 * perm[j]]
          outIm[j] = input[2 * perm[j] + 1]
        }
      }
      for (let s = first; s >= 0; s--) {
        const { p, m, fstride, tw4 } = stages[s]
        if (tw4) {
          // every radix-4 stage has its twiddle table
          stage4(outRe, outIm, tw4, m)
          continue
        }
        for (let base = 0; base < nfft; base += p * m) {
          if (p === 2) bfly2(outRe, outIm, base, fstride, m)
          else if (p === 3) bfly3(outRe, outIm, base, fstride, m)
          else if (p === 5) bfly5(outRe, outIm, base, fstride, m)
          else bflyGeneric(outRe, outIm, base, fstride, m, p)
        }
      }
    }
  }
  complexCache.set(nfft, fft)
  return fft
}
