/**
 * A documented comparison (not a test: the two tools define these measures differently) of our eGeMAPS voice
 * descriptors with Praat 6.3.07's on the reference files (tests/reference/praat, the vendored copy of
 * ../shared/reference; its README, section "Praat"). Prints the Markdown tables that docs/egemaps.md quotes.
 *
 * - F0 per frame: our pitch frame k (60 ms from k·10 ms, centre k·10 ms + 30 ms; unsmoothed, energy-gated SHS +
 *   Viterbi F0) against the Praat frame with the nearest centre (To Pitch (ac), 75–600 Hz, centred frames).
 * - Mean/median F0 over voiced frames, in Hz.
 * - Jitter: openSMILE's jitterLocal is a per-frame mean |T_i − T_{i−1}| / mean T over the periods found in each
 *   60 ms frame, averaged over voiced frames (jitterLocal_sma3nz_amean); Praat's jitter (local) is the same ratio
 *   over the whole PointProcess (periods 0.1–20 ms, factor 1.3).
 * - Shimmer: ours is in dB (mean |20·log10(A_i/A_{i−1})|), Praat's shimmer (local) a fraction (mean |A_i − A_{i−1}|
 *   / mean A). To first order |20·log10(1 + d)| ≈ 8.686·|d|, so Praat's value × 8.686 is shown beside ours.
 * - HNR: ours from the 60 ms frame's autocorrelation (HNRdBACF, mean over voiced frames), Praat's from To
 *   Harmonicity (cc) 10 ms / 75 Hz / 0.1 / 1.0, mean over its voiced frames.
 *
 * Run: npx tsx scripts/egemaps-vs-praat.ts   (SER_REFERENCE overrides the vendored tests/reference)
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readWavFile } from '../src/main/services/audio/read-audio'
import { analyzeEgemaps } from '../src/main/services/features/egemaps/analysis'
import {
  egemapsFunctionals,
  FUNCTIONAL_NAMES
} from '../src/main/services/features/egemaps/functionals/egemaps-functionals'
import { openSmileSamples } from '../src/main/services/features/egemaps/index'
import { REFERENCE, REFERENCE_STEMS } from '../tests/helpers/reference'

const STEMS = REFERENCE_STEMS
const DB_PER_FRACTION = 20 / Math.LN10

interface PraatVoice {
  mean_f0_hz: number | null
  median_f0_hz: number | null
  jitter_local: number | null
  shimmer_local: number | null
  mean_hnr_db: number | null
  pitch_t1_s: number
  pitch_dt_s: number
}

const fmt = (v: number | null | undefined, digits = 2): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits)
const median = (x: number[]): number => {
  const s = [...x].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const semitones = (a: number, b: number): number => Math.abs(12 * Math.log2(a / b))

const f0Rows: string[] = []
const voiceRows: string[] = []
for (const stem of STEMS) {
  const audio = readWavFile(join(REFERENCE, 'audio', `${stem}.wav`))
  const a = analyzeEgemaps(openSmileSamples(audio), audio.sampleRate)
  const func = egemapsFunctionals(a)
  const fn = (name: string): number => func[FUNCTIONAL_NAMES.indexOf(name)]
  const praat = JSON.parse(readFileSync(join(REFERENCE, 'praat', `${stem}.praat_voice.json`), 'utf8')) as PraatVoice
  const pitchCsv = readFileSync(join(REFERENCE, 'praat', `${stem}.praat_pitch.csv`), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
  const praatF0 = pitchCsv.map((l) => {
    const v = l.split(',')[1]
    return v === '' ? 0 : Number(v)
  })

  // frame-by-frame F0 over the frames both tools have
  let both = 0
  let agree = 0
  let gross = 0
  const err: number[] = []
  const ours: number[] = []
  const step = a.step / a.sampleRate
  const half = a.pitch.geometry.size / a.sampleRate / 2
  for (let k = 0; k < a.pitch.frames; k++) {
    const i = Math.round((k * step + half - praat.pitch_t1_s) / praat.pitch_dt_s)
    const f = a.pitch.f0[k]
    if (f > 0) ours.push(f)
    if (i < 0 || i >= praatF0.length) continue
    const p = praatF0[i]
    both++
    if (f > 0 === p > 0) agree++
    if (f > 0 && p > 0) {
      const e = semitones(f, p)
      err.push(e)
      if (e > 12 * Math.log2(1.2)) gross++ // more than 20 % apart: octave or subharmonic errors
    }
  }
  const meanOurs = ours.length ? ours.reduce((s, v) => s + v, 0) / ours.length : NaN
  f0Rows.push(
    `| ${stem.slice(0, 3)} | ${both} | ${fmt((100 * agree) / Math.max(1, both), 1)} % | ${err.length} | ${fmt(median(err), 3)} | ${fmt((100 * gross) / Math.max(1, err.length), 1)} % | ${fmt(meanOurs, 1)} / ${fmt(praat.mean_f0_hz, 1)} | ${fmt(median(ours), 1)} / ${fmt(praat.median_f0_hz, 1)} |`
  )
  const shimmerPraatDb = praat.shimmer_local === null ? null : praat.shimmer_local * DB_PER_FRACTION
  voiceRows.push(
    `| ${stem.slice(0, 3)} | ${fmt(fn('jitterLocal_sma3nz_amean'), 4)} / ${fmt(praat.jitter_local, 4)} | ${fmt(fn('shimmerLocaldB_sma3nz_amean'), 2)} / ${fmt(shimmerPraatDb, 2)} (${fmt(praat.shimmer_local, 3)}) | ${fmt(fn('HNRdBACF_sma3nz_amean'), 2)} / ${fmt(praat.mean_hnr_db, 2)} |`
  )
}

console.log('F0 per frame, ours vs Praat (frames paired by nearest centre)\n')
console.log(
  '| file | frames | voicing agrees | voiced in both | median \\|Δ\\| (semitones) | > 20 % apart | mean F0 Hz (ours / Praat) | median F0 Hz (ours / Praat) |'
)
console.log('|---|---|---|---|---|---|---|---|')
for (const r of f0Rows) console.log(r)
console.log('\nVoice quality, ours (eGeMAPS functional) / Praat\n')
console.log('| file | jitter (local, fraction) | shimmer dB / Praat local × 8.686 (Praat fraction) | HNR dB |')
console.log('|---|---|---|---|')
for (const r of voiceRows) console.log(r)
