/**
 * Issue 19 in a real browser against the real web mode (`ser serve --demo`): a run launched from the form on a
 * generated ONNX encoder (Encoder choice, path, learned layer weights) trains to done and shows as an encoder run;
 * predictions imported from elsewhere show as an "Imported" run whose evaluation, comparison and second look work
 * like any run's; the Export dataset dialog writes a Parquet file with progress.
 * Screenshots go to test-output/screenshots/interop-*.png.
 */
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportPredictionsResult } from '../../src/shared/api/interop'
import type { Utterance } from '../../src/shared/domain/corpus'
import type { RunDetail } from '../../src/shared/domain/runs'
import { launchBrowser, screenshot } from '../helpers/browser'
import type { ServeProcess } from '../helpers/serve-process'
import { startServe } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp-dir'
import { writeTinyEncoder } from '../helpers/tiny-encoder'
import { api, runStatus } from './research-page'

let serve: ServeProcess
let browser: Browser
let page: Page
let tmp: { dir: string; cleanup: () => void }
let encoderRun: string
let imported: ImportPredictionsResult
const errors: string[] = []

beforeAll(async () => {
  tmp = tempDir('ser-interop-ui-')
  writeTinyEncoder(join(tmp.dir, 'tiny.onnx'))
  ;[serve, browser] = await Promise.all([startServe(['--demo', '--db', join(tmp.dir, 'index.db')]), launchBrowser()])
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
  page.on('pageerror', (e) => errors.push(e.message))
  // the refused import below answers 422 on purpose; Chromium logs every 4xx response
  page.on('console', (m) => m.type() === 'error' && !/status of (409|422)/.test(m.text()) && errors.push(m.text()))
  await page.goto(serve.url)
  await page.locator('[data-corpus="demo"]').waitFor()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  if (serve) expect(await serve.stop()).toBe(0)
  tmp?.cleanup()
})

