/**
 * The done-when of issue 8, in a real browser: the built renderer loads in Chromium from `ser serve --demo`, lists
 * the demo corpus through the API, receives a live progress stream while an import runs, plays media through the
 * token cookie, and navigates between workspaces. Screenshots go to test-output/screenshots/.
 */
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot } from '../helpers/browser'
import type { PageGlobals, PageProbe } from '../helpers/page-globals'
import { writeFolderCorpus } from '../helpers/folder-corpus'
import { rawRequest } from '../helpers/raw-http'
import type { ServeProcess } from '../helpers/serve-process'
import { startServe } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp-dir'

let serve: ServeProcess
let browser: Browser
let context: BrowserContext
let page: Page
let tmp: { dir: string; cleanup: () => void }

beforeAll(async () => {
  tmp = tempDir('ser-browser-')
  ;[serve, browser] = await Promise.all([startServe(['--demo', '--db', join(tmp.dir, 'index.db')]), launchBrowser()])
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  page = await context.newPage()
})

afterAll(async () => {
  await browser?.close()
  if (serve) expect(await serve.stop()).toBe(0)
  tmp?.cleanup()
})

describe('the app in the web mode', () => {
  it('loads from the printed URL, drops the token from the address bar, and lists the demo corpus', async () => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`))
    await page.goto(serve.url)
    expect(page.url()).toBe(`${serve.origin}/`)
    await page.locator('[data-corpus="demo"]').waitFor()
    await page.locator('[data-testid="connection"][data-stream="open"]').waitFor()
    // what the index holds, asked over the same API with the bearer token, so the demo's size can change
    const port = Number(new URL(serve.origin).port)
    const answer = await rawRequest(port, {
      method: 'POST',
      path: '/api/call',
      headers: {
        Host: `127.0.0.1:${port}`,
        Authorization: `Bearer ${serve.token}`,
        'Content-Type': 'application/json'
      },
      body: JSON.stringify({ method: 'corpus.stats', args: { corpusId: 'demo' } })
    })
    const expected = (JSON.parse(answer.text) as { value: { utterances: number; sessions: number } }).value
    expect(expected.utterances).toBeGreaterThan(0)
    await expect
      .poll(() => page.locator('[data-testid="utterances"] tbody tr').count())
      .toBe(Math.min(200, expected.utterances))
    const stats = await page.locator('[data-testid="corpus-stats"]').innerText()
    expect(stats).toMatch(new RegExp(`Utterances\\s+${expected.utterances}\\b`, 'i'))
    expect(stats).toMatch(new RegExp(`Sessions\\s+${expected.sessions}\\b`, 'i'))
    await screenshot(page, 'web-mode-corpus')
    expect(errors).toEqual([])
  })

  it('shows an import’s progress as the events stream in, then the new corpus', async () => {
    const dir = writeFolderCorpus(join(tmp.dir, 'tones'), 8)
    // record every progress value the page renders, to tell a live stream from one final answer
    await page.evaluate(() => {
      const g = globalThis as unknown as PageProbe<{ __seen: string[] }>
      const { document, MutationObserver } = g
      const seen: string[] = []
      g.__seen = seen
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-testid="job"]'))
          seen.push(`${el.getAttribute('data-done')}/${el.getAttribute('data-total')}`)
      }).observe(document.body, { subtree: true, childList: true, attributes: true })
    })
    const form = page.locator('[data-testid="import-form"]')
    await form.locator('select[name="kind"]').selectOption('folder')
    await form.locator('input[name="dir"]').fill(dir)
    await form.locator('input[name="name"]').fill('tones')
    await form.locator('button[type="submit"]').click()
    await page.locator('[data-corpus="tones"]').waitFor()
    const job = page.locator('[data-testid="job"]').first()
    await expect.poll(() => job.getAttribute('data-done')).toBe('8')
    expect(Number(await job.getAttribute('data-updates'))).toBeGreaterThanOrEqual(2)
    const seen = await page.evaluate(() => (globalThis as unknown as PageProbe<{ __seen: string[] }>).__seen)
    expect(seen).toContain('8/8')
    expect(seen.some((s) => s !== '8/8' && s.endsWith('/8'))).toBe(true)
    await expect.poll(() => page.locator('[data-testid="utterances"] tbody tr').count()).toBe(8)
    expect(await page.locator('[data-testid="import-summary"]').innerText()).toContain('tones: 8 utterances')
    await screenshot(page, 'web-mode-import-progress')
  })

  it('shows a refused import at its field', async () => {
    const form = page.locator('[data-testid="import-form"]')
    await form.locator('select[name="kind"]').selectOption('emodb')
    await form.locator('input[name="dir"]').fill(join(tmp.dir, 'no-such-folder'))
    await form.locator('input[name="name"]').fill('')
    await form.locator('button[type="submit"]').click()
    const error = page.locator('[data-testid="import-error"]')
    await error.waitFor()
    expect(await error.innerText()).toContain('no such folder')
    await screenshot(page, 'web-mode-import-error')
  })

  it('plays utterance audio and fetches a spectrogram through the media route (token cookie, CSP media-src)', async () => {
    await page.locator('[data-corpus="demo"]').click()
    const row = page.locator('[data-testid="utterances"] tbody tr[data-utterance^="Ses01"]').first()
    await row.waitFor()
    const id = await row.getAttribute('data-utterance')
    const result = await page.evaluate(async (utt) => {
      const { Audio } = globalThis as unknown as PageGlobals
      const audio = new Audio(`media/audio/${encodeURIComponent(utt!)}`)
      audio.muted = true
      await audio.play()
      await new Promise((r) => setTimeout(r, 600))
      const res = await fetch(`media/spectrogram/${encodeURIComponent(utt!)}`)
      const magic = new TextDecoder().decode((await res.arrayBuffer()).slice(0, 4))
      return { time: audio.currentTime, duration: audio.duration, status: res.status, magic }
    }, id)
    expect(result.time).toBeGreaterThan(0)
    expect(result.duration).toBeGreaterThan(0.5)
    expect(result).toMatchObject({ status: 200, magic: 'SPG1' })
  })

  it('navigates between workspaces, keeping the workspace across a reload', async () => {
    await page.locator('[data-workspace="train"]').click()
    await page.locator('[data-testid="training-view"]').waitFor()
    expect(page.url()).toBe(`${serve.origin}/#/train`)
    await page.reload()
    await page.locator('[data-testid="training-view"]').waitFor()
    await screenshot(page, 'web-mode-train-workspace')
    await page.locator('[data-workspace="runs"]').click()
    await page.locator('[data-testid="runs-view"]').waitFor()
    await page.goBack()
    await page.locator('[data-testid="training-view"]').waitFor()
    await page.locator('[data-workspace="corpus"]').click()
    await page.locator('[data-corpus="demo"]').waitFor()
  })
})
