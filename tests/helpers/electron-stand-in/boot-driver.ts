/**
 * The boot test's child process: loads the built main bundle (out/main/index.js) with 'electron' resolved to the
 * recording stand-in (electron.ts), plays Electron's part in the lifecycle — ready, the window's ready-to-show, a
 * renderer's `ser:call`s, navigation and permission requests, a second launch, the window closed — and writes what
 * it saw as JSON to the file named by SER_BOOT_RECORD. The assertions are in tests/main/shell/boot.test.ts.
 *
 * It never ends the process itself after a clean quit: the process must exit on its own once the app has quit (the
 * index closed, no timers or workers left). If it is still alive a while later, an unref'd timer adds
 * process.getActiveResourcesInfo() to the record, for the test's failure message.
 *
 * SER_BOOT_SCENARIO: `run` (default; the whole lifecycle), `second-launch` (the single-instance lock is refused),
 * `ready-only` (ready, then no further driving: for a start-up that fails).
 */
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BrowserWindow, RecordedCall, WebContents } from './electron'
import { WebContents as StandInContents, fakeEvent, standIn } from './electron'

const REPO = join(fileURLToPath(import.meta.url), '..', '..', '..', '..')
const BUNDLE = join(REPO, 'out', 'main', 'index.js')
const APP_URL = 'ser-app://workbench/index.html'
const FOREIGN_URL = 'https://evil.example/'

type Handler = (...args: any[]) => any // eslint-disable-line @typescript-eslint/no-explicit-any

export interface NavigationProbe {
  /** Listeners the shell installed for the event (one expected) */
  listeners: number
  /** Whether a navigation to a foreign URL was prevented */
  foreignPrevented: boolean
  /** Whether a navigation inside the app (hash change) was prevented */
  appPrevented: boolean
}

export interface ContentsProbe {
  willNavigate: NavigationProbe
  willFrameNavigate: NavigationProbe
  willRedirect: NavigationProbe
  willAttachWebviewPrevented: boolean | null
  /** What the window-open handler answered, or null when none was installed */
  windowOpen: unknown
}

export interface BootRecord {
  scenario: string
  /** Calls made while the bundle was being loaded, i.e. before ready */
  atLoad: RecordedCall[]
  calls: RecordedCall[]
  /** app.on listeners by event name, after start */
  appListeners: Record<string, number>
  windowCount: number | null
  window: { options: unknown; loadedUrl: string | null; shown: boolean; preloadExists: boolean } | null
  contents: ContentsProbe | null
  /** The same probes on a web contents created after the window (devtools, a future second window) */
  laterContents: ContentsProbe | null
  session: Record<string, unknown> | null
  protocol: { app: { status: number; csp: string | null; body: string }; foreignHost: { status: number } } | null
  ipc: Record<string, unknown> | null
  /** What the window's web contents was sent over ser:event during the run */
  eventsSent: unknown[][]
  secondInstanceFocused: boolean | null
  activateOpenedWindow: boolean | null
  quitEmitted: boolean
  /** Whether SQLite's write-ahead log of SER_DB existed just before the window closed, and right after the quit */
  walBeforeQuit: boolean | null
  walAfterQuit: boolean | null
  activeAfterQuit: string[] | null
  exitCode: number | null
  error: string | null
}

const recordPath = process.env.SER_BOOT_RECORD
if (!recordPath) throw new Error('SER_BOOT_RECORD: not set (the file the driver writes its record to)')
const scenario = process.env.SER_BOOT_SCENARIO ?? 'run'

const rec: BootRecord = {
  scenario,
  atLoad: [],
  calls: standIn.calls,
  appListeners: {},
  windowCount: null,
  window: null,
  contents: null,
  laterContents: null,
  session: null,
  protocol: null,
  ipc: null,
  eventsSent: [],
  secondInstanceFocused: null,
  activateOpenedWindow: null,
  quitEmitted: false,
  walBeforeQuit: null,
  walAfterQuit: null,
  activeAfterQuit: null,
  exitCode: null,
  error: null
}

function save(): void {
  rec.quitEmitted = standIn.state.quitEmitted
  writeFileSync(recordPath!, JSON.stringify(rec, null, 1))
}
process.on('exit', (code) => {
  rec.exitCode = code
  save()
})

