/**
 * What a new user hits (issue 16), in a real browser against the real web mode on the demo corpus with real
 * training: every table that lists things opens the thing on a click and on Enter, and sorts by any column with the
 * sort shown and kept in the address; the launch form's test-session rule; fold numbers; comparison warnings;
 * held-out scoring's trained-on sessions; annotator names; run names and notes. One server and one page for the
 * file; checks run at 1024×700 and 1440×900. Screenshots: test-output/screenshots/walkthrough-*.png.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartTrainingRequest } from '../../src/shared/api/training'
import type { WebServer } from '../../src/main/transports/web/web-server'
import { startWebServer } from '../../src/main/transports/web/web-server'
import { launchBrowser, screenshot } from '../helpers/browser'
import type { DemoIndex } from '../helpers/demo-index'
import { demoIndex } from '../helpers/demo-index'
import { RENDERER_DIR } from '../helpers/web-harness'

let demo: DemoIndex
let server: WebServer
let browser: Browser
let page: Page
const errors: string[] = []
/** Two finished runs: one test session, and leave-one-session-out */
let single: string
let loso: string

const SMALL: StartTrainingRequest = { filters: 16, filterWidths: [5, 10], epochs: 2, earlyStoppingPatience: 0, seed: 1 }

async function train(req: StartTrainingRequest): Promise<string> {
  const { runId } = await demo.services.training.start({ ...SMALL, ...req })
  await demo.services.training.wait(runId)
  return runId
}

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 }
] as const

beforeAll(async () => {
  demo = await demoIndex({ turnsPerDialog: 4 })
  ;[server, browser] = await Promise.all([
    startWebServer({ services: demo.services, rendererDir: RENDERER_DIR, port: 0 }),
    launchBrowser()
  ])
  const context = await browser.newContext({ viewport: SIZES[0] })
  // the labeler asks who is labelling once; this browser is 'ann' (item 7 below asks again)
  await context.addInitScript(() =>
    (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
      'ser.annotator',
      'ann'
    )
  )
  page = await context.newPage()
  page.setDefaultTimeout(15_000)
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && !/status of 4\d\d/.test(m.text()) && errors.push(m.text()))
  single = await train({ testSession: '5' })
  loso = await train({})
  await page.goto(server.url)
  await page.locator('[data-corpus="demo"]').waitFor()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  demo?.cleanup()
})

/** The rows' values of one column, top to bottom */
async function column(page: Page, table: string, index: number): Promise<string[]> {
  return page
    .locator(`${table} tbody tr`)
    .evaluateAll(
      (rows, i) =>
        rows.map((r) =>
          ((r as unknown as { cells: { textContent: string | null }[] }).cells[i]?.textContent ?? '').trim()
        ),
      index
    )
}

const sortParam = (page: Page, table: string) => new URL(page.url()).searchParams.get(`sort-${table}`)

