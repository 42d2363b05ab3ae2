/**
 * "Saved" on screen means on disk: a label edit made in the browser, with the `ser serve` process killed (SIGKILL: no
 * exit handlers, no clean close) the moment the page shows it saved, is there when a new server opens the same
 * index, both in the index and in the page.
 */
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServices } from '../../src/main/services/create-services'
import { writeDemoCorpus } from '../../src/main/services/demo/demo-corpus'
import { launchBrowser, screenshot } from '../helpers/browser'
import type { ServeProcess } from '../helpers/serve-process'
import { startServe } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp-dir'
import { labelView, waitSaved } from './labeling-page'

let tmp: { dir: string; cleanup: () => void }
let browser: Browser
const servers: ServeProcess[] = []
let db: string
let first: string

beforeAll(async () => {
  tmp = tempDir('ser-durable-')
  db = join(tmp.dir, 'index.db')
  writeDemoCorpus(join(tmp.dir, 'corpus'), { sessions: 1, turnsPerDialog: 4 })
  const services = createServices({ dbPath: db })
  await services.importer.importCorpus({ kind: 'iemocap', dir: join(tmp.dir, 'corpus'), name: 'tiny' })
  first = services.corpus.utterances({ corpusId: 'tiny' })[0].id
  services.close()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) await s.stop()
  tmp?.cleanup()
})

async function openAs(serve: ServeProcess, name: string) {
  // a new server is a new origin (its own port): the page asks who is labelling again
  const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage()
  await page.goto(`${serve.url}#/label/${encodeURIComponent(first)}`)
  await page.locator('[data-testid="annotator-name"]').waitFor()
  await page.keyboard.type(name)
  await page.keyboard.press('Enter')
  await labelView(page).utterance(first)
  return page
}

describe('a label edit survives the server being killed right after "saved"', () => {
  it('is in the index and on the page of a new server on the same index', async () => {
    const serve = await startServe(['--db', db])
    servers.push(serve)
    const page = await openAs(serve, 'kim')
    await page.keyboard.press('Digit6')
    await waitSaved(page)
    serve.child.kill('SIGKILL')
    await new Promise((resolve) => serve.child.once('exit', resolve))
    expect(serve.child.signalCode).toBe('SIGKILL')

    // the old page, its server gone: the next edit is not shown as saved but as an error, in place
    await page.keyboard.press('Digit2')
    const state = page.locator('[data-testid="save-state"][data-state="error"]')
    await state.waitFor()
    expect(await state.innerText()).toMatch(/^Not saved: /)
    expect(await labelView(page).pressedCategory()).toBe('fru')
    await screenshot(page, 'label-not-saved')

    const services = createServices({ dbPath: db })
    try {
      expect(services.labels.current(first).find((l) => l.annotator === 'kim')?.category).toBe('fru')
    } finally {
      services.close()
    }

    const again = await startServe(['--db', db])
    servers.push(again)
    const reopened = await openAs(again, 'kim')
    const view = labelView(reopened)
    expect(await view.pressedCategory()).toBe('fru')
    expect(await view.historyOf('kim')).toEqual(['category'])
    await screenshot(reopened, 'label-after-kill')
  })
})