function navigation(contents: WebContents, event: string): NavigationProbe {
  const foreign = fakeEvent({ url: FOREIGN_URL })
  const inApp = fakeEvent({ url: `${APP_URL}#train` })
  contents.emit(event, foreign)
  contents.emit(event, inApp)
  return {
    listeners: contents.listenerCount(event),
    foreignPrevented: foreign.defaultPrevented,
    appPrevented: inApp.defaultPrevented
  }
}

function probeContents(contents: WebContents): ContentsProbe {
  const webview = fakeEvent()
  const hasWebviewListener = contents.listenerCount('will-attach-webview') > 0
  contents.emit('will-attach-webview', webview, {}, {})
  return {
    willNavigate: navigation(contents, 'will-navigate'),
    willFrameNavigate: navigation(contents, 'will-frame-navigate'),
    willRedirect: navigation(contents, 'will-redirect'),
    willAttachWebviewPrevented: hasWebviewListener ? webview.defaultPrevented : null,
    windowOpen: contents.windowOpenHandler
      ? contents.windowOpenHandler({ url: FOREIGN_URL, frameName: '', features: '' })
      : null
  }
}

/** Calls a handler that answers through a callback; null when no handler was installed */
function viaCallback(handler: Handler | null, ...args: unknown[]): unknown {
  if (!handler) return null
  let answer: unknown = '(no answer)'
  handler(...args, (a: unknown) => (answer = a))
  return standIn.jsonSafe(answer)
}

function probeSession(win: BrowserWindow): Record<string, unknown> {
  const s = standIn.session
  const permissions = ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fileSystem']
  const download = fakeEvent()
  const downloadListeners = s.listenerCount('will-download')
  s.emit('will-download', download, {}, win.webContents)
  return {
    permissionRequest: s.permissionRequestHandler
      ? permissions.map((p) => viaCallback(s.permissionRequestHandler, win.webContents, p))
      : null,
    permissionCheck: s.permissionCheckHandler
      ? permissions.map((p) => s.permissionCheckHandler!(win.webContents, p, 'ser-app://workbench', {}))
      : null,
    devicePermission: s.devicePermissionHandler
      ? s.devicePermissionHandler({ deviceType: 'hid', origin: 'ser-app://workbench' })
      : null,
    displayMedia: viaCallback(s.displayMediaRequestHandler, { frame: null, securityOrigin: 'ser-app://workbench' }),
    beforeRequest: s.beforeRequest.map(({ filter, listener }) => ({
      filter: standIn.jsonSafe(filter),
      answers: ['https://example.com/x', 'http://127.0.0.1:9/', 'file:///etc/passwd', 'ws://example.com/'].map((url) =>
        viaCallback(listener, { url, method: 'GET', resourceType: 'xhr' })
      )
    })),
    downloadListeners,
    downloadPrevented: download.defaultPrevented
  }
}

async function probeProtocol(): Promise<BootRecord['protocol']> {
  const handler = standIn.protocol.handlers.get('ser-app')
  if (!handler) return null
  const r = (await handler(new Request(APP_URL))) as Response
  const body = await r.text()
  const other = (await handler(new Request('ser-app://elsewhere/index.html'))) as Response
  await other.arrayBuffer()
  return {
    app: { status: r.status, csp: r.headers.get('content-security-policy'), body: body.slice(0, 200) },
    foreignHost: { status: other.status }
  }
}

