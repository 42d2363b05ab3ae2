/**
 * A feature matrix as CSV (docs/cli.md): a header of feature names, one row per frame, no index column. Each
 * value is the shortest decimal that reads back as the same float32 (at most 9 significant digits, like Kaldi's
 * and the reference's %.9g), so a CSV round-trips the matrix exactly.
 */
import type { FeatureMatrix } from '../../../shared/domain/features'

export function formatFloat32(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan'
  if (v === 0) return '0'
  for (let p = 6; p < 9; p++) {
    const s = v.toPrecision(p)
    if (Math.fround(Number(s)) === v) return trim(s)
  }
  return trim(v.toPrecision(9))
}

/** toPrecision keeps trailing zeros ("1.50000") and writes "1.5e+2"; CSV readers prefer "1.5" and "1.5e2" alike */
function trim(s: string): string {
  const [mantissa, exp] = s.split('e')
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa
  return exp === undefined ? m : `${m}e${exp.replace('+', '')}`
}

export function matrixToCsv(m: FeatureMatrix): string {
  const lines: string[] = [m.names.join(',')]
  const row: string[] = new Array(m.dims)
  for (let t = 0; t < m.frames; t++) {
    for (let c = 0; c < m.dims; c++) row[c] = formatFloat32(m.data[t * m.dims + c])
    lines.push(row.join(','))
  }
  return lines.join('\n') + '\n'
}
