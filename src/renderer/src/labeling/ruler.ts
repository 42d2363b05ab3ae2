/**
 * The waveform's time ruler at any zoom: a label every 60–150 px (so a 600 px view reads 4–10 times, where
 * wavesurfer's own defaults label every 10 s even when zoomed in to a tenth of a second), a notch at each fifth
 * (or half) of that, and labels written with as many decimals as the step needs.
 */
const STEPS = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600
]
/** Fewest pixels between two labels ("12:34.5" in 10 px type is about 45 px wide) */
export const MIN_LABEL_PX = 60

export interface Ruler {
  /** Seconds between notches */
  timeInterval: number
  /** Seconds between labels */
  primaryLabelInterval: number
  /** Decimals a label shows */
  decimals: number
}

export function rulerFor(pxPerSec: number): Ruler {
  const px = Number.isFinite(pxPerSec) && pxPerSec > 0 ? pxPerSec : 1
  const label = STEPS.find((s) => s * px >= MIN_LABEL_PX) ?? STEPS[STEPS.length - 1]
  const lead = Number(label.toExponential().split('e')[0])
  const timeInterval = lead === 1.5 || lead === 3 ? label / 3 : lead === 2 ? label / 4 : label / 5
  const decimals = Math.max(0, -Math.floor(Math.log10(label) + 1e-9))
  return { timeInterval, primaryLabelInterval: label, decimals }
}

/** "7.25", "1:05", "1:05.5" */
export function rulerLabel(seconds: number, decimals: number): string {
  const s = Math.max(0, seconds)
  if (s < 60) return s.toFixed(decimals)
  const m = Math.floor(s / 60)
  const rest = s - 60 * m
  return `${m}:${rest.toFixed(decimals).padStart(decimals > 0 ? 3 + decimals : 2, '0')}`
}
