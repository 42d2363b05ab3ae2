/**
 * What the labeling tests read off the page, in one place: the open utterance, the pressed label buttons, the
 * history rows, the audio element's clock, and how much of a canvas has been drawn on.
 */
import type { Page } from 'playwright-core'

/** The few DOM shapes the canvas probe uses (tsconfig.node.json has no DOM lib; see helpers/page-globals.ts) */
interface ProbeCanvas {
  width: number
  height: number
  getContext(
    kind: '2d'
  ): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null
}
interface ProbeNode {
  shadowRoot: ProbeNode | null
  currentTime: number
  querySelector(selector: string): ProbeNode | null
  querySelectorAll(selector: string): Iterable<ProbeNode & ProbeCanvas>
}

export function labelView(page: Page) {
  const panel = page.locator('[data-testid="label-panel"]')
  return {
    /** Waits until `id` is the open utterance and its labels are shown */
    async utterance(id: string): Promise<void> {
      // the header and the panels render from the same loaded detail, so the id there means its labels are shown
      await page.locator('[data-testid="utterance-id"]', { hasText: new RegExp(`^${id}$`) }).waitFor()
      await panel.waitFor()
    },
    async pressedCategory(): Promise<string | null> {
      const on = panel.locator('.cat[aria-pressed="true"]')
      return (await on.count()) === 0 ? null : on.first().getAttribute('data-category')
    },
    async pressedScales(): Promise<Record<string, number | null>> {
      const out: Record<string, number | null> = {}
      for (const field of ['valence', 'arousal', 'dominance']) {
        const on = panel.locator(`[data-scale="${field}"] button[aria-pressed="true"]`)
        out[field] = (await on.count()) === 0 ? null : Number(await on.first().getAttribute('data-value'))
      }
      return out
    },
    /** The fields of this annotator's edits, newest first, as the history lists them */
    async historyOf(annotator: string): Promise<string[]> {
      const rows = page.locator(`[data-testid="edit-history"] li[data-annotator="${annotator}"]`)
      const fields: string[] = []
      for (let i = 0; i < (await rows.count()); i++) fields.push((await rows.nth(i).getAttribute('data-field')) ?? '')
      return fields
    },
    audioTime(): Promise<number> {
      return page.evaluate(() => {
        const { document } = globalThis as unknown as { document: ProbeNode }
        return document.querySelector('[data-testid="player-audio"]')?.currentTime ?? -1
      })
    }
  }
}

/** Waits until the last edit is stored (the save state the label panel shows after labels.set returned) */
export async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor()
}

/**
 * The fraction of a canvas's pixels that carry paint (not transparent, not white): `selector` names a canvas in the
 * page, or 'waveform' for the canvases wavesurfer draws inside its shadow root.
 */
export function canvasInk(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const { document } = globalThis as unknown as { document: ProbeNode }
    const canvases: ProbeCanvas[] = []
    if (sel === 'waveform') {
      const host = document.querySelector('[data-testid="waveform"] > div')
      for (const c of host?.shadowRoot?.querySelectorAll('canvas') ?? []) canvases.push(c)
    } else {
      for (const c of document.querySelectorAll(sel)) canvases.push(c)
    }
    let inked = 0
    let total = 0
    for (const c of canvases) {
      const ctx = c.getContext('2d')
      if (!ctx || c.width === 0 || c.height === 0) continue
      const d = ctx.getImageData(0, 0, c.width, c.height).data
      for (let i = 0; i < d.length; i += 4) {
        total++
        if (d[i + 3] > 16 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) inked++
      }
    }
    return total === 0 ? 0 : inked / total
  }, selector)
}