async function probeIpc(): Promise<Record<string, unknown> | null> {
  const handler = standIn.ipcMain.handlers.get('ser:call')
  if (!handler) return null
  const top = (url: string) => ({ senderFrame: { url, parent: null } })
  const call = (event: unknown, method: unknown, args: unknown) => handler(event, method, args) as Promise<unknown>
  const corpora = await call(top(`${APP_URL}#corpus`), 'corpus.list', {})
  const utterances = (await call(top(APP_URL), 'corpus.utterances', { limit: 1 })) as {
    ok: boolean
    value?: { id: string }[]
  }
  const first = utterances.value?.[0]?.id
  const label = first
    ? await call(top(APP_URL), 'labels.set', { utteranceId: first, annotator: 'boot-test', category: 'ang' })
    : '(no utterance)'
  return {
    channels: [...standIn.ipcMain.handlers.keys()],
    corpora,
    label,
    labelledUtterance: first ?? null,
    foreignSender: await call(top(FOREIGN_URL), 'corpus.list', {}),
    lookAlikeHost: await call(top('ser-app://workbench.evil/index.html'), 'corpus.list', {}),
    subframe: await call({ senderFrame: { url: APP_URL, parent: { url: APP_URL, parent: null } } }, 'corpus.list', {}),
    goneFrame: await call({ senderFrame: null }, 'corpus.list', {}),
    invalidRequest: await call(top(APP_URL), 'corpus.sessions', { corpusId: 42 }),
    unknownField: await call(top(APP_URL), 'corpus.list', { path: '/etc' }),
    unknownMethod: await call(top(APP_URL), 'shell.openExternal', { url: FOREIGN_URL })
  }
}

/** Resolves when `ready()` holds, checking every 20 ms; rejects after `ms` (no timer is left behind either way) */
function until(ready: () => boolean, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const tick = () => {
      if (ready()) return resolve()
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`))
      setTimeout(tick, 20)
    }
    tick()
  })
}

async function run(): Promise<void> {
  standIn.state.singleInstanceLock = scenario !== 'second-launch'
  standIn.state.home = process.env.SER_BOOT_HOME ?? join(REPO, '.cache', 'boot-home')
  await import(pathToFileURL(BUNDLE).href)
  rec.atLoad = standIn.calls.slice()
  if (scenario === 'second-launch') return
  standIn.app.emitReady()
  if (scenario === 'ready-only') return

  // start() is async (it opens the index first); it ends in a window or, on failure, an error box and app.exit
  await until(() => standIn.windows().length > 0, 120_000, 'the window')
  const win = standIn.windows()[0]
  // start() registers 'activate' after the window; let it finish its synchronous tail
  await new Promise((r) => setImmediate(r))
  rec.windowCount = standIn.windows().length
  win.emit('ready-to-show')
  const preload = (win.options.webPreferences as { preload?: string } | undefined)?.preload
  rec.window = {
    options: standIn.jsonSafe(win.options),
    loadedUrl: win.loadedUrl,
    shown: win.shown,
    preloadExists: typeof preload === 'string' && existsSync(preload)
  }
  for (const name of [
    'web-contents-created',
    'window-all-closed',
    'second-instance',
    'activate',
    'will-quit',
    'before-quit'
  ]) {
    rec.appListeners[name] = standIn.app.listenerCount(name)
  }
  rec.contents = probeContents(win.webContents)
  const later = new StandInContents()
  standIn.app.emit('web-contents-created', fakeEvent(), later)
  rec.laterContents = probeContents(later)
  rec.session = probeSession(win)
  rec.protocol = await probeProtocol()
  rec.ipc = await probeIpc()
  // a second launch focuses this window; clicking the dock icon with a window open opens none
  standIn.app.emit('second-instance', fakeEvent(), [], REPO)
  rec.secondInstanceFocused = win.focused
  standIn.app.emit('activate', fakeEvent(), true)
  rec.activateOpenedWindow = standIn.windows().length > 1
  rec.eventsSent = win.webContents.sent.slice()
  save()

  // the user closes the window: Electron emits window-all-closed, and the app quits. The stand-in runs that chain
  // synchronously, so the index must be closed by the time close() returns: SQLite removes the write-ahead log when
  // the last connection closes (better-sqlite3 would also close it at process exit, which is too late to tell)
  const wal = process.env.SER_DB ? `${process.env.SER_DB}-wal` : null
  rec.walBeforeQuit = wal ? existsSync(wal) : null
  for (const w of standIn.windows()) w.close()
  rec.walAfterQuit = wal ? existsSync(wal) : null
}

run()
  .then(() => {
    save()
    // if the app has quit but something still holds the event loop, say what, without holding it ourselves
    setTimeout(() => {
      rec.activeAfterQuit = process.getActiveResourcesInfo()
      save()
    }, 5_000).unref()
  })
  .catch((e: unknown) => {
    rec.error = e instanceof Error ? (e.stack ?? e.message) : String(e)
    save()
    process.exit(3)
  })
