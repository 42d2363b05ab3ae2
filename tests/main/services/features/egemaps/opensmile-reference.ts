/**
 * The openSMILE eGeMAPSv02 reference (../shared/reference/opensmile, README "openSMILE eGeMAPS v02"): `;`-separated
 * CSVs with `name;frameTime;` then the 25 LLDs (one row per 10 ms frame) or the 88 functionals (one row), printed
 * with 7 significant digits. Our analysis of each file is computed once per test file and shared by its tests.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readWavFile } from '../../../../../src/main/services/audio/read-audio'
import type { EgemapsAnalysis } from '../../../../../src/main/services/features/egemaps/analysis'
import { analyzeEgemaps } from '../../../../../src/main/services/features/egemaps/analysis'
import { openSmileSamples } from '../../../../../src/main/services/features/egemaps/index'
import { audioPath, REFERENCE } from '../reference-data'

export interface OpenSmileCsv {
  names: string[]
  frameTimes: number[]
  /** rows × names, the `name` and `frameTime` columns dropped */
  rows: number[][]
}

export function readOpenSmileCsv(stem: string, kind: 'lld' | 'func'): OpenSmileCsv {
  const lines = readFileSync(join(REFERENCE, 'opensmile', `${stem}.egemaps_${kind}.csv`), 'utf8')
    .trim()
    .split('\n')
  const names = lines[0].split(';').slice(2)
  const cells = lines.slice(1).map((l) => l.split(';'))
  return { names, frameTimes: cells.map((c) => Number(c[1])), rows: cells.map((c) => c.slice(2).map(Number)) }
}

const cache = new Map<string, EgemapsAnalysis>()

/** Our analysis of a reference file, from the signal openSMILE's cWaveSource reads (index.ts openSmileSamples). */
export function analysisOf(stem: string): EgemapsAnalysis {
  let a = cache.get(stem)
  if (!a) {
    const audio = readWavFile(audioPath(stem))
    a = analyzeEgemaps(openSmileSamples(audio), audio.sampleRate)
    cache.set(stem, a)
  }
  return a
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length
  let ma = 0
  let mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i] / n
    mb += b[i] / n
  }
  let c = 0
  let va = 0
  let vb = 0
  for (let i = 0; i < n; i++) {
    c += (a[i] - ma) * (b[i] - mb)
    va += (a[i] - ma) ** 2
    vb += (b[i] - mb) ** 2
  }
  return va === 0 && vb === 0 ? 1 : c / Math.sqrt(va * vb)
}

export function median(x: readonly number[]): number {
  if (x.length === 0) return 0
  const s = [...x].sort((p, q) => p - q)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
