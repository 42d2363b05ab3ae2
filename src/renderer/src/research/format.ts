/** How the research views write numbers, so every table and chart reads the same. */

/** 0.5731 → "57.3" (accuracies are stored as fractions, shown as percent as the paper does) */
export function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : (100 * v).toFixed(digits)
}

export function num(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits)
}

/** Folds are numbered from 0 in the contract (as the trainer plans them); people and the CLI count from 1 */
export { foldName } from '@shared/domain/fold-name'

/** Seconds as "42 s", "3 min 05 s", "1 h 02 min" */
export function duration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec) || sec < 0) return '—'
  if (sec < 60) return `${sec < 10 ? sec.toFixed(1) : Math.round(sec)} s`
  const m = Math.floor(sec / 60)
  if (m < 60) return `${m} min ${String(Math.round(sec % 60)).padStart(2, '0')} s`
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`
}

/** An ISO time as the local "25 Nov 14:03" */
export function when(iso: string | null): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
}

/** "+4.1 UA over the eGeMAPS baseline" (points), "−2.0 UA below …", "same UA as …" */
export function baselineDelta(deltaUa: number | null | undefined): string {
  if (deltaUa === null || deltaUa === undefined || !Number.isFinite(deltaUa))
    return 'the eGeMAPS baseline on the same folds'
  const d = Math.round(deltaUa * 10) / 10
  if (d === 0) return 'same UA as the eGeMAPS baseline'
  return d > 0
    ? `+${d.toFixed(1)} UA over the eGeMAPS baseline`
    : `−${Math.abs(d).toFixed(1)} UA below the eGeMAPS baseline`
}