describe('tables that lead somewhere', () => {
  it('the corpus overview: a click or Enter on a row opens the utterance in the labeler', async () => {
    await page.locator('[data-workspace="corpus"]').click()
    const rows = page.locator('[data-testid="utterances"] tbody tr')
    await rows.first().waitFor()
    const second = (await rows.nth(1).getAttribute('data-utterance'))!
    await rows.nth(1).locator('td').nth(2).click()
    await page.locator('[data-testid="utterance-id"]', { hasText: new RegExp(`^${second}$`) }).waitFor()
    expect(page.url()).toContain(`#/label/${encodeURIComponent(second)}`)

    await page.goBack()
    await page.locator('[data-testid="utterances"] tbody tr').first().waitFor()
    const third = (await rows.nth(2).getAttribute('data-utterance'))!
    await rows.nth(2).focus()
    await page.keyboard.press('Enter')
    await page.locator('[data-testid="utterance-id"]', { hasText: new RegExp(`^${third}$`) }).waitFor()
  })

  it('the corpus overview sorts by any column, shows the sort, and keeps it in the address over a reload', async () => {
    await page.locator('[data-workspace="corpus"]').click()
    const table = '[data-testid="utterances"]'
    await page.locator(`${table} tbody tr`).first().waitFor()
    const head = page.locator(`${table} th[data-sort="duration"]`)
    await head.locator('button').click()
    expect(await head.getAttribute('aria-sort')).toBe('ascending')
    expect(await head.innerText()).toContain('▲')
    const secs = (await column(page, table, 3)).map((t) => parseFloat(t))
    expect(secs).toEqual([...secs].sort((a, b) => a - b))
    await head.locator('button').click()
    expect(await head.getAttribute('aria-sort')).toBe('descending')
    expect(await head.innerText()).toContain('▼')
    const down = (await column(page, table, 3)).map((t) => parseFloat(t))
    expect(down).toEqual([...secs].sort((a, b) => b - a))
    expect(sortParam(page, 'utterances')).toBe('duration.desc')
    // another column: the speaker, as text
    await page.locator(`${table} th[data-sort="speaker"] button`).click()
    const speakers = await column(page, table, 2)
    expect(speakers).toEqual([...speakers].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })))
    expect(await head.getAttribute('aria-sort')).toBe('none')
    await head.locator('button').click()
    await head.locator('button').click()
    await page.reload()
    await page.locator(`${table} tbody tr`).first().waitFor()
    expect(await page.locator(`${table} th[data-sort="duration"]`).getAttribute('aria-sort')).toBe('descending')
    expect((await column(page, table, 3)).map((t) => parseFloat(t))).toEqual(down)
    await screenshot(page, 'walkthrough-corpus-sorted-1024')
  })

  it('the runs table: sorts by WA, opens a run on a click and on Enter, the checkbox only picks', async () => {
    await page.locator('[data-workspace="runs"]').click()
    const table = '[data-testid="runs"]'
    await page.locator(`${table} tr[data-run="${loso}"]`).waitFor()
    const runs = demo.services.training.list().filter((r) => r.status === 'done')
    const head = page.locator(`${table} th[data-sort="wa"]`)
    await head.locator('button').click()
    expect(await head.getAttribute('aria-sort')).toBe('descending')
    const order = await page
      .locator(`${table} tbody tr[data-run]`)
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run')))
    expect(order).toEqual([...runs].sort((a, b) => b.metrics!.wa - a.metrics!.wa).map((r) => r.id))
    expect(sortParam(page, 'runs')).toBe('wa.desc')

    await page.locator(`${table} tr[data-run="${single}"] td.pick input`).check()
    expect(page.url()).not.toContain(`#/runs/${single}`)
    await page.locator(`${table} tr[data-run="${single}"] td.pick input`).uncheck()
    await page.locator(`${table} tr[data-run="${single}"] td`).nth(3).click()
    await page.waitForURL(new RegExp(`#/runs/${single}`))
    await page.goBack()
    await page.locator(`${table} tr[data-run="${loso}"]`).focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`#/runs/${loso}`))
    await screenshot(page, 'walkthrough-run-opened-1024')
  })

  it('the second-look list sorts and opens its utterance', async () => {
    await page.goto(`${server.origin}/#/runs/${encodeURIComponent(loso)}/second-look`)
    const table = '[data-testid="review-items"]'
    await page.locator(`${table} tbody tr`).first().waitFor()
    const head = page.locator(`${table} th[data-sort="margin"]`)
    await head.locator('button').click()
    expect(await head.getAttribute('aria-sort')).toBe('descending')
    await head.locator('button').click()
    const margins = (await column(page, table, 5)).map(Number)
    expect(margins).toEqual([...margins].sort((a, b) => a - b))
    expect(sortParam(page, 'second-look')).toBe('margin.asc')
    const first = (await page.locator(`${table} tbody tr`).first().getAttribute('data-utterance'))!
    await page.locator(`${table} tbody tr`).first().focus()
    await page.keyboard.press('Enter')
    await page.locator('[data-testid="utterance-id"]', { hasText: new RegExp(`^${first}$`) }).waitFor()
  })

  it('the agreement pairs: sorted by kappa, a row opens that pair’s confusion table', async () => {
    await page.setViewportSize(SIZES[1])
    await page.locator('[data-workspace="agreement"]').click()
    const table = '[data-testid="agreement-pairs"]'
    await page.locator(`${table} tbody tr`).first().waitFor()
    const head = page.locator(`${table} th[data-sort="items"]`)
    await head.locator('button').click()
    const items = (await column(page, table, 2)).map(Number)
    expect(items).toEqual([...items].sort((a, b) => b - a))
    const last = page.locator(`${table} tbody tr`).last()
    const pair = (await last.getAttribute('data-pair'))!
    await last.click()
    expect(await last.getAttribute('aria-selected')).toBe('true')
    await expect.poll(() => page.locator('[data-testid="confusion"]').getAttribute('data-pair')).toBe(pair)
    // Enter on another focused row
    const firstRow = page.locator(`${table} tbody tr`).first()
    await firstRow.focus()
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.locator('[data-testid="confusion"]').getAttribute('data-pair'))
      .toBe(await firstRow.getAttribute('data-pair'))
    await screenshot(page, 'walkthrough-agreement-pairs-1440')
    await page.setViewportSize(SIZES[0])
  })
})

