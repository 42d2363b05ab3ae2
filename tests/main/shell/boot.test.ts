/**
 * The built Electron main process (out/main/index.js), booted in a child Node process with a recording stand-in for
 * the `electron` module (tests/helpers/electron-stand-in: it checks the shell's wiring, not Electron's behaviour).
 * The driver plays Electron's part: ready, the window's ready-to-show, the renderer's `ser:call`s, navigation,
 * permission and download requests, a second launch, the window closed. What the real app must do, asserted here:
 * the privileged scheme and the sandbox before ready; one window with the locked-down options; every permission,
 * navigation and window-open handler installed, once, and refusing; IPC answered through dispatch for the app's page
 * only; the index opened, written and closed; and the process ending by itself after the quit.
 * docs/app-shell.md says what this does not cover (a real Electron: `npm run test:electron`).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServices } from '../../../src/main/services/create-services'
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES } from '../../../src/main/shell/window-config'
import { CSP_HEADER } from '../../../src/main/transports/csp'
import { createDispatcher } from '../../../src/main/transports/dispatch'
import type { DemoIndex } from '../../helpers/demo-index'
import { demoIndex } from '../../helpers/demo-index'
import type { RecordedCall } from '../../helpers/electron-stand-in/electron'
import type { BootRun } from '../../helpers/electron-stand-in/run-boot'
import { runBoot } from '../../helpers/electron-stand-in/run-boot'
import { REPO } from '../../helpers/run-ser'
import { tempDir } from '../../helpers/temp-dir'

const PRELOAD = join(REPO, 'out', 'preload', 'index.cjs')
const apis = (calls: RecordedCall[]) => calls.map((c) => c.api)
const callsTo = (calls: RecordedCall[], api: string) => calls.filter((c) => c.api === api)
/** Position of the first call to `api`, failing when there is none */
function firstIndex(calls: RecordedCall[], api: string): number {
  const i = calls.findIndex((c) => c.api === api)
  expect(i, `${api} was never called`).toBeGreaterThanOrEqual(0)
  return i
}

let corpus: DemoIndex
let run: BootRun
beforeAll(async () => {
  // a small demo corpus already in a temporary index: the app opens it through SER_DB, as `npm start` would its own
  corpus = await demoIndex({ turnsPerDialog: 2 })
  corpus.services.close()
  run = await runBoot({ dir: corpus.dir, env: { SER_DB: corpus.dbPath } })
})
afterAll(() => corpus?.cleanup())

