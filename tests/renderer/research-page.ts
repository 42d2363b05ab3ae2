/**
 * What the research tests do and read on the page, in one place: the launch form, the live chart's point count, the
 * watched run's status, and a recorder of every value an attribute took (to tell a stream from one final answer).
 */
import type { Page } from 'playwright-core'
import type { PageProbe } from '../helpers/page-globals'
import { rawRequest } from '../helpers/raw-http'
import type { ServeProcess } from '../helpers/serve-process'

/** An API call with the server's bearer token, for facts the test compares the page against */
export async function api<T>(serve: ServeProcess, method: string, args: unknown): Promise<T> {
  const port = Number(new URL(serve.origin).port)
  const r = await rawRequest(port, {
    method: 'POST',
    path: '/api/call',
    headers: { Host: `127.0.0.1:${port}`, Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ method, args })
  })
  const body = JSON.parse(r.text) as { ok: boolean; value?: T; error?: { message: string } }
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`)
  return body.value as T
}

export interface LaunchSettings {
  features?: 'logmel' | 'mfcc' | 'egemaps'
  testSession: string
  epochs: number
  patience: number
  batchSize?: number
}

/** Fills the Train form (a small run on one test session) and launches it; returns the new run's id */
export async function launchRun(page: Page, s: LaunchSettings): Promise<string> {
  const form = page.locator('[data-testid="launch-form"]')
  await form.locator('[data-testid="backend-name"]').waitFor()
  // the paper's CNN (the form starts from the Workbench preset: fusion with the baseline)
  await form.locator('[data-name="preset"] label', { hasText: 'Paper' }).click()
  const features = { logmel: 'logMel', mfcc: 'MFCC', egemaps: 'eGeMAPS' }[s.features ?? 'logmel']
  await form.locator('[data-name="features"] label', { hasText: features }).click()
  await form.locator('[data-name="folds"] label', { hasText: 'One test session' }).click()
  await form.locator('select[name="testSession"]').selectOption(s.testSession)
  await form.locator('input[name="epochs"]').fill(String(s.epochs))
  await form.locator('input[name="patience"]').fill(String(s.patience))
  if (s.batchSize) {
    await form.locator('details summary').click()
    await form.locator('input[name="batchSize"]').fill(String(s.batchSize))
  }
  const header = page.locator('[data-testid="run-header"]')
  // getAttribute would wait for a header that is not there yet; count does not
  const current = async () => ((await header.count()) > 0 ? header.getAttribute('data-run') : null)
  const before = await current()
  await form.locator('[data-testid="launch"]').click()
  // the view switches to the new run as soon as training.start answers
  for (let waited = 0; waited < 30_000; waited += 100) {
    const id = await current()
    if (id && id !== before) return id
    await page.waitForTimeout(100)
  }
  throw new Error('the launched run did not appear in the live view')
}

/** Points the live loss chart draws now */
export async function chartPoints(page: Page): Promise<number> {
  return Number((await page.locator('[data-testid="loss-chart"]').getAttribute('data-points')) ?? '0')
}

export async function runStatus(page: Page): Promise<string | null> {
  return page.locator('[data-testid="run-header"]').getAttribute('data-status')
}

/** Starts keeping every value `attribute` takes on elements matching `selector`, under window[key] */
export async function recordAttribute(page: Page, key: string, selector: string, attribute: string): Promise<void> {
  await page.evaluate(
    ([k, sel, attr]) => {
      const g = globalThis as unknown as PageProbe<Record<string, string[]>>
      const { document, MutationObserver } = g
      const seen: string[] = []
      g[k] = seen
      new MutationObserver(() => {
        for (const el of document.querySelectorAll(sel)) {
          const v = el.getAttribute(attr)
          if (v !== null && seen[seen.length - 1] !== v) seen.push(v)
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true })
    },
    [key, selector, attribute] as const
  )
}

export function recorded(page: Page, key: string): Promise<string[]> {
  return page.evaluate((k) => (globalThis as unknown as PageProbe<Record<string, string[]>>)[k] ?? [], key)
}
