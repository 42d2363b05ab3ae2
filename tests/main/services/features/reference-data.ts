/**
 * Reading the reference set (tests/helpers/reference.ts: $SER_REFERENCE, else the vendored copy of
 * ../shared/reference): the audio files, and the Kaldi CSVs of kaldi-native-fbank (header `frame,start_s,<values>`,
 * values printed with %.9g).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REFERENCE, REFERENCE_STEMS } from '../../../helpers/reference'

export { REFERENCE }

export const REFERENCE_AUDIO = REFERENCE_STEMS

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
  const lines = readFileSync(join(REFERENCE, 'kaldi', `${stem}.${suffix}.csv`), 'utf8')
    .trim()
    .split('\n')
  const header = lines[0].split(',')
  const rows = lines.slice(1).map((l) => l.split(',').map(Number))
  return { names: header.slice(2), rows: rows.map((r) => r.slice(2)), startS: rows.map((r) => r[1]) }
}
