/**
 * The Label page holds from 1024×700 up (issue 16, item 2): at 1024×700 and 1440×900, with an utterance whose raters
 * disagree (the badge shown), scales with half-point consensus values, and a history, no element overflows its panel,
 * spills past it, or overlaps another (tests/renderer/layout-probe.ts), and the consensus values read in full.
 * Screenshots: test-output/screenshots/label-layout-<width>.png.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Utterance } from '../../src/shared/domain/corpus'
import { launchBrowser, screenshot } from '../helpers/browser'
import type { WebHarness } from '../helpers/web-harness'
import { startWebHarness } from '../helpers/web-harness'
import { labelView } from './labeling-page'
import type { LayoutProblem } from './layout-probe'
import { LAYOUT_PROBE } from './layout-probe'

let h: WebHarness
let browser: Browser
let page: Page
/** An utterance whose raters disagree and whose consensus has a half-point scale */
let target: Utterance

beforeAll(async () => {
  ;[h, browser] = await Promise.all([startWebHarness(), launchBrowser()])
  const all = h.services.corpus.utterances({ corpusId: 'tiny', limit: 1000 })
  target = all.find(
    (u) => u.ratersDisagree && [u.valence, u.arousal, u.dominance].some((v) => v !== null && !Number.isInteger(v))
  )!
  expect(target, 'the tiny corpus has an utterance with split raters and a half-point scale').toBeTruthy()
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } })
  await context.addInitScript(() =>
    (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
      'ser.annotator',
      'linguist-with-a-long-name'
    )
  )
  page = await context.newPage()
  page.setDefaultTimeout(15_000)
  await page.goto(`${h.server.url}#/label/${encodeURIComponent(target.id)}`)
  await labelView(page).utterance(target.id)
  // a history row of my own, so timestamps show
  await page.keyboard.press('Digit4')
  await page.locator('[data-testid="edit-history"] li, [data-testid="edit-history"] tr').first().waitFor()
})

afterAll(async () => {
  await browser?.close()
  await h?.close()
})

describe('the Label page layout', () => {
  for (const size of [
    { width: 1024, height: 700 },
    { width: 1440, height: 900 }
  ]) {
    it(`holds at ${size.width}×${size.height}: nothing overflows its panel, spills, or overlaps`, async () => {
      await page.setViewportSize(size)
      await page.locator('[data-testid="annotator-labels"]').waitFor()
      await page.waitForTimeout(300) // the player redraws to the new width
      await screenshot(page, `label-layout-${size.width}`)
      const problems = (await page.evaluate(`${LAYOUT_PROBE}('[data-testid="label-view"]')`)) as LayoutProblem[]
      expect(problems.map((p) => `${p.kind}: ${p.what}: ${p.detail}`)).toEqual([])
      // the consensus values read in full (1.50, not "50")
      // the time ruler reads at this zoom: several labels, not one every 10 s
      // (labels at most 150 px apart: labeling/ruler.ts; wavesurfer draws only those in view)
      const labels = await page.locator('[data-testid="label-view"] [part~="timeline-notch-primary"]').allInnerTexts()
      const width = (await page.locator('[data-testid="waveform"]').boundingBox())!.width
      expect(labels.filter((t) => t.trim() !== '').length, labels.join(' ')).toBeGreaterThanOrEqual(
        Math.floor(width / 150)
      )
      for (const where of [
        '[data-testid="annotator-labels"] tr[data-annotator="consensus"] td.num',
        '[data-scale] .consensus-value'
      ]) {
        const shown = await page.locator(where).allInnerTexts()
        expect(shown.filter((t) => /^\d\.\d\d$/.test(t.trim())).length, where).toBeGreaterThan(0)
      }
    })
  }
})