describe('the launch form and the run agree', () => {
  it('"One test session" without a session refuses to launch, naming the field; with one, the run tests on it', async () => {
    await page.goto(`${server.origin}/#/train`)
    const form = page.locator('[data-testid="launch-form"]')
    await form.locator('[data-testid="backend-name"]').waitFor()
    await form.locator('[data-name="folds"] label', { hasText: 'One test session' }).click()
    await form.locator('input[name="epochs"]').fill('1')
    const before = demo.services.training.list().length
    await form.locator('[data-testid="launch"]').click()
    await expect
      .poll(() => form.locator('[data-testid="launch-error"]').innerText())
      .toMatch(/^testSession: choose the session/)
    expect(await form.locator('select[name="testSession"]').getAttribute('aria-invalid')).toBe('true')
    await screenshot(page, 'walkthrough-launch-refused-1024')
    expect(demo.services.training.list()).toHaveLength(before)

    await form.locator('select[name="testSession"]').selectOption('4')
    await form.locator('[data-testid="launch"]').click()
    await expect.poll(() => demo.services.training.list().length).toBe(before + 1)
    const launched = demo.services.training.list().find((r) => r.id !== single && r.id !== loso)!
    expect(launched.config.testSession).toBe('4')
    demo.services.training.cancel(launched.id)
    await demo.services.training.wait(launched.id)
  })
})

describe('one fold numbering', () => {
  it('the second look’s fold column and its reasons count folds the same way, from 1', async () => {
    await page.goto(`${server.origin}/#/runs/${encodeURIComponent(loso)}/second-look`)
    const rows = page.locator('[data-testid="review-items"] tbody tr')
    await rows.first().waitFor()
    const texts = await rows.evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = (tr as unknown as { cells: { textContent: string | null }[] }).cells
        return { column: cells[1].textContent ?? '', why: cells[6].textContent ?? '' }
      })
    )
    expect(texts.length).toBeGreaterThan(0)
    for (const t of texts) {
      const column = /fold (\d+)/.exec(t.column)![1]
      expect(t.why).toContain(`fold ${column} tested it`)
      expect(Number(column)).toBeGreaterThanOrEqual(1)
    }
    await page.goto(`${server.origin}/#/runs/${encodeURIComponent(loso)}/evaluation`)
    await page.locator('[data-testid="fold-table"]').waitFor()
    const folds = await page.locator('[data-testid="fold-table"] tbody tr td:first-child').allInnerTexts()
    expect(folds).toEqual(['1', '2', '3', '4', '5'])
    expect(await page.locator('main').innerText()).not.toMatch(/fold 0\b/i)
  })
})

