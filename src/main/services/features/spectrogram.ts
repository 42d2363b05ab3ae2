/**
 * The spectrogram the UI draws: power in dB over time × frequency, computed with the same framing and FFT as the
 * Kaldi features (no pre-emphasis, no DC removal: a picture of the signal as recorded), and its compact binary
 * form for the renderer.
 *
 * Binary format (little-endian), "SPG1":
 *   offset size  field
 *   0      4     magic 'S','P','G','1'
 *   4      4     uint32 frames (columns, time)
 *   8      4     uint32 bins (rows, frequency; bin 0 = 0 Hz, bin k = k·sampleRate/fftSize)
 *   12     4     float32 frameShiftSec (seconds between columns)
 *   16     4     float32 binHz (Hz between rows)
 *   20     4     float32 maxDb (the value byte 255 stands for)
 *   24     4     float32 dynamicRangeDb (byte 0 stands for maxDb − dynamicRangeDb and below)
 *   28     4     uint32 sampleRate
 *   32     …     frames × bins uint8, frame-major (one column's bins contiguous, low to high frequency):
 *                dB = maxDb − dynamicRangeDb·(1 − byte/255)
 * 32 bytes of header keep the pixels 4-byte aligned for a Uint8ClampedArray/ImageData copy.
 */
import type { FeatureMatrix, SpectrogramOptions } from '../../../shared/domain/features'
import { FRAME_DEFAULTS, SPECTROGRAM_DEFAULTS } from '../../../shared/domain/features'
import { SerError } from '../../../shared/errors'
import { SPECTROGRAM_HEADER_BYTES, SPECTROGRAM_MAGIC } from '../../../shared/domain/spectrogram-binary'
import { createRealFft, isPowerOfTwo, nextPowerOfTwo } from './fft'
import { createFrameProcessor } from './frame-window'

export {
  SPECTROGRAM_HEADER_BYTES,
  SPECTROGRAM_MAGIC,
  decodeSpectrogram
} from '../../../shared/domain/spectrogram-binary'
export type { DecodedSpectrogram } from '../../../shared/domain/spectrogram-binary'
/** Power floor before the dB conversion: −200 dB, far under any 16-bit signal, so silence stays finite */
const POWER_FLOOR = 1e-20

/** The FFT size a spectrogram uses: the option, or (0) the next power of two ≥ the window. */
export function spectrogramFftSize(
  sampleRate: number,
  o: Pick<SpectrogramOptions, 'fftSize' | 'frameLengthMs'>
): number {
  if (o.fftSize !== 0) return o.fftSize
  return Math.max(64, nextPowerOfTwo(Math.trunc(Math.fround(sampleRate) * 0.001 * Math.fround(o.frameLengthMs))))
}

export function checkSpectrogramOptions(o: SpectrogramOptions): void {
  if (o.fftSize !== 0 && (!isPowerOfTwo(o.fftSize) || o.fftSize < 64 || o.fftSize > 8192)) {
    throw new SerError('FIELD_INVALID', `fftSize: must be a power of two from 64 to 8192, got ${o.fftSize}`, {
      field: 'fftSize'
    })
  }
  if (!(o.dynamicRangeDb > 0))
    throw new SerError('FIELD_INVALID', `dynamicRangeDb: must be > 0, got ${o.dynamicRangeDb}`, {
      field: 'dynamicRangeDb'
    })
}

/**
 * Power spectrogram in dB (10·log10 of |X|² of the [-1, 1) samples, so a full-scale sine peaks near
 * 20·log10(Σw/2)). Rows are frames; columns the FFT bins 0 … min(fftSize/2, maxFreq bin).
 */
export function computeSpectrogram(
  samples: Float32Array,
  sampleRate: number,
  options: Partial<SpectrogramOptions> = {}
): FeatureMatrix {
  const o: SpectrogramOptions = { ...SPECTROGRAM_DEFAULTS, ...options }
  checkSpectrogramOptions(o)
  const frames = createFrameProcessor({
    ...FRAME_DEFAULTS,
    // a picture of the signal as recorded: no pre-emphasis tilt, no DC removal, no dither
    preemphasisCoefficient: 0,
    removeDcOffset: false,
    dither: 0,
    roundToPowerOfTwo: false,
    sampleFrequency: sampleRate,
    frameLengthMs: o.frameLengthMs,
    frameShiftMs: o.frameShiftMs,
    windowType: o.windowType
  })
  const windowSize = frames.geometry.windowSize
  const fftSize = spectrogramFftSize(sampleRate, o)
  if (windowSize > fftSize) {
    throw new SerError('FIELD_INVALID', `fftSize: ${fftSize} is shorter than the ${windowSize}-sample window`, {
      field: 'fftSize'
    })
  }
  const binHz = sampleRate / fftSize
  const topBin = o.maxFreq > 0 ? Math.min(fftSize / 2, Math.floor(o.maxFreq / binHz)) : fftSize / 2
  const bins = topBin + 1
  const fft = createRealFft(fftSize)
  const n = frames.numFrames(samples.length)
  const data = new Float32Array(n * bins)
  const frame = new Float64Array(fftSize)
  const power = new Float64Array(fftSize / 2 + 1)
  for (let t = 0; t < n; t++) {
    frames.process(samples, t, frame, false)
    for (let i = windowSize; i < fftSize; i++) frame[i] = 0
    fft.powerSpectrum(frame, power)
    for (let k = 0; k < bins; k++) data[t * bins + k] = 10 * Math.log10(power[k] > POWER_FLOOR ? power[k] : POWER_FLOOR)
  }
  const names = Array.from({ length: bins }, (_, k) => `${Math.round(k * binHz)}Hz`)
  return { frames: n, dims: bins, data, frameShiftSec: frames.geometry.windowShift / sampleRate, names }
}

/** The display binary (format in the header comment) of a dB spectrogram. */
export function encodeSpectrogram(
  m: FeatureMatrix,
  sampleRate: number,
  binHz: number,
  dynamicRangeDb: number
): Uint8Array {
  let maxDb = -Infinity
  for (let i = 0; i < m.data.length; i++) if (m.data[i] > maxDb) maxDb = m.data[i]
  if (!Number.isFinite(maxDb)) maxDb = 0
  const out = new Uint8Array(SPECTROGRAM_HEADER_BYTES + m.frames * m.dims)
  const view = new DataView(out.buffer)
  for (let i = 0; i < 4; i++) out[i] = SPECTROGRAM_MAGIC.charCodeAt(i)
  view.setUint32(4, m.frames, true)
  view.setUint32(8, m.dims, true)
  view.setFloat32(12, m.frameShiftSec, true)
  view.setFloat32(16, binHz, true)
  view.setFloat32(20, maxDb, true)
  view.setFloat32(24, dynamicRangeDb, true)
  view.setUint32(28, sampleRate, true)
  const low = maxDb - dynamicRangeDb
  const k = 255 / dynamicRangeDb
  for (let i = 0; i < m.data.length; i++) {
    const v = (m.data[i] - low) * k
    out[SPECTROGRAM_HEADER_BYTES + i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v)
  }
  return out
}

/** Samples → display binary in one call (the media route's job). */
export function spectrogramBinary(
  samples: Float32Array,
  sampleRate: number,
  options: Partial<SpectrogramOptions> = {}
): Uint8Array {
  const o: SpectrogramOptions = { ...SPECTROGRAM_DEFAULTS, ...options }
  const m = computeSpectrogram(samples, sampleRate, o)
  return encodeSpectrogram(m, sampleRate, sampleRate / spectrogramFftSize(sampleRate, o), o.dynamicRangeDb)
}
