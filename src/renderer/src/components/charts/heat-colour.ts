/**
 * One colour scale for every heatmap cell in the app (a run's confusion matrix, a pair of raters' confusion table,
 * Cohen's kappa between raters, agreement per session), so the same strength reads the same everywhere. A tone is
 * laid over white from 0 (white) to 1 (the full tone) as an opaque colour, so a cell looks the same on any
 * background. Each heatmap decides what strength its numbers map to; this module only draws it.
 */
export type HeatTone = 'agree' | 'confuse' | 'disagree'

const TONES: Record<HeatTone, readonly [number, number, number]> = {
  /** The accent (--accent): the diagonal, agreement above chance */
  agree: [47, 111, 159],
  /** Orange: off the diagonal (a prediction or a rating of another class) */
  confuse: [214, 120, 38],
  /** Red: agreement below chance (kappa under 0) */
  disagree: [192, 57, 43]
}

/** Past this strength a cell is dark enough that its text is drawn white */
const LIGHT_INK_FROM = 0.55

/** The cell's background at `strength` (clamped to 0…1) */
export function heatColour(strength: number, tone: HeatTone): string {
  const a = Math.max(0, Math.min(1, strength))
  const mix = (c: number) => Math.round(255 - (255 - c) * a)
  const [r, g, b] = TONES[tone]
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`
}

/** Whether text on a cell of this strength should be white */
export function needsLightInk(strength: number): boolean {
  return strength > LIGHT_INK_FROM
}
