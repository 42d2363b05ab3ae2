/**
 * Feature options with Kaldi's names in camelCase (feat/feature-window.h FrameExtractionOptions,
 * feat/mel-computations.h MelBanksOptions, feat/feature-fbank.h, feat/feature-mfcc.h) and Kaldi's defaults, each
 * with the reason it has that value. The `ser features` flags are the kebab-case versions of these names.
 */

export const WINDOW_TYPES = ['povey', 'hamming', 'hanning', 'rectangular', 'blackman'] as const
export type WindowType = (typeof WINDOW_TYPES)[number]

/**
 * Kaldi's BaseFloat: 'float' (Kaldi's default build, and kaldi-native-fbank) or 'double' (a KALDI_DOUBLEPRECISION
 * build). The two agree to ~1e-4 except where float32 round-off is the signal (bands 20+ nats below a frame's
 * peak, e.g. the empty top octave of a band-limited float recording).
 */
export const PRECISIONS = ['float', 'double'] as const
export type Precision = (typeof PRECISIONS)[number]

/** Framing and per-frame signal processing (Kaldi FrameExtractionOptions). */
export interface FrameOptions {
  /** Hz; the file's own rate. Kaldi's default 16000 is only a placeholder for "the rate of the data" */
  sampleFrequency: number
  /** 25 ms: long enough to resolve a 40 Hz pitch harmonic pair, short enough that speech is stationary */
  frameLengthMs: number
  /** 10 ms: 100 frames a second, the rate every ASR and SER front end (and openSMILE's LLDs) uses */
  frameShiftMs: number
  /**
   * Standard deviation of Gaussian noise added to each int16-scale sample. Kaldi's default is 1.0 (keeps log(0)
   * away from digital silence); the workbench defaults to 0, as torchaudio.compliance.kaldi does, because the
   * energy floor already handles silence and features must be a pure function of (audio, options) for the cache
   * and for comparisons with the reference. 0 means no dither at all (Kaldi semantics).
   */
  dither: number
  /** Seed of the dither generator (our addition: Kaldi seeds from the utterance). Same seed → same features */
  ditherSeed: number
  /** 0.97: Kaldi's and HTK's value; lifts the −6 dB/octave tilt of voiced speech */
  preemphasisCoefficient: number
  /** true: a DC offset in cheap recordings would otherwise leak into the lowest bands and the energy */
  removeDcOffset: boolean
  /** povey: Kaldi's default, a Hann window raised to 0.85 that is non-zero at the edges like a Hamming */
  windowType: WindowType
  /** 0.42: the classic Blackman window's a0 */
  blackmanCoeff: number
  /** true: the FFT runs on the next power of two, which is what makes Kaldi's bins what they are */
  roundToPowerOfTwo: boolean
  /** true: only whole frames inside the signal (Kaldi's default); false: reflect-padded frames centred every shift */
  snipEdges: boolean
  /**
   * float: every step in float32 exactly as kaldi-native-fbank computes it (its kissfft FFT included), so the
   * numbers equal the Kaldi reference even in its round-off; double: float64 throughout, the more accurate answer
   */
  precision: Precision
}

/** The triangular Mel filterbank (Kaldi MelBanksOptions). */
export interface MelOptions {
  /** 23: Kaldi's default for 16 kHz speech; 26 is HTK's and the workbench's logmel; 40 is common for DNNs */
  numMelBins: number
  /** 20 Hz: below that there is only rumble and mains hum */
  lowFreq: number
  /** 0: ≤ 0 means an offset from the Nyquist frequency (Kaldi semantics), so 0 = Nyquist at any rate */
  highFreq: number
}

/** What fbank and MFCC share after the filterbank (Kaldi FbankOptions / MfccOptions). */
export interface EnergyOptions {
  /** Floor of the log energy, as a linear energy; 0 = no floor beyond FLT_EPSILON (Kaldi's default) */
  energyFloor: number
  /** true: the energy is measured after DC removal but before pre-emphasis and the window (Kaldi's default) */
  rawEnergy: boolean
  /** false: HTK's layout puts the energy last and scales c0 by √2; off by default, as in Kaldi */
  htkCompat: boolean
}

