import { describe, expect, it } from 'vitest'
import { FBANK_DEFAULTS, FRAME_DEFAULTS } from '../../../../src/shared/domain/features'
import { computeFbank } from '../../../../src/main/services/features/fbank'
import {
  createFrameProcessor,
  createFrameProcessorF32,
  firstSampleOfFrame,
  frameGeometry,
  frameNoise,
  numFrames,
  windowFunction
} from '../../../../src/main/services/features/frame-window'

describe('frame geometry', () => {
  it.each([
    [8000, 200, 80, 256],
    [16000, 400, 160, 512],
    [22050, 551, 220, 1024],
    [44100, 1102, 441, 2048],
    [48000, 1200, 480, 2048]
  ])('%i Hz: N=%i, M=%i, P=%i (the reference README table)', (sr, n, m, p) => {
    expect(frameGeometry({ ...FRAME_DEFAULTS, sampleFrequency: sr })).toEqual({
      windowSize: n,
      windowShift: m,
      paddedSize: p
    })
  })

  it('snip-edges true: whole frames only, 1 + ⌊(n − N)/M⌋', () => {
    const g = frameGeometry(FRAME_DEFAULTS)
    expect(numFrames(399, g, true)).toBe(0)
    expect(numFrames(400, g, true)).toBe(1)
    expect(numFrames(559, g, true)).toBe(1)
    expect(numFrames(560, g, true)).toBe(2)
    expect(numFrames(60339, g, true)).toBe(375)
  })

  it('snip-edges false: ⌊(n + M/2)/M⌋ frames, centred on i·M + M/2, whatever the length', () => {
    const g = frameGeometry(FRAME_DEFAULTS)
    expect(numFrames(0, g, false)).toBe(0)
    expect(numFrames(79, g, false)).toBe(0)
    expect(numFrames(80, g, false)).toBe(1)
    expect(numFrames(100, g, false)).toBe(1)
    expect(numFrames(16000, g, false)).toBe(100)
    expect(numFrames(16080, g, false)).toBe(101)
    expect(numFrames(60339, g, false)).toBe(377)
    expect(firstSampleOfFrame(0, g, false)).toBe(80 - 200)
    expect(firstSampleOfFrame(3, g, false)).toBe(3 * 160 + 80 - 200)
  })

  it('fbank with snip-edges false has those frame counts, also for a signal shorter than a window', () => {
    for (const n of [100, 16000, 16080, 60339]) {
      const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i / 7))
      const m = computeFbank(x, { ...FBANK_DEFAULTS, snipEdges: false }, 32768)
      expect(m.frames).toBe(Math.floor((n + 80) / 160))
      expect(m.data.every(Number.isFinite)).toBe(true)
    }
  })
})

describe('frame extraction', () => {
  const raw = {
    ...FRAME_DEFAULTS,
    removeDcOffset: false,
    preemphasisCoefficient: 0,
    windowType: 'rectangular' as const,
    precision: 'double' as const
  }

  it('reflects about the signal ends (Kaldi ExtractWindow): index −1 reads 0, −2 reads 1; n reads n − 1', () => {
    const x = Float32Array.from({ length: 1000 }, (_, i) => i)
    const p = createFrameProcessor({ ...raw, snipEdges: false })
    const out = new Float64Array(512)
    p.process(x, 0, out, false)
    // frame 0 starts at −120: samples 119, 118, …, 0, then 0, 1, …
    expect(Array.from(out.slice(0, 3))).toEqual([119, 118, 117])
    expect(Array.from(out.slice(118, 123))).toEqual([1, 0, 0, 1, 2])
    const last = p.numFrames(1000) - 1
    p.process(x, last, out, false)
    const start = firstSampleOfFrame(last, p.geometry, false)
    for (let i = 0; i < 400; i++) {
      const s = start + i
      expect(out[i]).toBe(s < 1000 ? s : 2 * 1000 - 1 - s)
    }
  })

  it('removes the DC offset, measures the raw energy before pre-emphasis, pads with zeros', () => {
    const x = new Float32Array(400).fill(3)
    const p = createFrameProcessor({ ...raw, removeDcOffset: true, preemphasisCoefficient: 0.97, windowType: 'povey' })
    const out = new Float64Array(512).fill(7)
    const logEnergy = p.process(x, 0, out, true)
    expect(logEnergy).toBeCloseTo(Math.log(1.1920928955078125e-7), 12)
    expect(Array.from(out).every((v) => v === 0)).toBe(true)
  })
})

