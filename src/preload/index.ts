/**
 * The renderer's only door to the app: `window.ser` with `call` (one request, validated in main) and `on` (one
 * event stream, returning its unsubscribe). Nothing else of Electron or Node is exposed.
 */
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'

const api = {
  call(method: string, args: unknown): Promise<unknown> {
    return ipcRenderer.invoke('ser:call', method, args)
  },
  on(name: string, listener: (...args: unknown[]) => void): () => void {
    const handler = (_e: IpcRendererEvent, event: string, args: unknown[]) => {
      if (event === name) listener(...args)
    }
    ipcRenderer.on('ser:event', handler)
    return () => ipcRenderer.removeListener('ser:event', handler)
  }
}

contextBridge.exposeInMainWorld('ser', api)
