import { readRegularFile } from '../runtime/regular-file'
import type { DecodedAudio, DecodeOptions } from './wav-decoder'
import { decodeFlac, isFlac } from './flac'
import { decodeWav } from './wav-decoder'
import { resample } from './resample'

/** The analysis rate features and models use unless a caller asks otherwise (IEMOCAP's own rate). */
export const ANALYSIS_RATE = 16000

/** How a multi-channel file becomes one signal: Kaldi reads channel 0; openSMILE and Praat average the channels. */
export type ChannelMode = 'first' | 'mix'

/**
 * A file's bytes; a missing or unreadable file, a folder, a FIFO or a device is FILE_UNREADABLE naming `name` (the
 * open never blocks: regular-file.ts).
 */
export function readAudioBytes(path: string, name: string = path): Buffer {
  return readRegularFile(path, name)
}

/** Reads and decodes a WAV file, synchronously (tools and tests that only ever see WAV). */
export function readWavFile(path: string, name: string = path, options: DecodeOptions = {}): DecodedAudio {
  return decodeWav(readAudioBytes(path, name), name, options)
}

/** Decodes WAV or FLAC bytes, told apart by their signature. */
export async function decodeAudio(bytes: Uint8Array, name: string, options: DecodeOptions = {}): Promise<DecodedAudio> {
  return isFlac(bytes) ? decodeFlac(bytes, name) : decodeWav(bytes, name, options)
}

/**
 * Reads and decodes an audio file (WAV or FLAC). `name` is what errors call the file (a corpus-relative path where
 * there is one); it defaults to the path itself.
 */
export async function readAudioFile(
  path: string,
  name: string = path,
  options: DecodeOptions = {}
): Promise<DecodedAudio> {
  return decodeAudio(readAudioBytes(path, name), name, options)
}

/** One channel of samples: channel 0, or the mean of all channels. */
export function toMono(audio: DecodedAudio, mode: ChannelMode): Float32Array {
  if (audio.channels.length === 1 || mode === 'first') return audio.channels[0]
  const out = new Float32Array(audio.frames)
  const k = 1 / audio.channels.length
  for (const ch of audio.channels) for (let i = 0; i < out.length; i++) out[i] += ch[i] * k
  return out
}

/** A mono signal at `rate` (default the analysis rate), the form features and models consume. */
export async function loadMono(
  path: string,
  name: string,
  options: { rate?: number; channels?: ChannelMode } = {}
): Promise<{ samples: Float32Array; sampleRate: number }> {
  const audio = await readAudioFile(path, name)
  const mono = toMono(audio, options.channels ?? 'mix')
  const rate = options.rate ?? ANALYSIS_RATE
  return { samples: resample(mono, audio.sampleRate, rate), sampleRate: rate }
}
