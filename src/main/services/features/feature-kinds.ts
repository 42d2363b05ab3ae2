/**
 * The registry of feature kinds: what `ser features FILE --kind K` computes for one signal, and which of those
 * the corpus feature sets the trainer uses (logmel, mfcc, egemaps) are made of. Adding a kind is one entry in
 * FILE_KINDS.
 *
 * Channels: the Kaldi kinds read channel 0, as Kaldi does (the reference CSVs are channel 0); the eGeMAPS kinds mix
 * to mono, as openSMILE's cWaveSource (monoMixdown=1) does. Each kind thus sees the audio its reference tool sees.
 */
import type {
  FbankOptions,
  FeatureMatrix,
  FileFeatureKind,
  MfccOptions,
  SpectrogramOptions
} from '../../../shared/domain/features'
import { FBANK_DEFAULTS, MFCC_DEFAULTS } from '../../../shared/domain/features'
import type { TrainFeatures } from '../../../shared/domain/training'
import type { ChannelMode } from '../audio/read-audio'
import { computeFbank } from './fbank'
import { KALDI_SAMPLE_SCALE } from './frame-window'
import { computeMfcc } from './mfcc'
import { computeSpectrogram } from './spectrogram'
import { egemapsFunctionalsMatrix, egemapsLldMatrix } from './egemaps/feature-matrix'

/** Options a caller may give any kind; each kind reads the ones it understands (Kaldi's for fbank/mfcc). */
export type FeatureRequestOptions = Partial<
  Omit<FbankOptions, 'sampleFrequency'> & Omit<MfccOptions, 'sampleFrequency'>
> & {
  spectrogram?: Partial<SpectrogramOptions>
}

export interface FileKindDef {
  /** How a multi-channel file becomes the one signal this kind analyses */
  channels: ChannelMode
  /** Features of `samples` (floats in [-1, 1), as services/audio decodes them) at `sampleRate` */
  compute(samples: Float32Array, sampleRate: number, options: FeatureRequestOptions): FeatureMatrix
}

/** Keeps only the defined keys, so `{ numMelBins: undefined }` never overrides a default. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}

export function fbankOptions(sampleRate: number, o: FeatureRequestOptions = {}): FbankOptions {
  const { spectrogram: _s, numCeps: _n, cepstralLifter: _c, ...rest } = o
  return { ...FBANK_DEFAULTS, ...defined(rest), sampleFrequency: sampleRate }
}

export function mfccOptions(sampleRate: number, o: FeatureRequestOptions = {}): MfccOptions {
  const { spectrogram: _s, useLogFbank: _l, usePower: _p, ...rest } = o
  return { ...MFCC_DEFAULTS, ...defined(rest), sampleFrequency: sampleRate }
}

export const FILE_KINDS: Record<FileFeatureKind, FileKindDef> = {
  fbank: {
    channels: 'first',
    compute: (x, sr, o) => computeFbank(x, fbankOptions(sr, o), KALDI_SAMPLE_SCALE)
  },
  mfcc: {
    channels: 'first',
    compute: (x, sr, o) => computeMfcc(x, mfccOptions(sr, o), KALDI_SAMPLE_SCALE)
  },
  spectrogram: {
    channels: 'first',
    compute: (x, sr, o) => computeSpectrogram(x, sr, o.spectrogram ?? {})
  },
  // 25 LLD columns per 10 ms frame (openSMILE eGeMAPSv02's lld level)
  'egemaps-lld': { channels: 'mix', compute: (x, sr) => egemapsLldMatrix(x, sr) },
  // one row of the 88 functionals
  egemaps: { channels: 'mix', compute: (x, sr) => egemapsFunctionalsMatrix(x, sr) }
}

/** A corpus feature set: a file kind with fixed options on 16 kHz audio. */
export interface CorpusKindDef {
  fileKind: FileFeatureKind
  sampleRate: number
  options: FeatureRequestOptions
  /** Bump when the computation changes in a way the options do not show, so cached matrices are recomputed */
  version: number
}

/**
 * What the feature service computes and caches per utterance: the trainer's three frame-level sets, and the 88
 * eGeMAPS functionals (one row per utterance) that the baseline model trains on (services/baseline).
 */
export type CorpusFeatureKind = TrainFeatures | 'egemaps-functionals'

/** The trainer's three feature sets (the paper's): all at 16 kHz, IEMOCAP's own rate, 25 ms / 10 ms frames. */
export const CORPUS_KINDS: Record<CorpusFeatureKind, CorpusKindDef> = {
  // log-Mel band energies: Kaldi fbank, 26 bands (HTK's count, the paper's input), no dither
  logmel: { fileKind: 'fbank', sampleRate: 16000, options: { numMelBins: 26 }, version: 1 },
  // Kaldi MFCC, 13 coefficients with c0 replaced by the log energy (Kaldi's default)
  mfcc: { fileKind: 'mfcc', sampleRate: 16000, options: { numCeps: 13 }, version: 1 },
  // the 25 eGeMAPS low-level descriptors per 10 ms frame
  egemaps: { fileKind: 'egemaps-lld', sampleRate: 16000, options: {}, version: 1 },
  // the 88 eGeMAPSv02 functionals of the whole utterance, one row (the baseline's input)
  'egemaps-functionals': { fileKind: 'egemaps', sampleRate: 16000, options: {}, version: 1 }
}

/** Everything that determines a corpus kind's numbers, as one canonical string (hashed into the cache key). */
export function corpusConfigKey(kind: CorpusFeatureKind, def: CorpusKindDef = CORPUS_KINDS[kind]): string {
  const fileKind = FILE_KINDS[def.fileKind]
  const resolved =
    def.fileKind === 'fbank'
      ? fbankOptions(def.sampleRate, def.options)
      : def.fileKind === 'mfcc'
        ? mfccOptions(def.sampleRate, def.options)
        : def.options
  return JSON.stringify({
    kind,
    fileKind: def.fileKind,
    channels: fileKind.channels,
    sampleRate: def.sampleRate,
    version: def.version,
    options: sortKeys(resolved)
  })
}

function sortKeys(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
