/**
 * Reading the reference set (tests/helpers/reference.ts: $SER_REFERENCE, else the vendored copy of
 * ../shared/reference): the audio files, and the Kaldi CSVs of kaldi-native-fbank (header `frame,start_s,<values>`,
 * values printed with %.9g).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REFERENCE } from '../../../helpers/reference'

export { REFERENCE }

export const REFERENCE_AUDIO = [
  's01_enus_male_neutral_16k_pcm16',
  's02_enus_female_happy_44k1_stereo_pcm16',
  's03_de_male_48k_float32',
  's04_enus_male_sad_22k05_pcm24',
  's05_enus_male_angry_8k_pcm16',
  's06_enus_female_silencepad_16k_pcm16',
  's07_sine1k_plus_noise_16k_pcm16',
  's08_digital_silence_16k_pcm16'
] as const

export function audioPath(stem: string): string {
  return join(REFERENCE, 'audio', `${stem}.wav`)
}

export interface ReferenceCsv {
  names: string[]
  /** frames × values, the `frame` and `start_s` columns dropped */
  rows: number[][]
  startS: number[]
}

export function readKaldiCsv(stem: string, suffix: string): ReferenceCsv {
  const lines = readFileSync(join(REFERENCE, 'kaldi', `${stem}.${suffix}.csv`), 'utf8').trim().split('\n')
  const header = lines[0].split(',')
  const rows = lines.slice(1).map((l) => l.split(',').map(Number))
  return { names: header.slice(2), rows: rows.map((r) => r.slice(2)), startS: rows.map((r) => r[1]) }
}
