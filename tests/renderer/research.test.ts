/**
 * The research workspace of issue 10 in a real browser against the real web mode (`ser serve --demo`), with real
 * training on the demo corpus: launch a short run and watch its curve gain points, reload mid-run and find the whole
 * curve again, cancel and resume it, open its evaluation (confusion matrix, held-out scoring), compare it with a
 * second run, follow a second-look item into the labeler, and run experiment 2 to its report folder.
 * Screenshots go to test-output/screenshots/research-*.png.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SecondLookItem } from '../../src/shared/domain/evaluation'
import type { RunDetail } from '../../src/shared/domain/runs'
import { launchBrowser, screenshot } from '../helpers/browser'
import type { ServeProcess } from '../helpers/serve-process'
import { startServe } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp-dir'
import { api, chartPoints, launchRun, recordAttribute, recorded, runStatus } from './research-page'

let serve: ServeProcess
let browser: Browser
let page: Page
let tmp: { dir: string; cleanup: () => void }
let first: string
let second: string
const errors: string[] = []

// small enough to train in well under a minute on two shared cores, long enough (8 batches an epoch, 30 epochs)
// that the reload and the cancel below, a few seconds after the first points, find it still training
const RUN = { testSession: '1', epochs: 30, patience: 0, batchSize: 8 }

beforeAll(async () => {
  tmp = tempDir('ser-research-')
  ;[serve, browser] = await Promise.all([startServe(['--demo', '--db', join(tmp.dir, 'index.db')]), launchBrowser()])
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
  page.on('pageerror', (e) => errors.push(e.message))
  // the refused held-out score below answers 409 on purpose; Chromium logs every 4xx response
  page.on('console', (m) => m.type() === 'error' && !/status of 409/.test(m.text()) && errors.push(m.text()))
  await page.goto(serve.url)
  await page.locator('[data-corpus="demo"]').waitFor()
  await page.locator('[data-workspace="train"]').click()
})

afterAll(async () => {
  await browser?.close()
  if (serve) expect(await serve.stop()).toBe(0)
  tmp?.cleanup()
})

describe('the research workspace', () => {
  it('shows the backend before launch, then draws the run’s curve as its points stream in', async () => {
    expect(await page.locator('[data-testid="backend-name"]').innerText()).toMatch(
      /^(tensorflow-gpu|tensorflow|wasm|cpu)$/
    )
    first = await launchRun(page, RUN)
    await recordAttribute(page, '__points', '[data-testid="loss-chart"]', 'data-points')
    await expect.poll(() => chartPoints(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(3)
    const early = await chartPoints(page)
    await expect.poll(() => chartPoints(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(early + 3)
    expect(await runStatus(page)).toBe('running')
    // several distinct counts were drawn one after another: a live stream, not one final answer
    const seen = (await recorded(page, '__points')).map(Number)
    expect(new Set(seen.filter((n) => n > 0)).size).toBeGreaterThanOrEqual(3)
    expect(await page.locator('[data-testid="throughput"]').innerText()).toMatch(/\d+ utt\/s/)
    expect(await page.locator('[data-testid="eta"]').innerText()).not.toBe('—')
    await screenshot(page, 'research-live')
  })

  it('finds the whole curve again after a reload and keeps drawing', async () => {
    const stored = (await api<RunDetail>(serve, 'runs.get', { runId: first })).curve.length
    await page.reload()
    await page.locator(`[data-testid="run-header"][data-run="${first}"]`).waitFor()
    // everything stored before the reload is drawn (the stored curve has one point per batch position)
    await expect.poll(() => chartPoints(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(stored)
    const after = await chartPoints(page)
    await expect.poll(() => chartPoints(page), { timeout: 60_000 }).toBeGreaterThan(after)
    expect(page.url()).toContain(`#/train/${first}`)
  })

  it('cancels the run, then resumes it from its checkpoint to the end', async () => {
    await page.locator('[data-testid="cancel"]').click()
    await expect.poll(() => runStatus(page), { timeout: 60_000 }).toBe('cancelled')
    expect((await api<RunDetail>(serve, 'runs.get', { runId: first })).status).toBe('cancelled')
    const atCancel = await chartPoints(page)
    await screenshot(page, 'research-cancelled')
    await page.locator('[data-testid="resume"]').click()
    await expect.poll(() => runStatus(page), { timeout: 30_000 }).toBe('running')
    await expect.poll(() => runStatus(page), { timeout: 180_000 }).toBe('done')
    // the resumed run went on past where it was cancelled, to all its epochs
    expect(await chartPoints(page)).toBeGreaterThan(atCancel)
    expect(await page.locator('[data-testid="epoch"]').innerText()).toBe(`${RUN.epochs} / ${RUN.epochs}`)
    expect(await page.locator('[data-testid="wa"]').innerText()).toMatch(/^\d+\.\d%$/)
  })

  it('opens the run’s confusion matrix (counts and row %), recall bars and folds, and scores a held-out session', async () => {
    await page.locator('[data-testid="open-evaluation"]').click()
    const cm = page.locator('[data-testid="confusion-matrix"]').first()
    await cm.waitFor()
    const detail = await api<RunDetail>(serve, 'runs.get', { runId: first })
    const { labels, matrix } = detail.metrics!.confusion
    expect(await cm.locator('th.col').allInnerTexts()).toEqual(labels)
    for (const [i, t] of labels.entries()) {
      for (const [j, p] of labels.entries())
        expect(await cm.locator(`[data-cell="${t}-${p}"]`).innerText()).toBe(String(matrix[i][j]))
    }
    await cm.locator('button[data-mode="normalised"]').click()
    const t0 = labels.find((_, i) => matrix[i].some((n) => n > 0))!
    const row = matrix[labels.indexOf(t0)]
    const expected = ((100 * row[labels.indexOf(t0)]) / row.reduce((s, n) => s + n, 0)).toFixed(1)
    expect(await cm.locator(`[data-cell="${t0}-${t0}"]`).innerText()).toBe(expected)
    expect(await page.locator('[data-testid="recall-bars"] .row').count()).toBe(labels.length)
    expect(await page.locator('[data-testid="fold-table"] tbody tr').count()).toBe(1)
    // the eGeMAPS baseline on the same fold, beside the run (evaluation.baselineComparison)
    const cmp = await api<{ deltaUa: number }>(serve, 'evaluation.baselineComparison', { runId: first })
    const delta = Math.round(cmp.deltaUa * 10) / 10
    const text =
      delta === 0 ? 'same UA as the eGeMAPS baseline' : `${delta > 0 ? '+' : '−'}${Math.abs(delta).toFixed(1)} UA`
    await expect
      .poll(() => page.locator('[data-testid="baseline-delta"]').innerText(), { timeout: 60_000 })
      .toContain(text)
    // the session the run held out scores; a session it trained on is shown but cannot be chosen, with why
    const held = page.locator('[data-testid="held-out"]')
    await held.locator('select[name="session"]').selectOption('1')
    await held.locator('[data-testid="score"]').click()
    await held.locator('[data-testid="score-result"][data-session="1"]').waitFor({ timeout: 60_000 })
    await screenshot(page, 'research-evaluation')
    const trained = held.locator('select[name="session"] option[value="2"]')
    expect(await trained.isDisabled()).toBe(true)
    expect(await trained.innerText()).toMatch(/trained on, cannot be scored/)
    expect(await trained.getAttribute('title')).toMatch(/learnt from it/)
  })

  it('compares the run with a second one: overlaid curves, metrics side by side, the config diff', async () => {
    await page.locator('[data-workspace="train"]').click()
    second = await launchRun(page, { ...RUN, features: 'mfcc', epochs: 4 })
    await expect.poll(() => runStatus(page), { timeout: 180_000 }).toBe('done')
    await page.locator('[data-workspace="runs"]').click()
    const table = page.locator('[data-testid="runs"]')
    for (const id of [first, second]) await table.locator(`tr[data-run="${id}"] input[type="checkbox"]`).check()
    await page.locator('[data-testid="compare"]').click()
    const compare = page.locator('[data-testid="run-compare"][data-runs="2"]')
    await compare.waitFor()
    // both runs' epochs on one axis: the longer run sets its length
    await expect
      .poll(() => compare.locator('[data-testid="compare-loss"]').getAttribute('data-points'))
      .toBe(String(RUN.epochs))
    const diff = await compare.locator('[data-testid="config-diff"] tbody tr.differs th').allInnerTexts()
    expect(diff).toEqual(expect.arrayContaining(['features', 'epochs']))
    expect(await compare.locator('[data-testid="compare-metrics"] tbody tr').first().locator('td').count()).toBe(2)
    await screenshot(page, 'research-compare')
  })

  it('follows a second-look item into the labeler, with the model’s prediction beside the labels', async () => {
    await page.goto(`${serve.origin}/#/runs/${first}/second-look`)
    const list = page.locator('[data-testid="second-look"]')
    await list.waitFor()
    await list.locator('select[name="minConfidence"]').selectOption('0.3')
    const items = await api<SecondLookItem[]>(serve, 'evaluation.secondLook', { runId: first, minConfidence: 0.3 })
    expect(items.length).toBeGreaterThan(0)
    await expect.poll(() => list.locator('tbody tr').count()).toBe(items.length)
    await screenshot(page, 'research-second-look')
    await list.locator(`tbody tr[data-utterance="${items[0].id}"]`).click()
    await page.locator('[data-testid="label-view"]').waitFor()
    expect(page.url()).toContain(`#/label/${items[0].id}`)
    await page.locator('[data-testid="utterance-id"]', { hasText: items[0].id }).waitFor()
    const opinion = page.locator('[data-testid="model-opinion"]')
    await opinion.waitFor()
    expect(await opinion.getAttribute('data-predicted')).toBe(items[0].predicted)
    expect(await opinion.innerText()).toContain(`${Math.round(items[0].confidence * 100)}%`)
    // a researcher relabelling it: name the annotator, then the utterance is selected in the loaded list
    await page.setViewportSize({ width: 1600, height: 1000 })
    await page.locator('[data-testid="annotator-name"]').fill('researcher')
    await page.locator('[data-testid="annotator-submit"]').click()
    await page.locator(`[data-testid="utterance-list"] [data-utterance="${items[0].id}"]`).first().waitFor()
    await screenshot(page, 'research-labeler')
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  it('runs experiment 2 point by point and writes its report folder', async () => {
    await page.goto(`${serve.origin}/#/experiments`)
    const launch = page.locator('[data-testid="recipe-launch"]')
    await launch.waitFor()
    await launch.locator('[data-name="kind"] label', { hasText: 'Experiment 2' }).click()
    await launch.locator('input[name="lengths"]').fill('1, 2')
    // the quick grid: the Train form's settings (test session 1, few epochs), not the paper's protocol
    await launch.locator('[data-name="protocol"] label', { hasText: 'Train form' }).click()
    await recordAttribute(page, '__exp2', '[data-testid="experiment2"]', 'data-points')
    await launch.locator('[data-testid="start-recipe"]').click()
    await page.locator('[data-testid="recipe"][data-status="done"]').waitFor({ timeout: 240_000 })
    expect(await recorded(page, '__exp2')).toEqual(['0', '1', '2'])
    await page.locator('[data-testid="report-export"] input[name="out"]').fill(join(tmp.dir, 'report'))
    await page.locator('[data-testid="report-export"] button').click()
    await page.locator('[data-testid="exported"]').waitFor()
    expect(existsSync(join(tmp.dir, 'report'))).toBe(true)
    await screenshot(page, 'research-experiment2')
    expect(errors).toEqual([])
  })
})
