import { describe, expect, it } from 'vitest'
import {
  computeSpectrogram,
  decodeSpectrogram,
  SPECTROGRAM_HEADER_BYTES,
  spectrogramBinary
} from '../../../../src/main/services/features/spectrogram'

const sr = 16000
const tone = Float32Array.from({ length: sr }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / sr))

describe('spectrogram', () => {
  it('is power in dB, time × frequency, with its peak at the tone', () => {
    const m = computeSpectrogram(tone, sr)
    expect(m.frames).toBe(98)
    expect(m.dims).toBe(257)
    expect(m.names[32]).toBe('1000Hz')
    for (const t of [0, 50, 97]) {
      const row = Array.from(m.data.subarray(t * m.dims, (t + 1) * m.dims))
      expect(row.indexOf(Math.max(...row))).toBe(32)
    }
  })

  it('takes the FFT size, window, hop and top frequency', () => {
    const m = computeSpectrogram(tone, sr, { fftSize: 1024, windowType: 'hamming', frameShiftMs: 5, maxFreq: 4000 })
    expect(m.dims).toBe(257) // 0 … 4000 Hz in 15.6 Hz bins
    expect(m.frames).toBe(1 + Math.floor((sr - 400) / 80))
    expect(() => computeSpectrogram(tone, sr, { fftSize: 100 })).toThrow(/fftSize/)
    expect(() => computeSpectrogram(tone, sr, { fftSize: 256 })).toThrow(/fftSize/)
  })

  it('encodes to the SPG1 binary: 32-byte header, then frames × bins bytes', () => {
    const bytes = spectrogramBinary(tone, sr, { dynamicRangeDb: 60 })
    const d = decodeSpectrogram(bytes)
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('SPG1')
    expect(bytes.length).toBe(SPECTROGRAM_HEADER_BYTES + d.frames * d.bins)
    expect(d).toMatchObject({ frames: 98, bins: 257, sampleRate: sr, dynamicRangeDb: 60 })
    expect(d.binHz).toBeCloseTo(31.25, 6)
    expect(d.frameShiftSec).toBeCloseTo(0.01, 6)
    const m = computeSpectrogram(tone, sr)
    expect(d.maxDb).toBeCloseTo(Math.max(...m.data), 3)
    // the tone's bin is the brightest pixel; a quiet bin far from it is black
    expect(d.pixels[50 * 257 + 32]).toBe(255)
    expect(d.pixels[50 * 257 + 200]).toBe(0)
  })
})
