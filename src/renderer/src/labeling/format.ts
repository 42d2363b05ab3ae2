/** Display formats shared by the labeling components. */

/** 83.4567 → "1:23.457"; seconds under a minute keep the "0:" so columns line up */
export function formatTime(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) sec = 0
  const m = Math.floor(sec / 60)
  const s = sec - m * 60
  return `${m}:${s.toFixed(3).padStart(6, '0')}`
}

/** A scale value (1–5, fractional for averages) or a dash */
export function formatScale(v: number | null): string {
  if (v === null) return '–'
  return Number.isInteger(v) ? String(v) : v.toFixed(2)
}

/** ISO time → local "2026-11-24 23:52:01" (the history's "when") */
export function formatWhen(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/** Corpus raters are namespaced by corpus (`demo:E2`); the list shows the rater's own name */
export function shortAnnotator(id: string): string {
  const i = id.lastIndexOf(':')
  return i < 0 ? id : id.slice(i + 1)
}

/** A statistic that may be undefined (too few items): 3 decimals or a dash */
export function formatStat(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '–' : v.toFixed(3)
}
