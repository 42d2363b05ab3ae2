/**
 * "Open corpus" with a postgresql:// URL, in a real browser over `ser serve` (docs/team.md "One --db for every
 * command"): the import form's folder field takes the URL; a bad one is refused at the field, naming `db`, without
 * the password; a good one opens the team store in place of the file, its corpus listed, and a label set from the
 * page lands in PostgreSQL.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import pg from 'pg'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot } from '../helpers/browser'
import type { PostgresServer } from '../helpers/postgres-server'
import { startPostgres } from '../helpers/postgres-server'
import { REPO, ser } from '../helpers/run-ser'
import type { ServeProcess } from '../helpers/serve-process'
import { startServe } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp-dir'
import { writeTinyIemocap } from '../helpers/tiny-iemocap'

const tmp = tempDir('ser-open-url-')
let server: PostgresServer
let serve: ServeProcess
let browser: Browser
let page: Page
let url: string

beforeAll(async () => {
  execFileSync('flock', ['/tmp/ser-build.lock', 'npx', 'electron-vite', 'build'], { cwd: REPO, stdio: 'ignore' })
  server = await startPostgres()
  url = server.createDatabase('browser')
  const env = { SER_REPLICA_DIR: join(tmp.dir, 'replicas') }
  const imported = ser(['import', 'iemocap', writeTinyIemocap(tmp.dir), '--db', url], { env })
  expect(imported.status, imported.stderr).toBe(0)
  ;[serve, browser] = await Promise.all([startServe(['--db', join(tmp.dir, 'desk.db')], { env }), launchBrowser()])
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  if (serve) expect(await serve.stop()).toBe(0)
  server?.cleanup()
  tmp.cleanup()
})

describe('open corpus with a postgresql:// URL', () => {
  it('refuses a bad URL at the field without the password, then opens the team store and labels into it', async () => {
    await page.goto(serve.url)
    await page.locator('[data-testid="connection"][data-stream="open"]').waitFor()
    const form = page.locator('[data-testid="import-form"]')
    const dir = form.locator('input[name="dir"]')

    await dir.fill(`postgresql://ana:s3cret-pw@127.0.0.1:${server.port}/nowhere`)
    expect(await form.locator('button[type="submit"]').innerText()).toBe('Open')
    await form.locator('button[type="submit"]').click()
    const error = page.locator('[data-testid="import-error"]')
    await error.waitFor()
    const text = await error.innerText()
    expect(text).toMatch(/^db: postgresql:\/\/ana:\*\*\*@127\.0\.0\.1:\d+\/nowhere: cannot open the team database/)
    expect(await page.content()).not.toContain('s3cret-pw')

    await dir.fill(url)
    await form.locator('button[type="submit"]').click()
    await page.locator('[data-testid="open-summary"]').waitFor()
    expect(await page.locator('[data-testid="open-summary"]').innerText()).toContain('1 corpora')
    await page.locator('[data-corpus="IEMOCAP_tiny"]').click()
    await expect.poll(() => page.locator('[data-testid="utterances"] tbody tr').count()).toBeGreaterThan(0)
    await screenshot(page, 'web-mode-open-team-store')

    // a label set through the page's API client goes to PostgreSQL
    const set = await page.evaluate(async () => {
      const r = await fetch('api/call', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          method: 'labels.set',
          args: { utteranceId: 'Ses01F_impro01_F000', annotator: 'browser', category: 'hap' }
        })
      })
      return (await r.json()) as { ok: boolean }
    })
    expect(set.ok).toBe(true)
    const c = new pg.Client(url)
    await c.connect()
    try {
      const rows = (await c.query(`SELECT new_value FROM label_events WHERE annotator_id = 'browser'`)).rows
      expect(rows).toEqual([{ new_value: 'hap' }])
    } finally {
      await c.end()
    }
  }, 120_000)
})