describe('comparisons that should not be made', () => {
  it('Compare says why a single-session run and a LOSO run are not comparable, and marks no best', async () => {
    await page.goto(`${server.origin}/#/runs/compare/${encodeURIComponent(single)},${encodeURIComponent(loso)}`)
    const warning = page.locator('[data-testid="compare-warning"]')
    await warning.waitFor()
    const text = await warning.innerText()
    expect(text).toMatch(/protocol: test session 5 vs LOSO \(5 folds\)/)
    expect(text).toMatch(/test set: \d+ utterances vs \d+ utterances/)
    await page.locator('[data-testid="compare-metrics"] tbody tr').first().waitFor()
    expect(await page.locator('[data-testid="compare-metrics"] td.best').count()).toBe(0)
    await screenshot(page, 'walkthrough-compare-warning-1024')
  })

  it('experiment 1 trains the paper’s protocol, not the Train form’s test session and epochs', async () => {
    // the Train form set to a quick single-session run
    await page.goto(`${server.origin}/#/train`)
    const form = page.locator('[data-testid="launch-form"]')
    await form.locator('[data-name="folds"] label', { hasText: 'One test session' }).click()
    await form.locator('select[name="testSession"]').selectOption('5')
    await form.locator('input[name="epochs"]').fill('8')
    await page.locator('[data-workspace="experiments"]').click()
    const launch = page.locator('[data-testid="recipe-launch"]')
    await launch.waitFor()
    expect(await launch.locator('[data-testid="recipe-protocol"]').getAttribute('data-protocol')).toBe('paper')
    expect(await launch.locator('[data-testid="recipe-protocol"]').innerText()).toMatch(/LOSO · 30 epochs/)
    // the Train form's settings are there to choose, said to be not comparable
    await launch.locator('[data-name="protocol"] label', { hasText: 'Train form' }).click()
    expect(await launch.locator('[data-testid="recipe-protocol"]').innerText()).toMatch(
      /test session 5 · 8 epochs[\s\S]*not meaningful/
    )
    await launch.locator('[data-name="protocol"] label', { hasText: 'paper' }).click()
    // one cell (logMel, single-task), started and cancelled at once: its run's config is what counts
    for (const f of ['mfcc', 'egemaps']) await launch.locator(`input[name="features"][value="${f}"]`).uncheck()
    await launch.locator('input[name="tasks"][value="multi"]').uncheck()
    await launch.locator('[data-testid="start-recipe"]').click()
    await page.locator('[data-testid="recipe"]').waitFor()
    const recipeId = (await page.locator('[data-testid="recipe"]').getAttribute('data-recipe'))!
    await expect
      .poll(() => demo.services.recipes.status(recipeId).cells[0]?.runId ?? null, { timeout: 30_000 })
      .not.toBeNull()
    demo.services.recipes.cancel(recipeId)
    await demo.services.recipes.wait(recipeId)
    const config = demo.services.training.get(demo.services.recipes.status(recipeId).cells[0].runId!).config
    expect(config).toMatchObject({ testSession: null, epochs: 30, features: 'logmel', task: 'single' })
  })
})

describe('held-out scoring', () => {
  it('lists the sessions a run trained on as disabled, with why; the held-out one can be chosen', async () => {
    await page.goto(`${server.origin}/#/runs/${encodeURIComponent(single)}/evaluation`)
    const held = page.locator('[data-testid="held-out"]')
    await held.locator('select[name="session"] option[value="5"]').waitFor({ state: 'attached' })
    for (const s of ['1', '2', '3', '4']) {
      const option = held.locator(`select[name="session"] option[value="${s}"]`)
      expect(await option.isDisabled(), `session ${s}`).toBe(true)
      expect(await option.innerText()).toMatch(/trained on, cannot be scored/)
      expect(await option.getAttribute('title')).toMatch(/learnt from it/)
    }
    expect(await held.locator('select[name="session"] option[value="5"]').isDisabled()).toBe(false)
    expect(await held.locator('select[name="session"]').inputValue()).toBe('5')
    expect(await held.locator('[data-testid="trained-on-note"]').isVisible()).toBe(true)
    await screenshot(page, 'walkthrough-held-out-1024')
    // leave-one-session-out held every session out once: all can be scored
    await page.goto(`${server.origin}/#/runs/${encodeURIComponent(loso)}/evaluation`)
    await held.locator('select[name="session"] option[value="5"]').waitFor({ state: 'attached' })
    expect(await held.locator('select[name="session"] option:disabled:not([value=""])').count()).toBe(0)
  })
})

describe('annotator names', () => {
  it('a person cannot take the name of a corpus rater: the picker says so, and the server refuses it by field', async () => {
    const u = demo.services.corpus.utterances({ corpusId: 'demo', limit: 1 })[0]
    await page.goto(`${server.origin}/#/label/${encodeURIComponent(u.id)}`)
    await page.locator('[data-testid="utterance-id"]', { hasText: u.id }).waitFor()
    await page.locator('[data-testid="annotator"]').click()
    await page.locator('[data-testid="annotator-name"]').fill('e1')
    await page.locator('[data-testid="annotator-submit"]').click()
    expect(await page.locator('[data-testid="annotator-error"]').innerText()).toMatch(
      /reads as the corpus rater demo:E1/
    )
    await screenshot(page, 'walkthrough-annotator-refused-1024')
    await page.keyboard.press('Escape')
    expect(await page.locator('[data-testid="annotator"]').innerText()).toContain('ann')
    // what the page's own client would get if it sent the name anyway
    const answer = await page.evaluate(async (id) => {
      const r = await fetch('api/call', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          method: 'labels.set',
          args: { utteranceId: id, annotator: 'Reference', category: 'neu' }
        })
      })
      return {
        status: r.status,
        body: (await r.json()) as { ok: boolean; error?: { field?: string; message: string } }
      }
    }, u.id)
    expect(answer.status).toBe(400)
    expect(answer.body.error).toMatchObject({ field: 'annotator' })
    expect(answer.body.error?.message).toMatch(/^annotator: 'Reference' reads as the corpus rater 'demo:reference'/)
  })
})