export interface FbankOptions extends FrameOptions, MelOptions, EnergyOptions {
  /** false: fbank is band energies only (Kaldi's default); true adds the log energy as column 0 */
  useEnergy: boolean
  /** true: log Mel energies, the usual input to neural networks */
  useLogFbank: boolean
  /** true: power spectrum |X|²; false: magnitude |X| */
  usePower: boolean
}

export interface MfccOptions extends FrameOptions, MelOptions, EnergyOptions {
  /** 13: c0…c12, the classic cepstrum that keeps the envelope and drops the pitch harmonics */
  numCeps: number
  /** true: Kaldi's MFCC default; the raw log energy replaces c0 */
  useEnergy: boolean
  /** 22: HTK's and Kaldi's lifter, which evens out the cepstral coefficients' ranges */
  cepstralLifter: number
}

export const FRAME_DEFAULTS: FrameOptions = {
  sampleFrequency: 16000,
  frameLengthMs: 25,
  frameShiftMs: 10,
  dither: 0,
  ditherSeed: 0,
  preemphasisCoefficient: 0.97,
  removeDcOffset: true,
  windowType: 'povey',
  blackmanCoeff: 0.42,
  roundToPowerOfTwo: true,
  snipEdges: true,
  precision: 'float'
}

export const MEL_DEFAULTS: MelOptions = { numMelBins: 23, lowFreq: 20, highFreq: 0 }

export const ENERGY_DEFAULTS: EnergyOptions = { energyFloor: 0, rawEnergy: true, htkCompat: false }

export const FBANK_DEFAULTS: FbankOptions = {
  ...FRAME_DEFAULTS,
  ...MEL_DEFAULTS,
  ...ENERGY_DEFAULTS,
  useEnergy: false,
  useLogFbank: true,
  usePower: true
}

export const MFCC_DEFAULTS: MfccOptions = {
  ...FRAME_DEFAULTS,
  ...MEL_DEFAULTS,
  ...ENERGY_DEFAULTS,
  numCeps: 13,
  useEnergy: true,
  cepstralLifter: 22
}

/** The display spectrogram (not a Kaldi feature; it reuses the framing and the FFT). */
export interface SpectrogramOptions {
  /**
   * 0 = the next power of two ≥ the window (512 at 16 kHz: 31 Hz bins, fine enough to see pitch harmonics, at any
   * rate); else a power of two from 64 to 8192, at least the window length
   */
  fftSize: number
  /** hanning: the usual display window, low leakage without Povey's edge weighting */
  windowType: WindowType
  /** 25 ms window */
  frameLengthMs: number
  /** 10 ms hop: one column per feature frame, so the picture lines up with fbank */
  frameShiftMs: number
  /** Values below max − dynamicRangeDb are drawn black; 80 dB covers speech over a quiet room */
  dynamicRangeDb: number
  /** Only bins up to this frequency are sent (0 = Nyquist): the UI rarely needs the top half at 44.1 kHz */
  maxFreq: number
}

export const SPECTROGRAM_DEFAULTS: SpectrogramOptions = {
  fftSize: 0,
  windowType: 'hanning',
  frameLengthMs: 25,
  frameShiftMs: 10,
  dynamicRangeDb: 80,
  maxFreq: 0
}

/** Per-file feature kinds of `ser features FILE --kind …` (docs/cli.md). */
export const FILE_FEATURE_KINDS = ['fbank', 'mfcc', 'spectrogram', 'egemaps-lld', 'egemaps'] as const
export type FileFeatureKind = (typeof FILE_FEATURE_KINDS)[number]

/** Features of one signal: row-major frames × dims, with the column names and the hop between rows. */
export interface FeatureMatrix {
  frames: number
  dims: number
  /** Row-major, frames × dims */
  data: Float32Array
  /** Seconds between rows (0 for a single row of functionals) */
  frameShiftSec: number
  names: string[]
}
