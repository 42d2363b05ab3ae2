/**
 * `ser features FILE --kind K --out OUT.csv [Kaldi options]` and `ser features --all --kind logmel|mfcc|egemaps`
 * (docs/cli.md). Flags are the kebab-case names of src/shared/domain/features.ts; a bad value ends with exit 2
 * and a line naming the flag.
 */
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { Option } from 'commander'
import type { FileFeatureKind, SpectrogramOptions } from '../../../../shared/domain/features'
import { FILE_FEATURE_KINDS, PRECISIONS, WINDOW_TYPES } from '../../../../shared/domain/features'
import type { TrainFeatures } from '../../../../shared/domain/training'
import { TRAIN_FEATURES } from '../../../../shared/domain/training'
import { isSerError } from '../../../../shared/errors'
import { readAudioFile, toMono } from '../../../services/audio/read-audio'
import { matrixToCsv } from '../../../services/features/feature-csv'
import type { FeatureRequestOptions } from '../../../services/features/feature-kinds'
import { FILE_KINDS } from '../../../services/features/feature-kinds'
import { spectrogramBinary } from '../../../services/features/spectrogram'
import type { CommonOptions } from '../cli-context'
import {
  CliExit,
  EXIT_OK,
  EXIT_PARTIAL,
  EXIT_USAGE,
  log,
  parseBool,
  parseNumber,
  printJson,
  progressBar,
  withCommon,
  withServices
} from '../cli-context'

interface FeatureFlags extends CommonOptions, FeatureRequestOptions {
  kind?: string
  out?: string
  all?: boolean
  fftSize?: number
  dynamicRange?: number
  maxFreq?: number
}

/** Flag ↔ option: every Kaldi option of docs/cli.md, plus the rest of the domain's. */
function kaldiOptions(cmd: Command): Command {
  const num = (flag: string, o: { integer?: boolean; min?: number; max?: number } = {}) => parseNumber(flag, o)
  return cmd
    .option('--num-mel-bins <n>', 'Mel bands (Kaldi default 23)', num('num-mel-bins', { integer: true, min: 3 }))
    .option('--num-ceps <n>', 'MFCC coefficients (13)', num('num-ceps', { integer: true, min: 1 }))
    .option('--use-energy <bool>', 'log energy as column 0 (fbank false, mfcc true)', parseBool('use-energy'))
    .option(
      '--dither <x>',
      'Gaussian dither in int16 units; 0 = none (workbench default 0, Kaldi 1)',
      num('dither', { min: 0 })
    )
    .option('--dither-seed <n>', 'seed of the dither generator (0)', num('dither-seed', { integer: true }))
    .option('--preemphasis-coefficient <x>', 'pre-emphasis (0.97)', num('preemphasis-coefficient', { min: 0, max: 1 }))
    .addOption(new Option('--window-type <type>', 'frame window (povey)').choices(WINDOW_TYPES))
    .option('--blackman-coeff <x>', 'Blackman a0 (0.42)', num('blackman-coeff'))
    .option('--frame-length <ms>', 'frame length in ms (25)', num('frame-length', { min: 0 }))
    .option('--frame-shift <ms>', 'frame shift in ms (10)', num('frame-shift', { min: 0 }))
    .option('--low-freq <hz>', 'lowest Mel edge in Hz (20)', num('low-freq'))
    .option('--high-freq <hz>', 'highest Mel edge in Hz; ≤ 0 is an offset from Nyquist (0)', num('high-freq'))
    .option(
      '--snip-edges <bool>',
      'whole frames only (true) or reflect-padded centred frames (false)',
      parseBool('snip-edges')
    )
    .option('--cepstral-lifter <q>', 'cepstral lifter (22; 0 = none)', num('cepstral-lifter', { min: 0 }))
    .option('--remove-dc-offset <bool>', 'subtract each frame mean (true)', parseBool('remove-dc-offset'))
    .option('--energy-floor <x>', 'floor of the energy, linear; 0 = none (0)', num('energy-floor', { min: 0 }))
    .option('--raw-energy <bool>', 'energy before pre-emphasis and window (true)', parseBool('raw-energy'))
    .option('--round-to-power-of-two <bool>', 'FFT on the next power of two (true)', parseBool('round-to-power-of-two'))
    .option('--htk-compat <bool>', 'HTK layout: energy/c0 last (false)', parseBool('htk-compat'))
    .option('--use-log-fbank <bool>', 'fbank: log of the Mel energies (true)', parseBool('use-log-fbank'))
    .option('--use-power <bool>', 'fbank: power (true) or magnitude spectrum', parseBool('use-power'))
    .addOption(
      new Option('--precision <p>', 'float: bit-exact with Kaldi/kaldi-native-fbank; double: float64').choices(
        PRECISIONS
      )
    )
    .option(
      '--fft-size <n>',
      'spectrogram FFT size (0 = next power of two ≥ window)',
      num('fft-size', { integer: true, min: 0 })
    )
    .option(
      '--dynamic-range <db>',
      'spectrogram .spg output: dB range below the peak (80)',
      num('dynamic-range', { min: 1 })
    )
    .option('--max-freq <hz>', 'spectrogram: highest frequency kept (0 = Nyquist)', num('max-freq', { min: 0 }))
}

const FLAG_OF: Record<string, string> = {
  frameLengthMs: 'frame-length',
  frameShiftMs: 'frame-shift',
  dynamicRangeDb: 'dynamic-range',
  maxFreq: 'max-freq',
  kind: 'kind'
}

