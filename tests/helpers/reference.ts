import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The reference audio and tool outputs the parity tests compare against: `$SER_REFERENCE` when set (e.g. a holdout
 * set with the same layout), else the vendored copy of ../shared/reference in tests/reference (PROVENANCE.md).
 */
// import.meta.url rather than __dirname: scripts run this module as ESM through tsx, where __dirname does not exist
const here = dirname(fileURLToPath(import.meta.url))
export const REFERENCE = process.env.SER_REFERENCE ?? resolve(here, '..', 'reference')
export const REFERENCE_AUDIO = join(REFERENCE, 'audio')
/** ../shared/reference beside the checkout, where the project's shared material lives */
export const SHARED_REFERENCE = resolve(here, '..', '..', '..', 'shared', 'reference')

/** The good audio of the reference set (README there), by stem */
export const REFERENCE_STEMS = [
  's01_enus_male_neutral_16k_pcm16',
  's02_enus_female_happy_44k1_stereo_pcm16',
  's03_de_male_48k_float32',
  's04_enus_male_sad_22k05_pcm24',
  's05_enus_male_angry_8k_pcm16',
  's06_enus_female_silencepad_16k_pcm16',
  's07_sine1k_plus_noise_16k_pcm16',
  's08_digital_silence_16k_pcm16'
] as const

export const GOOD_FILES = REFERENCE_STEMS.map((s) => `${s}.wav`)

/** SoX's own reading of a file: interleaved samples as 32-bit floats in [-1, 1) (`sox FILE -t f32 -`). */
export function soxSamples(path: string): Float32Array {
  const out = execFileSync('sox', [path, '-t', 'f32', '-'], { maxBuffer: 256 * 1024 * 1024 })
  return new Float32Array(out.buffer, out.byteOffset, out.byteLength / 4)
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T
}