describe('issue 19 in the app', () => {
  it('launches a run on an ONNX encoder from the form and trains it to done', async () => {
    await page.locator('[data-workspace="train"]').click()
    const form = page.locator('[data-testid="launch-form"]')
    await form.locator('[data-testid="backend-name"]').waitFor()
    await form.locator('[data-name="features"] label', { hasText: 'Encoder' }).click()
    await form.locator('input[name="encoderPath"]').fill(join(tmp.dir, 'tiny.onnx'))
    await form.locator('select[name="encoderLayer"]').selectOption('weighted')
    await form.locator('[data-name="folds"] label', { hasText: 'One test session' }).click()
    await form.locator('select[name="testSession"]').selectOption('1')
    await form.locator('input[name="epochs"]').fill('3')
    await form.locator('input[name="patience"]').fill('0')
    await form.locator('[data-testid="launch"]').click()
    await page.locator('[data-testid="run-header"]').waitFor()
    await expect.poll(() => runStatus(page), { timeout: 180_000 }).toBe('done')
    encoderRun = (await page.locator('[data-testid="run-header"]').getAttribute('data-run'))!
    const detail = await api<RunDetail>(serve, 'runs.get', { runId: encoderRun })
    expect(detail.config.features).toBe(`encoder:${join(tmp.dir, 'tiny.onnx')}#layer=weighted`)
    expect(detail.status).toBe('done')
    await screenshot(page, 'interop-encoder-run')
  }, 240_000)

  it('shows imported predictions as an ordinary run: badge, evaluation, comparison, second look', async () => {
    const list = await api<Utterance[]>(serve, 'corpus.utterances', {})
    const classes = ['neu', 'hap', 'ang', 'sad']
    const rows = list
      .map((u) => ({ u, c: u.category === 'exc' ? 'hap' : u.category }))
      .filter(({ c }) => c !== null && classes.includes(c))
      .map(({ u, c }, k) =>
        [
          u.id,
          Number(u.session) - 1,
          ...classes.map((x) => (x === c ? (k % 4 ? 0.85 : 0.05) : k % 4 ? 0.05 : 0.3166667))
        ].join(',')
      )
    const file = join(tmp.dir, 'preds.csv')
    const bad = join(tmp.dir, 'bad.csv')
    writeFileSync(file, [`id,fold,${classes.join(',')}`, ...rows].join('\n'))
    writeFileSync(bad, [`id,fold,${classes.join(',')}`, rows[0], rows[1].replace(/,0\.85/, ',0.5')].join('\n'))

    // from the Runs workspace's dialog: a refused file names its line, a good one becomes a run
    await page.locator('[data-workspace="runs"]').click()
    await page.locator('[data-testid="open-import"]').click()
    const dialog = page.locator('[data-testid="import-dialog"]')
    await dialog.locator('input[name="name"]').fill('wavlm elsewhere')
    await dialog.locator('input[name="file"]').setInputFiles(bad)
    await dialog.locator('button[type="submit"]').click()
    expect(await dialog.locator('[data-testid="import-error"]').innerText()).toMatch(
      /bad\.csv:3: the probabilities sum to 0\.65, not 1/
    )
    await dialog.locator('input[name="file"]').setInputFiles(file)
    await dialog.locator('button[type="submit"]').click()
    await dialog.locator('[data-testid="import-done"]').waitFor()
    const runs = await api<{ id: string; source?: { name: string } }[]>(serve, 'runs.list', {})
    const runId = runs.find((r) => r.source?.name === 'wavlm elsewhere')!.id
    imported = {
      runId,
      metrics: (await api<RunDetail>(serve, 'runs.get', { runId })).metrics!
    } as ImportPredictionsResult
    await dialog.locator('button', { hasText: 'Close' }).click()
    const row = page.locator(`[data-testid="runs"] tr[data-run="${imported.runId}"]`)
    expect(await row.locator('[data-col="source"]').innerText()).toContain('Imported · wavlm elsewhere')
    expect(await row.locator('[data-col="wa"]').innerText()).toBe((100 * imported.metrics.wa).toFixed(1))
    expect(await page.locator(`[data-testid="runs"] tr[data-run="${encoderRun}"]`).innerText()).toContain(
      'Encoder tiny.onnx (weighted layers)'
    )
    await screenshot(page, 'interop-runs')

    for (const id of [imported.runId, encoderRun])
      await page.locator(`[data-testid="runs"] tr[data-run="${id}"] input[type="checkbox"]`).check()
    await page.locator('[data-testid="compare"]').click()
    await page.locator('[data-testid="run-compare"][data-runs="2"]').waitFor()
    expect(await page.locator('[data-testid="run-compare"]').innerText()).toContain("imported 'wavlm elsewhere'")

    await page.goto(`${serve.origin}/#/runs/${imported.runId}/evaluation`)
    await page.locator('[data-testid="confusion-matrix"]').first().waitFor()
    expect(await page.locator('[data-testid="detail-wa"]').innerText()).toBe(
      `${(100 * imported.metrics.wa).toFixed(1)}%`
    )
    await page.goto(`${serve.origin}/#/runs/${imported.runId}/second-look`)
    await page.locator('[data-testid="review-items"] tbody tr').first().waitFor()
    await screenshot(page, 'interop-second-look')
  }, 120_000)

  it('exports the dataset from the dialog with progress', async () => {
    await page.goto(`${serve.origin}/#/runs`)
    await page.locator('[data-testid="open-export"]').click()
    const dialog = page.locator('[data-testid="export-dialog"]')
    await dialog.locator('select[name="format"]').selectOption('parquet')
    await dialog.locator('select[name="features"]').selectOption('mfcc')
    await dialog.locator('select[name="runId"]').selectOption(encoderRun)
    const out = join(tmp.dir, 'export')
    await dialog.locator('input[name="out"]').fill(out)
    await dialog.locator('button[type="submit"]').click()
    await dialog.locator('[data-testid="export-done"]').waitFor({ timeout: 120_000 })
    expect(await dialog.locator('[data-testid="export-progress"]').count()).toBe(1)
    expect(await dialog.locator('[data-testid="export-done"]').innerText()).toContain(out)
    expect(existsSync(join(out, 'dataset.parquet'))).toBe(true)
    await screenshot(page, 'interop-export')
    expect(errors).toEqual([])
  }, 180_000)
})