/** A service error about an option, reworded to name the flag the user typed. */
function asFlagError(e: unknown): unknown {
  if (!isSerError(e) || !e.field) return e
  if (e.message.startsWith('--')) return new CliExit(EXIT_USAGE, e.message)
  const flag = FLAG_OF[e.field] ?? e.field.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())
  return new CliExit(EXIT_USAGE, `--${flag}: ${e.message.replace(/^[A-Za-z/]+: /, '')}`)
}

function requestOptions(o: FeatureFlags): FeatureRequestOptions {
  const spectrogram: Partial<SpectrogramOptions> = {}
  if (o.fftSize !== undefined) spectrogram.fftSize = o.fftSize
  if (o.windowType !== undefined) spectrogram.windowType = o.windowType
  if (o.frameLengthMs !== undefined) spectrogram.frameLengthMs = o.frameLengthMs
  if (o.frameShiftMs !== undefined) spectrogram.frameShiftMs = o.frameShiftMs
  if (o.dynamicRange !== undefined) spectrogram.dynamicRangeDb = o.dynamicRange
  if (o.maxFreq !== undefined) spectrogram.maxFreq = o.maxFreq
  const {
    db: _db,
    json: _json,
    kind: _kind,
    out: _out,
    all: _all,
    fftSize: _f,
    dynamicRange: _d,
    maxFreq: _m,
    ...kaldi
  } = o
  return { ...kaldi, spectrogram }
}

async function featuresOfFile(file: string, o: FeatureFlags): Promise<void> {
  if (!o.kind || !(FILE_FEATURE_KINDS as readonly string[]).includes(o.kind)) {
    throw new CliExit(
      EXIT_USAGE,
      `--kind: expected one of ${FILE_FEATURE_KINDS.join(', ')} for a file, got '${o.kind ?? ''}'`
    )
  }
  if (!o.out) throw new CliExit(EXIT_USAGE, '--out: required (the CSV to write)')
  const kind = o.kind as FileFeatureKind
  const def = FILE_KINDS[kind]
  const audio = await readAudioFile(file, file)
  const samples = toMono(audio, def.channels)
  const req = requestOptions(o)
  let bytes: string | Uint8Array
  try {
    bytes =
      kind === 'spectrogram' && o.out.endsWith('.spg')
        ? spectrogramBinary(samples, audio.sampleRate, req.spectrogram)
        : matrixToCsv(def.compute(samples, audio.sampleRate, req))
  } catch (e) {
    throw asFlagError(e)
  }
  try {
    writeFileSync(o.out, bytes)
  } catch (e) {
    throw new CliExit(EXIT_USAGE, `${o.out}: cannot write (${(e as Error).message})`)
  }
  if (!o.json) log(`${file}: wrote ${o.out}`)
  else printJson({ file, kind, out: o.out })
}

async function featuresOfCorpus(o: FeatureFlags): Promise<void> {
  if (!o.kind || !(TRAIN_FEATURES as readonly string[]).includes(o.kind)) {
    throw new CliExit(
      EXIT_USAGE,
      `--kind: expected one of ${TRAIN_FEATURES.join(', ')} with --all, got '${o.kind ?? ''}'`
    )
  }
  const kind = o.kind as TrainFeatures
  await withServices(o, async (s) => {
    const total = s.corpus.stats({}).utterances
    if (total === 0) throw new CliExit(EXIT_USAGE, `${s.dbPath}: no utterances in the index (import a corpus first)`)
    const bar = progressBar(`features ${kind}`)
    const abort = new AbortController()
    const onSigint = (): void => abort.abort()
    process.once('SIGINT', onSigint)
    const started = Date.now()
    try {
      const r = await s.features.ensureAll(kind, {
        onProgress: (p) => bar.update(p.done, p.total, p.item),
        signal: abort.signal
      })
      bar.stop()
      const seconds = (Date.now() - started) / 1000
      if (o.json) printJson({ ...r, utterances: total, seconds })
      else {
        log(`${kind}: ${r.computed} computed, ${r.cached} cached, ${r.failed.length} failed in ${seconds.toFixed(1)} s`)
        for (const f of r.failed) log(`  ${f.id}: ${f.error}`)
      }
      process.exitCode = r.failed.length > 0 ? EXIT_PARTIAL : EXIT_OK
    } finally {
      process.off('SIGINT', onSigint)
      bar.stop()
    }
  })
}

export function registerFeatures(program: Command): void {
  withCommon(
    kaldiOptions(
      program
        .command('features')
        .description('features of one file into a CSV, or (--all) computed and cached for the whole corpus')
        .argument('[file]', 'audio file (WAV)')
        .option('--kind <kind>', `file: ${FILE_FEATURE_KINDS.join('|')}; --all: ${TRAIN_FEATURES.join('|')}`)
        .option('--out <file>', 'CSV to write (a .spg file for --kind spectrogram writes the display binary)')
        .option('--all', 'compute and cache --kind for every utterance in the index')
    )
  ).action(async (file: string | undefined, raw: FeatureFlags & { frameLength?: number; frameShift?: number }) => {
    const { frameLength, frameShift, ...rest } = raw
    const o: FeatureFlags = { ...rest, frameLengthMs: frameLength, frameShiftMs: frameShift }
    if (o.all && file) throw new CliExit(EXIT_USAGE, `${file}: give a FILE or --all, not both`)
    if (o.all) return featuresOfCorpus(o)
    if (!file) throw new CliExit(EXIT_USAGE, 'features: give a FILE (or --all for the whole corpus)')
    await featuresOfFile(file, o)
  })
}