describe('windows (Kaldi FeatureWindowFunction)', () => {
  it('povey is 0 at the ends and 1 in the middle; hamming 0.08; hanning 0; blackman ~0; rectangular 1', () => {
    const n = 401
    const at = (t: Parameters<typeof windowFunction>[0], i: number): number => windowFunction(t, n)[i]
    expect(at('povey', 0)).toBe(0)
    expect(at('povey', 200)).toBeCloseTo(1, 12)
    expect(at('povey', 100)).toBeCloseTo(Math.pow(0.5 - 0.5 * Math.cos((2 * Math.PI * 100) / 400), 0.85), 12)
    expect(at('hamming', 0)).toBeCloseTo(0.08, 12)
    expect(at('hanning', 0)).toBeCloseTo(0, 12)
    expect(at('hanning', 200)).toBeCloseTo(1, 12)
    expect(at('blackman', 0)).toBeCloseTo(0, 12)
    expect(at('rectangular', 17)).toBe(1)
  })
})

describe('dither', () => {
  const x = new Float32Array(16000) // digital silence: dither is all there is
  const run = (dither: number, ditherSeed: number, precision: 'float' | 'double' = 'float') =>
    computeFbank(x, { ...FBANK_DEFAULTS, dither, ditherSeed, precision }, 32768).data

  it('0 means none: silence stays at the log floor', () => {
    expect(new Set(run(0, 1))).toEqual(new Set([Math.fround(Math.log(1.1920928955078125e-7))]))
  })

  it('is reproducible for a seed, differs between seeds, in both precisions', () => {
    for (const p of ['float', 'double'] as const) {
      expect(run(1, 5, p)).toEqual(run(1, 5, p))
      expect(run(1, 5, p)).not.toEqual(run(1, 6, p))
    }
  })

  it('adds Gaussian noise of standard deviation `dither`, drawn per frame', () => {
    const n = 20000
    const a = new Float64Array(n)
    frameNoise(3, 0, a, n)
    const mean = a.reduce((s, v) => s + v, 0) / n
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / n)
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(Math.abs(sd - 1)).toBeLessThan(0.03)
    const b = new Float64Array(n)
    frameNoise(3, 1, b, n)
    expect(b).not.toEqual(a)
    // frame 1's noise depends on (seed, frame) only: the same whichever frames were drawn before
    const again = new Float64Array(n)
    frameNoise(3, 1, again, n)
    expect(again).toEqual(b)
  })

  it('lifts silence off the floor to about log(N·dither²) per band', () => {
    const m = run(1, 0)
    expect(Math.min(...m)).toBeGreaterThan(-5)
  })
})

describe('float frames of PCM samples', () => {
  it("the integer-sample path gives the general path's floats, bit for bit, with and without the raw energy", () => {
    // a PCM16-like signal (every sample k/32768) takes the integer path; the same signal with one sample off the
    // int16 grid takes the general one (copy, float sums), and every frame away from that sample must agree
    const sr = 16000
    const pcm = new Float32Array(sr)
    let s = 12345
    for (let i = 0; i < pcm.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0
      const v = 9000 * Math.sin((2 * Math.PI * 220 * i) / sr) + ((s >>> 16) % 2001) - 1000
      pcm[i] = Math.round(v) / 32768
    }
    const offGrid = pcm.slice()
    offGrid[offGrid.length - 1] += 1e-6
    const o = { ...FRAME_DEFAULTS, sampleFrequency: sr }
    const fast = createFrameProcessorF32(o, 32768)
    const general = createFrameProcessorF32(o, 32768)
    const a = new Float32Array(512)
    const b = new Float32Array(512)
    const frames = fast.numFrames(pcm.length) - 1 // the last frame holds the off-grid sample
    let compared = 0
    for (const energy of [false, true]) {
      for (let t = 0; t < frames; t++) {
        const ea = fast.process(pcm, t, a, energy)
        const eb = general.process(offGrid, t, b, energy)
        expect(ea).toBe(eb)
        expect(a).toEqual(b)
        compared++
      }
    }
    expect(compared).toBe(2 * frames)
    expect(frames).toBeGreaterThan(90)
  })
})
