/**
 * Inter-annotator agreement, as pure functions over a units × raters table with missing values:
 * - Fleiss' kappa (Fleiss 1971), generalised to a varying number of raters per unit: P_i is each unit's pairwise
 *   agreement over its own n_i ≥ 2 ratings, and category proportions pool every rating.
 * - Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability") from the coincidence
 *   matrix, with nominal, ordinal and interval difference functions.
 * - Cohen's kappa for one pair of raters.
 * Values are strings (category codes, or numbers as text for the scales); `null` is a missing rating.
 */

export type Rating = string | null
/** units[u][r]: rater r's value for unit u, or null */
export type RatingTable = Rating[][]
export type AlphaMetric = 'nominal' | 'ordinal' | 'interval'

/** Units with at least two ratings; only these carry information about agreement. */
export function pairableUnits(table: RatingTable): string[][] {
  return table.map((row) => row.filter((v): v is string => v !== null)).filter((vals) => vals.length >= 2)
}

export function fleissKappa(table: RatingTable): number | null {
  const units = pairableUnits(table)
  if (units.length === 0) return null
  const totals = new Map<string, number>()
  let ratings = 0
  let pSum = 0
  for (const vals of units) {
    const counts = new Map<string, number>()
    for (const v of vals) counts.set(v, (counts.get(v) ?? 0) + 1)
    const n = vals.length
    let sq = 0
    for (const [v, c] of counts) {
      sq += c * c
      totals.set(v, (totals.get(v) ?? 0) + c)
    }
    pSum += (sq - n) / (n * (n - 1))
    ratings += n
  }
  const pBar = pSum / units.length
  let pe = 0
  for (const c of totals.values()) pe += (c / ratings) ** 2
  if (pe === 1) return null // one category only: chance agreement is total, kappa undefined
  return (pBar - pe) / (1 - pe)
}

/** Sorted distinct values; numeric order when every value is a number. */
function valuesOf(units: string[][]): string[] {
  const set = [...new Set(units.flat())]
  const numeric = set.every((v) => Number.isFinite(Number(v)))
  return numeric ? set.sort((a, b) => Number(a) - Number(b)) : set.sort()
}

export function krippendorffAlpha(table: RatingTable, metric: AlphaMetric): number | null {
  const units = pairableUnits(table)
  if (units.length === 0) return null
  const values = valuesOf(units)
  const idx = new Map(values.map((v, i) => [v, i]))
  const k = values.length
  // coincidence matrix: each ordered pair of values within a unit, weighted 1/(m_u − 1)
  const o = Array.from({ length: k }, () => new Float64Array(k))
  for (const vals of units) {
    const m = vals.length
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        if (a !== b) o[idx.get(vals[a])!][idx.get(vals[b])!] += 1 / (m - 1)
      }
    }
  }
  const nc = o.map((row) => row.reduce((s, x) => s + x, 0))
  const n = nc.reduce((s, x) => s + x, 0)
  if (n <= 1) return null
  const delta = differenceFunction(values, nc, metric)
  let dObs = 0
  let dExp = 0
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      const w = delta(c, d)
      dObs += o[c][d] * w
      dExp += nc[c] * nc[d] * w
    }
  }
  dObs /= n
  dExp /= n * (n - 1)
  if (dExp === 0) return null // no variation at all: alpha undefined
  return 1 - dObs / dExp
}

/** δ²(c, k) of Krippendorff (2011) for value indices c and k. */
function differenceFunction(values: string[], nc: number[], metric: AlphaMetric): (c: number, d: number) => number {
  if (metric === 'nominal') return (c, d) => (c === d ? 0 : 1)
  if (metric === 'interval') {
    const x = values.map(Number)
    return (c, d) => (x[c] - x[d]) ** 2
  }
  // ordinal: (Σ_{g=c..k} n_g − (n_c + n_k)/2)², values in rank order
  const cum = [0]
  for (const v of nc) cum.push(cum[cum.length - 1] + v)
  return (c, d) => {
    if (c === d) return 0
    const lo = Math.min(c, d)
    const hi = Math.max(c, d)
    const s = cum[hi + 1] - cum[lo] - (nc[lo] + nc[hi]) / 2
    return s * s
  }
}

export interface PairTable {
  items: number
  observed: number
  cohenKappa: number | null
  labels: string[]
  counts: number[][]
}

/** Agreement of two raters over the units both rated: observed agreement, Cohen's kappa and their confusion table. */
export function pairAgreement(a: Rating[], b: Rating[]): PairTable {
  const pairs: [string, string][] = []
  for (let i = 0; i < a.length; i++) if (a[i] !== null && b[i] !== null) pairs.push([a[i]!, b[i]!])
  const labels = valuesOf(pairs.length ? [pairs.flat()] : [])
  const idx = new Map(labels.map((v, i) => [v, i]))
  const counts = labels.map(() => labels.map(() => 0))
  for (const [x, y] of pairs) counts[idx.get(x)!][idx.get(y)!]++
  const n = pairs.length
  if (n === 0) return { items: 0, observed: 0, cohenKappa: null, labels, counts }
  let agree = 0
  for (let i = 0; i < labels.length; i++) agree += counts[i][i]
  const po = agree / n
  let pe = 0
  for (let i = 0; i < labels.length; i++) {
    const row = counts[i].reduce((s, x) => s + x, 0)
    const col = counts.reduce((s, r) => s + r[i], 0)
    pe += (row / n) * (col / n)
  }
  return { items: n, observed: po, cohenKappa: pe === 1 ? null : (po - pe) / (1 - pe), labels, counts }
}
