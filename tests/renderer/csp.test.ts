/**
 * The CSP in a real browser, on the built renderer served by the web mode: the header and the meta are both there,
 * and Chromium enforces them: an injected inline script, an inline event handler, eval and a remote image are all
 * blocked (and reported as violations), while the app's own module script runs. Without the token the browser
 * gets a 401 page, not the app.
 */
import { cpSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CSP_HEADER, CSP_META } from '../../src/main/transports/csp'
import { launchBrowser, screenshot } from '../helpers/browser'
import type { PageGlobals, PageProbe } from '../helpers/page-globals'
import type { WebHarness } from '../helpers/web-harness'
import { RENDERER_DIR, startWebHarness } from '../helpers/web-harness'
import { tempDir } from '../helpers/temp-dir'

type Probe = PageProbe<{
  __violations: string[]
  __inline?: boolean
  __handler?: boolean
  __evalProbe?: string[]
}>

let h: WebHarness
let browser: Browser
let page: Page
let documentHeaders: Record<string, string>
let renderer: { dir: string; cleanup: () => void }

beforeAll(async () => {
  // the built renderer plus one same-origin probe script, which tries eval the way a page script would
  renderer = tempDir('ser-csp-')
  cpSync(RENDERER_DIR, renderer.dir, { recursive: true })
  writeFileSync(
    join(renderer.dir, 'eval-probe.js'),
    `window.__evalProbe = [];
     try { (0, eval)('1 + 1'); window.__evalProbe.push('ran') } catch (e) { window.__evalProbe.push(e.name) }
     try { new Function('return 2')(); window.__evalProbe.push('ran') } catch (e) { window.__evalProbe.push(e.name) }`
  )
  ;[h, browser] = await Promise.all([startWebHarness({ rendererDir: renderer.dir }), launchBrowser()])
  page = await (await browser.newContext()).newPage()
  const response = await page.goto(h.server.url)
  documentHeaders = response!.headers()
  await page.locator('[data-corpus="tiny"]').waitFor()
  await page.evaluate(() => {
    const w = globalThis as unknown as Probe
    w.__violations = []
    w.document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(e.effectiveDirective))
  })
})

afterAll(async () => {
  await browser?.close()
  await h?.close()
  renderer?.cleanup()
})

const violations = () => page.evaluate(() => (globalThis as unknown as Probe).__violations)

describe('Content Security Policy in Chromium', () => {
  it('arrives as a header and as a meta, and the app’s own script runs under it', async () => {
    expect(documentHeaders['content-security-policy']).toBe(CSP_HEADER)
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(CSP_META)
    // the app rendered, so its external module script was allowed
    expect(await page.locator('[data-testid="corpora"] button').count()).toBe(1)
  })

  it('blocks an injected inline script', async () => {
    await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals
      const s = document.createElement('script')
      s.textContent = 'window.__inline = true'
      document.head.appendChild(s)
    })
    await expect.poll(violations).toContain('script-src-elem')
    expect(await page.evaluate(() => (globalThis as unknown as Probe).__inline)).toBeUndefined()
  })

  it('blocks an inline event handler', async () => {
    await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals
      const b = document.createElement('button')
      b.setAttribute('onclick', 'window.__handler = true')
      b.id = 'handler-probe'
      document.body.appendChild(b)
    })
    await page.locator('#handler-probe').click()
    await expect.poll(violations).toContain('script-src-attr')
    expect(await page.evaluate(() => (globalThis as unknown as Probe).__handler)).toBeUndefined()
  })

  it('blocks eval and new Function in page scripts', async () => {
    // DevTools-evaluated code is exempt from CSP, so the probe is a same-origin script file (allowed by 'self')
    await page.evaluate(async () => {
      const { document } = globalThis as unknown as PageGlobals
      const s = document.createElement('script')
      s.src = 'eval-probe.js'
      const loaded = new Promise<void>((resolve) => (s.onload = resolve))
      document.head.appendChild(s)
      await loaded
    })
    expect(await page.evaluate(() => (globalThis as unknown as Probe).__evalProbe)).toEqual(['EvalError', 'EvalError'])
    await expect.poll(violations).toContain('script-src')
  })

  it('blocks remote images and connections', async () => {
    await page.evaluate(async () => {
      const { document } = globalThis as unknown as PageGlobals
      const img = document.createElement('img')
      img.src = 'https://example.com/pixel.png'
      document.body.appendChild(img)
      await fetch('https://example.com/data').catch(() => undefined)
    })
    await expect.poll(violations).toEqual(expect.arrayContaining(['img-src', 'connect-src']))
  })
})

describe('the web mode in a browser without the token', () => {
  it('shows a 401 page instead of the app', async () => {
    const fresh = await (await browser.newContext()).newPage()
    const response = await fresh.goto(`${h.server.origin}/`)
    expect(response!.status()).toBe(401)
    expect(await fresh.locator('#app').count()).toBe(0)
    expect(await fresh.textContent('body')).toContain('ser serve')
    await screenshot(fresh, 'web-mode-no-token')
  })

  it('shows a 401 page for a wrong token, and sets no cookie', async () => {
    const context = await browser.newContext()
    const fresh = await context.newPage()
    const response = await fresh.goto(`${h.server.origin}/?token=wrong`)
    expect(response!.status()).toBe(401)
    expect(await context.cookies()).toEqual([])
  })
})
