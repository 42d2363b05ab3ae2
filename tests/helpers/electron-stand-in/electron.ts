/**
 * A recording stand-in for the `electron` module, so tests/main/shell/boot.test.ts can run the BUILT main process
 * (out/main/index.js) under plain Node, where Electron's runtime is absent.
 *
 * It checks WIRING, NOT ELECTRON'S BEHAVIOUR. It records which Electron APIs the shell calls, with what, and whether
 * `ready` had been emitted at the time; it keeps the handlers the shell installs so the test can call them as
 * Electron would; and it emits the lifecycle events the test asks for. Nothing here loads a page, runs a renderer or
 * a preload, enforces a permission, a sandbox or a CSP, or checks that Electron accepts the options: a real run
 * (`npm run test:electron`, docs/app-shell.md) is the evidence for that.
 *
 * Only what src/main/shell uses is provided. A new import fails the bundle's linking (no such export) and a new
 * method throws, so a change in the shell's use of Electron is added here on purpose, not absorbed silently.
 * `hooks.ts` makes `import 'electron'` resolve to this file; `boot-driver.ts` drives it in the child process.
 */
import { EventEmitter } from 'node:events'
import { join } from 'node:path'

/** One call into the stand-in, in order */
export interface RecordedCall {
  api: string
  /** Whether `ready` had been emitted when the call was made */
  ready: boolean
  /** The call's arguments as JSON-safe data (functions become '[function]') */
  args: unknown[]
}

export interface FakeEvent {
  defaultPrevented: boolean
  preventDefault(): void
  [key: string]: unknown
}

export function fakeEvent(extra: Record<string, unknown> = {}): FakeEvent {
  return {
    ...extra,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true
    }
  }
}

type AnyFn = (...args: any[]) => any // eslint-disable-line @typescript-eslint/no-explicit-any

const calls: RecordedCall[] = []
let isReadyNow = false

function jsonSafe(value: unknown, depth = 0): unknown {
  if (typeof value === 'function') return '[function]'
  if (value === null || typeof value !== 'object') return value
  if (depth > 6) return '[deep]'
  if (Array.isArray(value)) return value.map((v) => jsonSafe(v, depth + 1))
  if (value instanceof WebContents) return `[webContents ${value.id}]`
  if (value instanceof BrowserWindow) return `[window ${value.id}]`
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v, depth + 1)]))
}

function record(api: string, ...args: unknown[]): void {
  calls.push({ api, ready: isReadyNow, args: args.map((a) => jsonSafe(a)) })
}

let nextContentsId = 1

export class WebContents extends EventEmitter {
  readonly id = nextContentsId++
  windowOpenHandler: AnyFn | null = null
  readonly sent: unknown[][] = []
  private destroyed = false

  setWindowOpenHandler(handler: AnyFn): void {
    record('webContents.setWindowOpenHandler', handler)
    this.windowOpenHandler = handler
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('stand-in: send on a destroyed webContents')
    this.sent.push([channel, ...args.map((a) => jsonSafe(a))])
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  destroy(): void {
    this.destroyed = true
    this.emit('destroyed')
  }
}

let nextWindowId = 1
const windows: BrowserWindow[] = []

export class BrowserWindow extends EventEmitter {
  static getAllWindows(): BrowserWindow[] {
    return [...windows]
  }

  readonly id = nextWindowId++
  readonly options: Record<string, unknown>
  readonly webContents = new WebContents()
  loadedUrl: string | null = null
  shown = false
  focused = false
  private destroyed = false

  constructor(options: Record<string, unknown>) {
    super()
    record('new BrowserWindow', options)
    this.options = options
    windows.push(this)
    // Electron emits this for every web contents it creates, the window's included, before the constructor returns
    app.emit('web-contents-created', fakeEvent(), this.webContents)
  }

  loadURL(url: string): Promise<void> {
    record('window.loadURL', url)
    this.loadedUrl = url
    return Promise.resolve()
  }

  show(): void {
    record('window.show')
    this.shown = true
  }

  focus(): void {
    record('window.focus')
    this.focused = true
  }

  isMinimized(): boolean {
    return false
  }

  restore(): void {
    record('window.restore')
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  /** As Electron: 'close' (preventable), then 'closed', then the app's 'window-all-closed' (or a quit, unheard) */
  close(): void {
    record('window.close')
    if (this.destroyed) return
    const e = fakeEvent()
    this.emit('close', e)
    if (e.defaultPrevented) return
    this.destroyed = true
    this.webContents.destroy()
    windows.splice(windows.indexOf(this), 1)
    this.emit('closed')
    if (windows.length === 0 && !state.quitting) {
      if (app.listenerCount('window-all-closed') > 0) app.emit('window-all-closed', fakeEvent())
      else app.quit()
    }
  }
}

/** What the test sets before the bundle loads, and what it reads afterwards */
export const state = {
  /** requestSingleInstanceLock's answer: false plays a second launch */
  singleInstanceLock: true,
  /** Where getPath points */
  home: '',
  quitting: false,
  quitEmitted: false,
  exitCode: null as number | null
}

class App extends EventEmitter {
  private resolveReady!: () => void
  private readonly readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve))

