/**
 * z-normalisation of the baseline's functionals (one row per utterance), two ways (RunConfig.normalisation):
 *
 * - 'fold': every row with the mean and standard deviation of the fold's training rows (dev and test excluded).
 * - 'speaker': every row with its own speaker's statistics, over all of that speaker's rows in the run's dataset —
 *   training, dev and test alike, which needs no label (a test speaker is normalised by its own speech, as in
 *   deployment after enrolment). Labels are never read: the function is not given them.
 *
 * Fallbacks (documented in docs/training.md): a speaker with a single utterance (no spread) and an utterance
 * without a speaker use the fold's training statistics; a dimension whose spread is below 1e-6 is centred only
 * (divided by 1); a missing or non-finite value is left out of the statistics and becomes 0 after normalising,
 * i.e. the mean it was normalised with (mean imputation). Pure.
 */

export interface Stats {
  mean: Float64Array
  std: Float64Array
}

const MIN_STD = 1e-6

/** Mean and standard deviation per dimension over the given rows, finite values only. */
export function rowStats(x: Float64Array, d: number, rows: readonly number[]): Stats {
  const sum = new Float64Array(d)
  const sq = new Float64Array(d)
  const count = new Float64Array(d)
  for (const i of rows) {
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]
      if (!Number.isFinite(v)) continue
      sum[j] += v
      sq[j] += v * v
      count[j]++
    }
  }
  const mean = new Float64Array(d)
  const std = new Float64Array(d)
  for (let j = 0; j < d; j++) {
    const m = count[j] > 0 ? sum[j] / count[j] : 0
    const s = count[j] > 1 ? Math.sqrt(Math.max(0, sq[j] / count[j] - m * m)) : 0
    mean[j] = m
    std[j] = s < MIN_STD ? 1 : s
  }
  return { mean, std }
}

function apply(x: Float64Array, out: Float64Array, d: number, row: number, s: Stats): void {
  for (let j = 0; j < d; j++) {
    const v = x[row * d + j]
    out[row * d + j] = Number.isFinite(v) ? (v - s.mean[j]) / s.std[j] : 0
  }
}

export interface NormalisedRows {
  x: Float64Array
  /** Speakers normalised with the fold's statistics instead of their own (a single utterance) */
  fallbackSpeakers: string[]
  /** Rows with a missing or non-finite value, imputed with the mean */
  imputedRows: number
}

export function normaliseRows(
  x: Float64Array,
  d: number,
  speakers: readonly (string | null)[],
  train: readonly number[],
  mode: 'fold' | 'speaker',
  /** The fold's statistics when they come from elsewhere (held-out scoring: the saved fold's), else from `train` */
  foldStats?: Stats
): NormalisedRows {
  const n = speakers.length
  const out = new Float64Array(n * d)
  const fold = foldStats ?? rowStats(x, d, train)
  const fallbackSpeakers: string[] = []
  let imputedRows = 0
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      if (!Number.isFinite(x[i * d + j])) {
        imputedRows++
        break
      }
    }
  }
  if (mode === 'fold') {
    for (let i = 0; i < n; i++) apply(x, out, d, i, fold)
    return { x: out, fallbackSpeakers, imputedRows }
  }
  const bySpeaker = new Map<string, number[]>()
  speakers.forEach((s, i) => {
    if (s === null) return
    const list = bySpeaker.get(s) ?? []
    list.push(i)
    bySpeaker.set(s, list)
  })
  for (let i = 0; i < n; i++) if (speakers[i] === null) apply(x, out, d, i, fold)
  for (const [speaker, rows] of bySpeaker) {
    if (rows.length < 2) fallbackSpeakers.push(speaker)
    const stats = rows.length < 2 ? fold : rowStats(x, d, rows)
    for (const i of rows) apply(x, out, d, i, stats)
  }
  return { x: out, fallbackSpeakers: fallbackSpeakers.sort(), imputedRows }
}
