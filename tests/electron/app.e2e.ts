/**
 * The desktop app end to end in a real Electron, where its runtime is installed: `npm run test:electron`
 * (scripts/test-electron.mjs checks the runtime, builds, prepares better-sqlite3 for Electron's ABI, and runs this file
 * with tests/electron/vitest.config.ts; `npm test` never picks it up). It launches the built app as `npm start` does
 * (`--demo`, SER_SQLITE_BINDING), on a temporary index, through playwright-core's Electron support, and checks: the
 * window opens on the demo corpus, sandboxed and context-isolated in the real runtime; an utterance labelled by
 * keyboard is in the index; a short training run streams its curve to the window and can be cancelled; closing the
 * window quits the app with exit code 0 and the index closed. docs/app-shell.md: how to run it on a workstation.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ElectronApplication, Page } from 'playwright-core'
import { _electron } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServices } from '../../src/main/services/create-services'
import type { RunDetail } from '../../src/shared/domain/runs'
import { createDispatcher } from '../../src/main/transports/dispatch'
import { REPO } from '../helpers/run-ser'
import { tempDir } from '../helpers/temp-dir'
import { labelView, waitSaved } from '../renderer/labeling-page'
import { chartPoints, launchRun, recordAttribute, recorded, runStatus } from '../renderer/research-page'

const EXECUTABLE = process.env.SER_ELECTRON_EXECUTABLE
const BINDING = process.env.SER_SQLITE_BINDING
const EXTRA_ARGS = (process.env.SER_ELECTRON_ARGS ?? '').split(' ').filter(Boolean)
// the research test's short run (tests/renderer/research.test.ts): long enough to be cancelled while training
const RUN = { testSession: '1', epochs: 30, patience: 0, batchSize: 8 }

let tmp: { dir: string; cleanup: () => void }
let dbPath: string
let app: ElectronApplication
let proc: ChildProcess
let exited: Promise<number | null>
let win: Page
const errors: string[] = []

/** Reads the index the app is writing, from this process (Node's better-sqlite3), and closes it again */
async function fromIndex<T>(method: string, args: unknown): Promise<T> {
  const services = createServices({ dbPath })
  try {
    return (await createDispatcher(services).call(method, args)) as T
  } finally {
    services.close()
  }
}

beforeAll(async () => {
  if (!EXECUTABLE || !BINDING)
    throw new Error('run this through `npm run test:electron`, which finds Electron and its better-sqlite3')
  tmp = tempDir('ser-electron-')
  dbPath = join(tmp.dir, 'index.db')
  const { ELECTRON_RUN_AS_NODE: _ignored, ...env } = process.env
  app = await _electron.launch({
    executablePath: EXECUTABLE,
    args: [...EXTRA_ARGS, REPO, '--demo'],
    cwd: REPO,
    env: { ...env, SER_DB: dbPath, SER_SQLITE_BINDING: BINDING } as Record<string, string>,
    // the first launch may generate the demo corpus (resources/demo-corpus) before the window opens
    timeout: 300_000
  })
  proc = app.process()
  exited = new Promise((resolve) => {
    if (proc.exitCode !== null) resolve(proc.exitCode)
    else proc.once('exit', (code) => resolve(code))
  })
  win = await app.firstWindow({ timeout: 300_000 })
  win.on('pageerror', (e) => errors.push(e.message))
  win.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
})

afterAll(async () => {
  if (proc && proc.exitCode === null) await app.close().catch(() => undefined)
  tmp?.cleanup()
})

describe('the desktop app in a real Electron', () => {
  it('opens one sandboxed, context-isolated window on ser-app:// showing the demo corpus', async () => {
    await win.locator('[data-corpus="demo"]').waitFor({ timeout: 120_000 })
    expect(win.url()).toMatch(/^ser-app:\/\/workbench\/index\.html/)
    const main = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => ({ url: w.webContents.getURL(), visible: w.isVisible() }))
    )
    expect(main).toEqual([{ url: expect.stringMatching(/^ser-app:\/\/workbench\/index\.html/), visible: true }])
    // sandboxed and isolated, as the running renderer shows it: the page sees window.ser and nothing of Node, and
    // window.open is refused
    const page = await win.evaluate(() => {
      const g = globalThis as unknown as {
        require?: unknown
        process?: unknown
        ser?: { call?: unknown }
        open(url: string): unknown
      }
      return {
        require: typeof g.require,
        process: typeof g.process,
        call: typeof g.ser?.call,
        opened: g.open('https://example.com/')
      }
    })
    expect(page).toEqual({ require: 'undefined', process: 'undefined', call: 'function', opened: null })
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
    const stats = await fromIndex<{ utterances: number }>('corpus.stats', { corpusId: 'demo' })
    expect(stats.utterances).toBeGreaterThan(0)
  })

  it('labels an utterance by keyboard, and the label is in the index', async () => {
    await win.locator('[data-workspace="label"]').click()
    await win.locator('[data-testid="annotator-name"]').waitFor()
    await win.keyboard.type('desktop')
    await win.keyboard.press('Enter')
    const idCell = win.locator('[data-testid="utterance-id"]')
    await idCell.waitFor()
    const id = (await idCell.innerText()).trim()
    await labelView(win).utterance(id)
    // 4 is anger in the labeling keymap (tests/renderer/labeling.test.ts)
    await win.keyboard.press('Digit4')
    await waitSaved(win)
    expect(await labelView(win).pressedCategory()).toBe('ang')
    const history = await fromIndex<{ annotator: string; field: string; newValue: string | null }[]>('labels.history', {
      utteranceId: id
    })
    expect(history).toContainEqual(
      expect.objectContaining({ annotator: 'desktop', field: 'category', newValue: 'ang' })
    )
  })

  it('streams a short training run’s curve to the window, and cancels it', async () => {
    await win.locator('[data-workspace="train"]').click()
    await win.locator('[data-testid="training-view"]').waitFor()
    const runId = await launchRun(win, RUN)
    await recordAttribute(win, '__points', '[data-testid="loss-chart"]', 'data-points')
    await expect.poll(() => chartPoints(win), { timeout: 180_000 }).toBeGreaterThanOrEqual(3)
    const early = await chartPoints(win)
    await expect.poll(() => chartPoints(win), { timeout: 120_000 }).toBeGreaterThan(early)
    expect(await runStatus(win)).toBe('running')
    // several counts drawn one after another: a live stream over ser:event, not one answer at the end
    expect(new Set((await recorded(win, '__points')).map(Number).filter((n) => n > 0)).size).toBeGreaterThanOrEqual(2)

    await win.locator('[data-testid="cancel"]').click()
    await expect.poll(() => runStatus(win), { timeout: 120_000 }).toBe('cancelled')
    expect((await fromIndex<RunDetail>('runs.get', { runId })).status).toBe('cancelled')
  })

  it('quits when its window is closed: exit code 0, the index closed, no page errors on the way', async () => {
    // what the window's close button does; the evaluation's own answer may be cut off by the exit
    void app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].close()).catch(() => undefined)
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000))])
    expect(code).toBe(0)
    // SQLite removes the write-ahead log when the last connection closes; a killed process leaves it behind
    expect(existsSync(`${dbPath}-wal`)).toBe(false)
    expect(errors).toEqual([])
  })
})
