/**
 * The Electron app: the only code that imports 'electron'. One sandboxed, context-isolated window over the built
 * renderer, served from the app's own `ser-app://` scheme; every request from it goes through dispatch.ts, exactly
 * as the web mode's do. `npm start` (scripts/start.mjs) launches it with SER_SQLITE_BINDING pointing at a
 * better-sqlite3 build for Electron's ABI, and `--demo` to make sure the demo corpus is in the index.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron'
import { join } from 'node:path'
import { isSerError, toErrorInfo } from '../../shared/errors'
import type { Services } from '../services/create-services'
import { openServices as openIndex } from '../services/open-services'
import { ensureDemoCorpus } from '../services/demo/demo-corpus'
import { rendererDir } from '../services/runtime/app-paths'
import { createAppContent } from '../transports/app-content'
import { createIndexSwitch } from '../transports/index-switch'
import { createMediaSource } from '../transports/media'
import { registerAppProtocol } from './app-protocol'
import { hardenContents, hardenSession } from './hardening'
import { registerIpc } from './ipc'
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, windowOptions } from './window-config'

// both must happen before `ready`: a privileged scheme cannot be registered later, and the sandbox is process-wide
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
app.enableSandbox()

/** A SQLite file, or a postgresql:// team store whose working copy lives in the app's data folder (docs/team.md) */
function dbPath(): string {
  return process.env.SER_DB ?? join(app.getPath('userData'), 'ser-workbench.db')
}

async function openServices(): Promise<Services> {
  try {
    return await openIndex(dbPath(), {
      nativeBinding: process.env.SER_SQLITE_BINDING || undefined,
      replicaDir: join(app.getPath('userData'), 'replicas'),
      field: 'SER_DB'
    })
  } catch (e) {
    if (isSerError(e) && e.field === 'SER_DB') throw e
    // the usual cause: better-sqlite3 built for Node's ABI, i.e. Electron started without `npm start`
    throw new Error(
      `${toErrorInfo(e).message}\n\nStart the app with \`npm start\`, which provides better-sqlite3 built for Electron.`,
      {
        cause: e
      }
    )
  }
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(windowOptions(join(__dirname, '../preload/index.cjs')))
  win.once('ready-to-show', () => win.show())
  void win.loadURL(APP_ENTRY_URL)
  return win
}

async function start(): Promise<void> {
  const opened = await openServices()
  if (process.argv.includes('--demo')) {
    await ensureDemoCorpus(opened)
    await opened.team?.push()
  }
  // "open corpus" may swap in another index, a file or a postgresql:// URL (corpus.open, docs/team.md)
  const index = createIndexSwitch(opened, {
    nativeBinding: process.env.SER_SQLITE_BINDING || undefined,
    replicaDir: join(app.getPath('userData'), 'replicas')
  })
  const services = index.services
  app.on('will-quit', () => void index.close())
  hardenSession(session.defaultSession)
  registerAppProtocol(protocol, createAppContent({ rendererDir: rendererDir(), media: createMediaSource(services) }))
  registerIpc({
    ipcMain,
    dispatcher: index.dispatcher,
    events: services.events,
    targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents)
  })
  createWindow()
  // macOS keeps the app running without windows; clicking the dock icon opens one again
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
}

// a second launch would open a second writer on the same index; focus the first window instead
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0]
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })
  app.on('web-contents-created', (_event, contents) => hardenContents(contents))
  app.on('window-all-closed', () => app.quit())
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      dialog.showErrorBox('SER Workbench could not start', e instanceof Error ? e.message : String(e))
      app.exit(1)
    })
}
