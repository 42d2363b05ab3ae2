import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * The reference audio and tool outputs the parity tests compare against: `$SER_REFERENCE` when set (e.g. a holdout
 * set with the same layout), else the vendored copy of ../shared/reference in tests/reference (PROVENANCE.md).
 */
export const REFERENCE = process.env.SER_REFERENCE ?? resolve(__dirname, '..', 'reference')
export const REFERENCE_AUDIO = join(REFERENCE, 'audio')
/** ../shared/reference beside the checkout, where the project's shared material lives */
export const SHARED_REFERENCE = resolve(__dirname, '..', '..', '..', 'shared', 'reference')

export const GOOD_FILES = [
  's01_enus_male_neutral_16k_pcm16.wav',
  's02_enus_female_happy_44k1_stereo_pcm16.wav',
  's03_de_male_48k_float32.wav',
  's04_enus_male_sad_22k05_pcm24.wav',
  's05_enus_male_angry_8k_pcm16.wav',
  's06_enus_female_silencepad_16k_pcm16.wav',
  's07_sine1k_plus_noise_16k_pcm16.wav',
  's08_digital_silence_16k_pcm16.wav'
]

/** SoX's own reading of a file: interleaved samples as 32-bit floats in [-1, 1) (`sox FILE -t f32 -`). */
export function soxSamples(path: string): Float32Array {
  const out = execFileSync('sox', [path, '-t', 'f32', '-'], { maxBuffer: 256 * 1024 * 1024 })
  return new Float32Array(out.buffer, out.byteOffset, out.byteLength / 4)
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T
}
