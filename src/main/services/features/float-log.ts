/**
 * logf exactly as glibc (≥ 2.28) and musl compute it: follows ARM optimized-routines math/logf.c and logf_data.c.
 * Kaldi and kaldi-native-fbank take std::log of floats, which is this function; its result before the final
 * rounding is only accurate to ~2^-25, so about one float in seven differs by 1 ULP from Math.fround(Math.log(x)).
 * Reproducing it makes the 'float' features, and the Mel bank edges (1127·logf(1 + f/700)), match the
 * reference bit for bit instead of to a few ULPs.
 */

/** A C99 hex float literal (0x1.8p+1) as the double it denotes; exact for ≤ 53-bit mantissas. */
function hexFloat(s: string): number {
  const m = /^(-?)0x([0-9a-f])\.?([0-9a-f]*)p([+-]\d+)$/i.exec(s)
  if (!m) throw new Error(`bad hex float ${s}`)
  const digits = m[2] + m[3]
  const value = parseInt(digits, 16) * Math.pow(2, Number(m[4]) - 4 * m[3].length)
  return m[1] === '-' ? -value : value
}

const TABLE: [string, string][] = [
  ['0x1.661ec79f8f3bep+0', '-0x1.57bf7808caadep-2'],
  ['0x1.571ed4aaf883dp+0', '-0x1.2bef0a7c06ddbp-2'],
  ['0x1.49539f0f010bp+0', '-0x1.01eae7f513a67p-2'],
  ['0x1.3c995b0b80385p+0', '-0x1.b31d8a68224e9p-3'],
  ['0x1.30d190c8864a5p+0', '-0x1.6574f0ac07758p-3'],
  ['0x1.25e227b0b8eap+0', '-0x1.1aa2bc79c81p-3'],
  ['0x1.1bb4a4a1a343fp+0', '-0x1.a4e76ce8c0e5ep-4'],
  ['0x1.12358f08ae5bap+0', '-0x1.1973c5a611cccp-4'],
  ['0x1.0953f419900a7p+0', '-0x1.252f438e10c1ep-5'],
  ['0x1p+0', '0x0p+0'],
  ['0x1.e608cfd9a47acp-1', '0x1.aa5aa5df25984p-5'],
  ['0x1.ca4b31f026aap-1', '0x1.c5e53aa362eb4p-4'],
  ['0x1.b2036576afce6p-1', '0x1.526e57720db08p-3'],
  ['0x1.9c2d163a1aa2dp-1', '0x1.bc2860d22477p-3'],
  ['0x1.886e6037841edp-1', '0x1.1058bc8a07ee1p-2'],
  ['0x1.767dcf5534862p-1', '0x1.4043057b6ee09p-2']
]
const INVC = Float64Array.from(TABLE, ([c]) => hexFloat(c))
const LOGC = Float64Array.from(TABLE, ([, l]) => hexFloat(l))
const LN2 = hexFloat('0x1.62e42fefa39efp-1')
const A0 = hexFloat('-0x1.00ea348b88334p-2')
const A1 = hexFloat('0x1.5575b0be00b6ap-2')
const A2 = hexFloat('-0x1.ffffef20a4123p-2')
/** x = 2^k·z with z in [OFF, 2·OFF), OFF ≈ 0.7 */
const OFF = 0x3f330000

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** logf(x) of a float32 value x (rounded to float32 first if it is not one). */
export function logf(x: number): number {
  f32[0] = x
  let ix = u32[0]
  if (ix === 0x3f800000) return 0
  if ((ix - 0x00800000) >>> 0 >= 0x7f800000 - 0x00800000) {
    // zero, subnormal, negative, infinity or NaN
    if ((ix & 0x7fffffff) === 0) return -Infinity
    if (ix === 0x7f800000) return Infinity
    if (ix & 0x80000000 || (ix & 0x7f800000) === 0x7f800000) return NaN
    f32[0] = f32[0] * 8388608 // 2^23: normalise a subnormal
    ix = (u32[0] - (23 << 23)) >>> 0
  }
  const tmp = (ix - OFF) >>> 0
  const i = (tmp >>> 19) & 15
  const k = (tmp | 0) >> 23
  u32[0] = (ix - (tmp & 0xff800000)) >>> 0
  const z = f32[0]
  const r = z * INVC[i] - 1
  const y0 = LOGC[i] + k * LN2
  const r2 = r * r
  let y = A1 * r + A2
  y = A0 * r2 + y
  y = y * r2 + (y0 + r)
  return Math.fround(y)
}
