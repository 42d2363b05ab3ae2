/**
 * The evaluation page of a fusion run in a real browser against the real web mode (`ser serve --demo`), with real
 * training: a run launched from the form's default (the Workbench preset: the CNN fused with the eGeMAPS baseline)
 * on one test session, then scored on that session — speakers it never saw — from its evaluation page. The page shows
 * the weight the fold fused with and the same WA/UA and confusion matrix as evaluation.score answers.
 * Screenshot: test-output/screenshots/fusion-held-out.png.
 */
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HeldOutScore } from '../../src/shared/domain/evaluation'
import { launchBrowser, screenshot } from '../helpers/browser'
import type { ServeProcess } from '../helpers/serve-process'
import { startServe } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp-dir'
import { api, runStatus } from './research-page'

let serve: ServeProcess
let browser: Browser
let page: Page
let tmp: { dir: string; cleanup: () => void }
const errors: string[] = []

beforeAll(async () => {
  tmp = tempDir('ser-fusion-page-')
  ;[serve, browser] = await Promise.all([startServe(['--demo', '--db', join(tmp.dir, 'index.db')]), launchBrowser()])
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  await page.goto(serve.url)
  await page.locator('[data-corpus="demo"]').waitFor()
  await page.locator('[data-workspace="train"]').click()
})

afterAll(async () => {
  await browser?.close()
  if (serve) expect(await serve.stop()).toBe(0)
  tmp?.cleanup()
})

describe('a fusion run’s evaluation page', () => {
  it('scores a held-out session with the saved fusion model and shows its weight and metrics', async () => {
    const form = page.locator('[data-testid="launch-form"]')
    await form.locator('[data-testid="backend-name"]').waitFor()
    // the preset's second CNN view is a ticked box beside the input features
    const views = form.locator('[data-testid="extra-views"]')
    expect(await views.locator('input[name="view-mfcc"]').isChecked()).toBe(true)
    expect(await views.locator('input[name="view-logmel"]').isChecked()).toBe(false)
    expect(await views.locator('input[name="view-egemaps"]').count()).toBe(0)
    await screenshot(page, 'launch-form-views')
    // the form's default preset is Workbench (fusion); only the size of the run is changed
    await form.locator('[data-name="folds"] label', { hasText: 'One test session' }).click()
    await form.locator('select[name="testSession"]').selectOption('5')
    await form.locator('input[name="epochs"]').fill('2')
    await form.locator('input[name="patience"]').fill('0')
    await form.locator('[data-testid="launch"]').click()
    const header = page.locator('[data-testid="run-header"]')
    await header.waitFor()
    await expect.poll(() => runStatus(page), { timeout: 240_000, interval: 500 }).toBe('done')
    const runId = (await header.getAttribute('data-run'))!
    const run = await api<{ config: { model: string; extraFeatures: string[] } }>(serve, 'runs.get', { runId })
    expect(run.config.model).toBe('fusion')
    expect(run.config.extraFeatures).toEqual(['mfcc'])

    await page.locator('[data-testid="open-evaluation"]').click()
    const held = page.locator('[data-testid="held-out"]')
    await held.locator('select[name="session"]').selectOption('5')
    await held.locator('[data-testid="score"]').click()
    const result = held.locator('[data-testid="score-result"][data-session="5"]')
    await result.waitFor({ timeout: 120_000 })
    await result.scrollIntoViewIfNeeded()
    await screenshot(page, 'fusion-held-out')

    const score = await api<HeldOutScore>(serve, 'evaluation.score', { runId, session: '5' })
    expect(score.fusionWeight).toBe(0.5)
    const text = await result.innerText()
    expect(text).toContain('fused, CNN weight 0.5')
    const pct = (v: number) => (100 * v).toFixed(1)
    expect(text).toContain(`WA ${pct(score.metrics.wa)}% · UA ${pct(score.metrics.ua)}%`)
    const { labels, matrix } = score.metrics.confusion
    for (const [i, t] of labels.entries())
      for (const [j, p] of labels.entries())
        expect(await result.locator(`[data-cell="${t}-${p}"]`).innerText()).toBe(String(matrix[i][j]))
    expect(errors).toEqual([])
  }, 420_000)
})