  whenReady(): Promise<void> {
    record('app.whenReady')
    return this.readyPromise
  }

  isReady(): boolean {
    return isReadyNow
  }

  enableSandbox(): void {
    record('app.enableSandbox')
  }

  requestSingleInstanceLock(): boolean {
    record('app.requestSingleInstanceLock')
    return state.singleInstanceLock
  }

  getPath(name: string): string {
    record('app.getPath', name)
    return join(state.home, name)
  }

  /** As Electron: before-quit (preventable), the windows closed, will-quit (preventable), quit */
  quit(): void {
    record('app.quit')
    if (state.quitting) return
    state.quitting = true
    const before = fakeEvent()
    this.emit('before-quit', before)
    if (before.defaultPrevented) return void (state.quitting = false)
    for (const w of BrowserWindow.getAllWindows()) w.close()
    const will = fakeEvent()
    this.emit('will-quit', will)
    if (will.defaultPrevented) return void (state.quitting = false)
    this.emit('quit', fakeEvent(), 0)
    state.quitEmitted = true
  }

  /** Electron ends the process at once, without quit events */
  exit(code = 0): void {
    record('app.exit', code)
    state.exitCode = code
    process.exit(code)
  }

  /** The test's side: what Electron does when it has initialised */
  emitReady(): void {
    isReadyNow = true
    this.emit('ready', fakeEvent(), {})
    this.resolveReady()
  }
}

export const app = new App()

export const protocol = {
  handlers: new Map<string, AnyFn>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    record('protocol.registerSchemesAsPrivileged', schemes)
  },
  handle(scheme: string, handler: AnyFn): void {
    record('protocol.handle', scheme, handler)
    this.handlers.set(scheme, handler)
  }
}

class Session extends EventEmitter {
  permissionRequestHandler: AnyFn | null = null
  permissionCheckHandler: AnyFn | null = null
  devicePermissionHandler: AnyFn | null = null
  displayMediaRequestHandler: AnyFn | null = null
  readonly beforeRequest: { filter: unknown; listener: AnyFn }[] = []
  readonly webRequest = {
    onBeforeRequest: (filter: unknown, listener: AnyFn): void => {
      record('session.webRequest.onBeforeRequest', filter, listener)
      this.beforeRequest.push({ filter, listener })
    }
  }

  setPermissionRequestHandler(handler: AnyFn): void {
    record('session.setPermissionRequestHandler', handler)
    this.permissionRequestHandler = handler
  }

  setPermissionCheckHandler(handler: AnyFn): void {
    record('session.setPermissionCheckHandler', handler)
    this.permissionCheckHandler = handler
  }

  setDevicePermissionHandler(handler: AnyFn): void {
    record('session.setDevicePermissionHandler', handler)
    this.devicePermissionHandler = handler
  }

  setDisplayMediaRequestHandler(handler: AnyFn): void {
    record('session.setDisplayMediaRequestHandler', handler)
    this.displayMediaRequestHandler = handler
  }

  override on(event: string | symbol, listener: AnyFn): this {
    record('session.on', String(event), listener)
    return super.on(event, listener)
  }
}

const defaultSession = new Session()

export const session = {
  get defaultSession(): Session {
    record('session.defaultSession')
    return defaultSession
  }
}

export const ipcMain = {
  handlers: new Map<string, AnyFn>(),
  handle(channel: string, listener: AnyFn): void {
    record('ipcMain.handle', channel, listener)
    // Electron throws on a second handler for a channel; recorded here so the test can say which one
    this.handlers.set(channel, listener)
  },
  removeHandler(channel: string): void {
    record('ipcMain.removeHandler', channel)
    this.handlers.delete(channel)
  }
}

export const dialog = {
  showErrorBox(title: string, content: string): void {
    record('dialog.showErrorBox', title, content)
  }
}

export const Menu = {
  setApplicationMenu(menu: unknown): void {
    record('Menu.setApplicationMenu', menu)
  },
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    record('Menu.buildFromTemplate', template)
    return { template }
  }
}

/** The test's handle on everything above (not part of Electron's API) */
export const standIn = {
  calls,
  state,
  app,
  protocol,
  ipcMain,
  session: defaultSession,
  windows: (): BrowserWindow[] => BrowserWindow.getAllWindows(),
  jsonSafe
}

// the driver and the bundle must share this one instance; a second copy would record into a different log
const loaded = Symbol.for('ser.electron-stand-in.loaded')
const g = globalThis as Record<symbol, unknown>
if (g[loaded]) throw new Error('the electron stand-in was loaded twice (two URLs for one module)')
g[loaded] = true