describe('booting the built main process (stand-in Electron)', () => {
  it('runs the whole lifecycle without an error box, and exits by itself with code 0 after the quit', () => {
    const { record } = run
    expect(record.error, run.stderr).toBeNull()
    expect(apis(record.calls)).not.toContain('dialog.showErrorBox')
    expect(record.quitEmitted).toBe(true)
    expect(run.timedOut, `still alive after quit, holding: ${JSON.stringify(record.activeAfterQuit)}`).toBe(false)
    expect(run.code, run.stderr).toBe(0)
    expect(record.exitCode).toBe(0)
  })

  it('registers the privileged scheme and enables the sandbox while loading, before ready', () => {
    const { atLoad, calls } = run.record
    const schemes = callsTo(calls, 'protocol.registerSchemesAsPrivileged')
    expect(schemes, 'protocol.registerSchemesAsPrivileged calls').toHaveLength(1)
    expect(schemes[0].ready, 'protocol.registerSchemesAsPrivileged after ready').toBe(false)
    expect(schemes[0].args).toEqual([[APP_SCHEME_PRIVILEGES]])
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({
      standard: true,
      secure: true,
      bypassCSP: false,
      corsEnabled: false
    })
    const sandbox = callsTo(calls, 'app.enableSandbox')
    expect(sandbox, 'app.enableSandbox calls').toHaveLength(1)
    expect(sandbox[0].ready, 'app.enableSandbox after ready').toBe(false)
    expect(apis(atLoad)).toEqual(expect.arrayContaining(['protocol.registerSchemesAsPrivileged', 'app.enableSandbox']))
    const lock = callsTo(calls, 'app.requestSingleInstanceLock')
    expect(lock, 'app.requestSingleInstanceLock calls').toHaveLength(1)
    expect(lock[0].ready, 'app.requestSingleInstanceLock after ready').toBe(false)
  })

  it('touches the session, the protocol handler, IPC and windows after ready only, hardening before the window', () => {
    const { calls } = run.record
    const afterReady = calls.filter((c) =>
      /^(session\.|protocol\.handle|ipcMain\.|new BrowserWindow|window\.)/.test(c.api)
    )
    expect(afterReady.length).toBeGreaterThan(0)
    expect(afterReady.filter((c) => !c.ready).map((c) => c.api)).toEqual([])
    const window = firstIndex(calls, 'new BrowserWindow')
    for (const api of [
      'session.setPermissionRequestHandler',
      'session.setPermissionCheckHandler',
      'session.setDevicePermissionHandler',
      'session.setDisplayMediaRequestHandler',
      'session.webRequest.onBeforeRequest',
      'protocol.handle',
      'ipcMain.handle'
    ]) {
      expect(firstIndex(calls, api), `${api} after the window was created`).toBeLessThan(window)
    }
  })

  it('opens exactly one window, locked down, on the app scheme, shown when ready to show', () => {
    const { record } = run
    expect(record.windowCount).toBe(1)
    expect(callsTo(record.calls, 'new BrowserWindow')).toHaveLength(1)
    const options = record.window!.options as { show: boolean; webPreferences: Record<string, unknown> }
    expect(options.show).toBe(false)
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      preload: PRELOAD
    })
    expect(options.webPreferences.enableBlinkFeatures).toBeUndefined()
    expect(record.window!.preloadExists).toBe(true)
    expect(record.window!.loadedUrl).toBe(APP_ENTRY_URL)
    expect(record.window!.shown).toBe(true)
  })

  it('hardens every web contents: navigation off the app, webviews and new windows are refused, once each', () => {
    for (const [which, contents] of [
      ['the window’s', run.record.contents],
      ['a later', run.record.laterContents]
    ] as const) {
      expect(contents, `${which} web contents probed`).not.toBeNull()
      for (const [event, nav] of Object.entries({
        'will-navigate': contents!.willNavigate,
        'will-frame-navigate': contents!.willFrameNavigate,
        'will-redirect': contents!.willRedirect
      })) {
        expect(nav, `${event} on ${which} web contents`).toEqual({
          listeners: 1,
          foreignPrevented: true,
          appPrevented: false
        })
      }
      expect(contents!.willAttachWebviewPrevented, `will-attach-webview on ${which} web contents`).toBe(true)
      expect(contents!.windowOpen, `the window-open handler of ${which} web contents`).toEqual({ action: 'deny' })
    }
    expect(run.record.appListeners['web-contents-created']).toBe(1)
  })

  it('denies every permission, device and screen capture, cancels network and file requests and downloads', () => {
    const { session, calls } = run.record
    expect(session).not.toBeNull()
    const s = session as {
      permissionRequest: unknown[] | null
      permissionCheck: unknown[] | null
      devicePermission: unknown
      displayMedia: unknown
      beforeRequest: { filter: { urls: string[] }; answers: unknown[] }[]
      downloadListeners: number
      downloadPrevented: boolean
    }
    expect(s.permissionRequest, 'the permission request handler').toEqual(Array(6).fill(false))
    expect(s.permissionCheck, 'the permission check handler').toEqual(Array(6).fill(false))
    expect(s.devicePermission, 'the device permission handler').toBe(false)
    expect(s.displayMedia, 'the display media request handler').toEqual({})
    expect(s.beforeRequest, 'webRequest.onBeforeRequest filters').toHaveLength(1)
    expect(s.beforeRequest[0].filter.urls).toEqual(
      expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file://*/*'])
    )
    expect(s.beforeRequest[0].answers).toEqual(Array(4).fill({ cancel: true }))
    expect(s.downloadListeners, "session.on('will-download') listeners").toBe(1)
    expect(s.downloadPrevented, 'a download prevented').toBe(true)
    for (const api of [
      'setPermissionRequestHandler',
      'setPermissionCheckHandler',
      'setDevicePermissionHandler',
      'setDisplayMediaRequestHandler'
    ]) {
      expect(callsTo(calls, `session.${api}`), api).toHaveLength(1)
    }
  })

  it('serves the renderer on ser-app://workbench with the CSP, and nothing on another host', () => {
    const p = run.record.protocol
    expect(p).not.toBeNull()
    expect(callsTo(run.record.calls, 'protocol.handle').map((c) => c.args[0])).toEqual(['ser-app'])
    expect(p!.app.status).toBe(200)
    expect(p!.app.csp).toBe(CSP_HEADER)
    expect(p!.app.body).toMatch(/<html/i)
    expect(p!.foreignHost.status).toBe(404)
  })

  it('answers ser:call through dispatch for the app’s page only, naming the refused field', () => {
    const ipc = run.record.ipc as Record<
      string,
      { ok: boolean; value?: unknown; error?: { code: string; field?: string } }
    >
    expect(ipc).not.toBeNull()
    expect(callsTo(run.record.calls, 'ipcMain.handle').map((c) => c.args[0])).toEqual(['ser:call'])
    expect(ipc.corpora).toMatchObject({ ok: true, value: [{ id: 'demo', kind: 'iemocap' }] })
    expect(ipc.label).toMatchObject({
      ok: true,
      value: [{ annotator: 'boot-test', field: 'category', newValue: 'ang' }]
    })
    for (const refused of ['foreignSender', 'lookAlikeHost', 'subframe', 'goneFrame']) {
      expect(ipc[refused], refused).toMatchObject({ ok: false, error: { code: 'FIELD_INVALID', field: 'sender' } })
    }
    expect(ipc.invalidRequest).toMatchObject({ ok: false, error: { code: 'FIELD_INVALID', field: 'corpusId' } })
    expect(ipc.unknownField).toMatchObject({ ok: false, error: { code: 'FIELD_INVALID', field: 'path' } })
    expect(ipc.unknownMethod).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'method' } })
  })

  it('forwards service events to the window over ser:event', () => {
    const labelled = (run.record.ipc as { labelledUtterance: string }).labelledUtterance
    const sent = run.record.eventsSent.filter((e) => e[0] === 'ser:event' && e[1] === 'labels.changed')
    expect(sent).toHaveLength(1)
    expect(sent[0][2]).toMatchObject([[{ utteranceId: labelled, newValue: 'ang' }]])
  })

  it('focuses its window on a second launch and opens no second window on activate', () => {
    expect(run.record.secondInstanceFocused).toBe(true)
    expect(run.record.activateOpenedWindow).toBe(false)
  })

  it('quits when the window closes, closing the index at the quit, with the label in it', async () => {
    // SQLite removes the write-ahead log when the last connection closes: open while the window was, gone as soon
    // as the quit has run (not only at process exit, when better-sqlite3 closes what is left)
    expect(run.record.walBeforeQuit, 'the index open while the window is').toBe(true)
    expect(run.record.walAfterQuit, 'the index still open after the quit').toBe(false)
    expect(existsSync(`${corpus.dbPath}-wal`)).toBe(false)
    const order = apis(run.record.calls)
    expect(order.slice(order.indexOf('window.close'))).toEqual(['window.close', 'app.quit'])
    expect(run.record.appListeners['window-all-closed'], "app.on('window-all-closed') listeners").toBe(1)
    expect(run.record.appListeners['will-quit'], "app.on('will-quit') listeners").toBe(1)
    const services = createServices({ dbPath: corpus.dbPath })
    try {
      const labelled = (run.record.ipc as { labelledUtterance: string }).labelledUtterance
      const history = await createDispatcher(services).call('labels.history', { utteranceId: labelled })
      expect(history).toContainEqual(
        expect.objectContaining({ annotator: 'boot-test', source: 'edit', newValue: 'ang' })
      )
    } finally {
      services.close()
    }
  })
})

