/**
 * Everything eGeMAPSv02 derives from the 20 ms frames (openSMILE's `gemapsv01b_frame25` level, despite the name:
 * frameSize 0.020, Hamming window): loudness, the spectral-shape LLDs, MFCC 1–4, the formants, and the unwindowed
 * mean-square energy that equivalentSoundLevel averages (egemapsv02_energyRMS: cEnergy on the raw frames with
 * energy2 = 1).
 */
import { createFormantTracker } from './formants'
import { frameGeometry, hammingWindow, readFrame } from './framing'
import { createLoudnessMeter } from './loudness'
import { createMelBands } from './mel-bands'
import { createMfccTransform } from './mfcc'
import { createSpectralShape } from './spectral-shape'
import { createFrameSpectrum } from './spectrum'

export interface ShortFrameDescriptors {
  frames: number
  loudness: Float64Array
  alphaRatio: Float64Array
  hammarbergIndex: Float64Array
  slope0to500: Float64Array
  slope500to1500: Float64Array
  spectralFlux: Float64Array
  /** frames × 4 (MFCC 1–4), row-major */
  mfcc: Float64Array
  /** Mean square of the unwindowed frame, for the equivalent sound level */
  energy: Float64Array
  /** frames × 5 formant frequencies (Hz) and bandwidths, row-major; 0 where no formant was found */
  formantFreq: Float64Array
  formantBw: Float64Array
}

export function computeShortFrameDescriptors(x: Float32Array, sampleRate: number): ShortFrameDescriptors {
  const g = frameGeometry(sampleRate, 0.02, 0.01, x.length)
  const n = g.count
  const win = hammingWindow(g.size)
  const spec = createFrameSpectrum(g.fftSize)
  const melBands = createMelBands(spec.bins, g.fftFrameSec)
  const meter = createLoudnessMeter(melBands.centres)
  const mfccT = createMfccTransform()
  const shape = createSpectralShape(spec.bins, g.fftFrameSec)
  const formants = createFormantTracker(sampleRate, g.fftSize, g.sizeSec, g.fftFrameSec)
  const out: ShortFrameDescriptors = {
    frames: n,
    loudness: new Float64Array(n),
    alphaRatio: new Float64Array(n),
    hammarbergIndex: new Float64Array(n),
    slope0to500: new Float64Array(n),
    slope500to1500: new Float64Array(n),
    spectralFlux: new Float64Array(n),
    mfcc: new Float64Array(n * 4),
    energy: new Float64Array(n),
    formantFreq: new Float64Array(n * formants.nFormants),
    formantBw: new Float64Array(n * formants.nFormants)
  }
  const raw = new Float64Array(g.size)
  const frame = new Float64Array(g.size)
  const power = new Float64Array(spec.bins)
  const mel = new Float64Array(melBands.nBands)
  const shapeOut = new Float64Array(4)
  const mfccOut = new Float64Array(4)
  const fq = new Float64Array(formants.nFormants)
  const bw = new Float64Array(formants.nFormants)
  for (let t = 0; t < n; t++) {
    readFrame(x, t * g.step, g.size, null, raw)
    let e = 0
    for (let i = 0; i < g.size; i++) {
      e += raw[i] * raw[i]
      frame[i] = raw[i] * win[i]
    }
    out.energy[t] = e / g.size
    spec.compute(frame, g.size)
    for (let k = 0; k < spec.bins; k++) power[k] = spec.mag[k] * spec.mag[k]
    melBands.apply(power, mel)
    out.loudness[t] = meter.loudness(mel)
    mfccT.apply(mel, mfccOut)
    out.mfcc.set(mfccOut, t * 4)
    out.spectralFlux[t] = shape.compute(spec.mag, shapeOut)
    out.alphaRatio[t] = shapeOut[0]
    out.hammarbergIndex[t] = shapeOut[1]
    out.slope0to500[t] = shapeOut[2]
    out.slope500to1500[t] = shapeOut[3]
    formants.compute(spec.re, spec.oouraIm, fq, bw)
    out.formantFreq.set(fq, t * formants.nFormants)
    out.formantBw.set(bw, t * formants.nFormants)
  }
  return out
}