describe('run names and notes', () => {
  it('a run named and noted on its page shows both in the runs table, where the search finds them', async () => {
    await page.goto(`${server.origin}/#/runs/${encodeURIComponent(loso)}/evaluation`)
    const notes = page.locator('[data-testid="run-notes"]')
    await notes.locator('input[name="runName"]').fill('baseline LOSO')
    await notes.locator('input[name="runNote"]').fill('before relabelling the second-look items')
    await notes.locator('[data-testid="save-notes"]').click()
    await notes.locator('.saved').waitFor()
    expect(demo.services.training.get(loso)).toMatchObject({
      name: 'baseline LOSO',
      note: 'before relabelling the second-look items'
    })
    await page.reload()
    expect(await page.locator('[data-testid="run-notes"] input[name="runName"]').inputValue()).toBe('baseline LOSO')

    await page.locator('[data-workspace="runs"]').click()
    await page.goto(`${server.origin}/#/runs`)
    const row = page.locator(`[data-testid="runs"] tr[data-run="${loso}"]`)
    await row.waitFor()
    expect(await row.locator('[data-testid="run-name"]').innerText()).toBe('baseline LOSO')
    expect(await row.locator('[data-testid="run-note"]').innerText()).toBe('before relabelling the second-look items')
    await page.locator('[data-testid="run-filters"] input[name="text"]').fill('relabelling')
    await expect.poll(() => page.locator('[data-testid="runs"] tbody tr[data-run]').count()).toBe(1)
    expect(await page.locator('[data-testid="runs"] tbody tr[data-run]').getAttribute('data-run')).toBe(loso)
    await screenshot(page, 'walkthrough-run-named-1024')
    await page.locator('[data-testid="run-filters"] input[name="text"]').fill('')
  })
})

describe('the smaller things', () => {
  it('Esc closes the Label-files popover, even with the focus on its button', async () => {
    const u = demo.services.corpus.utterances({ corpusId: 'demo', limit: 1 })[0]
    await page.goto(`${server.origin}/#/label/${encodeURIComponent(u.id)}`)
    await page.locator('[data-testid="label-files"]').click()
    await page.locator('[data-testid="label-files-panel"]').waitFor()
    await page.keyboard.press('Escape')
    await page.locator('[data-testid="label-files-panel"]').waitFor({ state: 'detached' })
  })

  it('the labeler steps to the second look’s next item', async () => {
    const items = demo.services.evaluation.secondLook({ runId: loso, limit: 50, minConfidence: 0.5 })
    expect(items.length).toBeGreaterThanOrEqual(2)
    await page.goto(`${server.origin}/#/runs/${encodeURIComponent(loso)}/second-look`)
    await page.locator(`[data-testid="review-items"] tr[data-utterance="${items[0].id}"]`).click()
    await page.locator('[data-testid="utterance-id"]', { hasText: new RegExp(`^${items[0].id}$`) }).waitFor()
    const next = page.locator('[data-testid="second-look-next"]')
    expect(await next.innerText()).toMatch(new RegExp(`\\(1 of ${items.length}\\)`))
    await next.click()
    await page.locator('[data-testid="utterance-id"]', { hasText: new RegExp(`^${items[1].id}$`) }).waitFor()
    expect(await page.locator('[data-testid="model-opinion"]').getAttribute('data-predicted')).toBe(items[1].predicted)
    await screenshot(page, 'walkthrough-second-look-next-1024')
  })

  it('per-epoch charts tick at whole epochs', async () => {
    await page.goto(`${server.origin}/#/runs/${encodeURIComponent(loso)}/curves`)
    const chart = page.locator('[data-testid="run-loss"]')
    await expect.poll(() => chart.getAttribute('data-x-ticks')).not.toBe('')
    const ticks = (await chart.getAttribute('data-x-ticks'))!.split(',').map(Number)
    expect(ticks.length).toBeGreaterThan(0)
    expect(ticks.every((t) => Number.isInteger(t))).toBe(true)
  })
})