describe('booting the built main process: the other ways it starts', () => {
  it('quits at once on a second launch (single-instance lock refused): no index opened, no window', async () => {
    const t = tempDir('ser-boot-')
    try {
      const db = join(t.dir, 'second.db')
      const r = await runBoot({ dir: t.dir, env: { SER_DB: db, SER_BOOT_SCENARIO: 'second-launch' } })
      expect(r.record.error, r.stderr).toBeNull()
      expect(apis(r.record.calls)).toContain('app.quit')
      expect(apis(r.record.calls)).not.toContain('new BrowserWindow')
      expect(apis(r.record.calls)).not.toContain('app.whenReady')
      expect(existsSync(db)).toBe(false)
      expect(r.timedOut, JSON.stringify(r.record.activeAfterQuit)).toBe(false)
      expect(r.code).toBe(0)
    } finally {
      t.cleanup()
    }
  })

  it('shows an error box pointing at `npm start` and exits 1 when the index cannot be opened', async () => {
    const t = tempDir('ser-boot-')
    try {
      const r = await runBoot({
        dir: t.dir,
        env: {
          SER_DB: join(t.dir, 'index.db'),
          SER_SQLITE_BINDING: join(t.dir, 'missing', 'better_sqlite3.node'),
          SER_BOOT_SCENARIO: 'ready-only'
        }
      })
      const box = callsTo(r.record.calls, 'dialog.showErrorBox')
      expect(box, r.stderr).toHaveLength(1)
      expect(box[0].args[1]).toMatch(/npm start/)
      expect(apis(r.record.calls)).not.toContain('new BrowserWindow')
      expect(callsTo(r.record.calls, 'app.exit')).toEqual([{ api: 'app.exit', ready: true, args: [1] }])
      expect(r.code).toBe(1)
    } finally {
      t.cleanup()
    }
  })
})
