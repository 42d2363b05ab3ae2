/**
 * The Electron app: the only code that imports 'electron'. One sandboxed, context-isolated window over the built
 * renderer; every request from it goes through dispatch.ts, exactly as the web mode's do.
 */
import { app, BrowserWindow, ipcMain } from 'electron'
import { join } from 'node:path'
import { toErrorInfo } from '../../shared/errors'
import { createServices } from '../services/create-services'
import { createDispatcher } from '../transports/dispatch'

function dbPath(): string {
  return process.env.SER_DB ?? join(app.getPath('userData'), 'ser-workbench.db')
}

app.whenReady().then(() => {
  const services = createServices({ dbPath: dbPath() })
  const dispatcher = createDispatcher(services)
  ipcMain.handle('ser:call', async (_e, method: string, args: unknown) => {
    try {
      return { ok: true, value: await dispatcher.call(method, args) }
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) }
    }
  })
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true
    }
  })
  services.events.onAny((name, args) => win.webContents.send('ser:event', name, args))
  void win.loadFile(join(__dirname, '../renderer/index.html'))
  app.on('window-all-closed', () => {
    services.close()
    app.quit()
  })
})
