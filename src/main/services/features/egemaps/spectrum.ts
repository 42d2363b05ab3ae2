/**
 * Per-frame FFT as openSMILE's cTransformFFT + cFFTmagphase compute it (src/dspcore/transformFft.cpp,
 * fftmagphase.cpp): the windowed frame is zero-padded *symmetrically* to the next power of two
 * (zeroPadSymmetric = 1, the default since openSMILE 2.3), transformed, and the magnitude |X[k]| is kept without
 * any normalisation. Symmetric padding does not change magnitudes, but it sets the phase that cSpecResample (the
 * formant path) depends on.
 *
 * openSMILE uses Ooura's rdft, whose imaginary parts have the opposite sign of the e^(−iωn) convention of
 * ../fft.ts; `oouraIm` returns them in Ooura's convention so the ports that read complex spectra can follow the
 * C code literally.
 */
import { createRealFft } from '../fft'

export interface FrameSpectrum {
  readonly fftSize: number
  readonly bins: number
  /** Real parts X[k], k = 0 … fftSize/2 */
  readonly re: Float64Array
  /** Imaginary parts in Ooura's sign convention: Σ x[n]·sin(2πkn/N) */
  readonly oouraIm: Float64Array
  /** |X[k]| */
  readonly mag: Float64Array
  /** Transforms `frame` (length `size`, already windowed); fills re, oouraIm and mag */
  compute(frame: Float64Array, size: number): void
}

export function createFrameSpectrum(fftSize: number): FrameSpectrum {
  const fft = createRealFft(fftSize)
  const bins = fftSize / 2 + 1
  const padded = new Float64Array(fftSize)
  const re = new Float64Array(bins)
  const im = new Float64Array(bins)
  const oouraIm = new Float64Array(bins)
  const mag = new Float64Array(bins)
  return {
    fftSize,
    bins,
    re,
    oouraIm,
    mag,
    compute(frame, size) {
      const pad = (fftSize - size) >> 1
      padded.fill(0)
      for (let i = 0; i < size; i++) padded[pad + i] = frame[i]
      fft.forward(padded, re, im)
      for (let k = 0; k < bins; k++) {
        oouraIm[k] = -im[k]
        mag[k] = Math.sqrt(re[k] * re[k] + im[k] * im[k])
      }
    }
  }
}
