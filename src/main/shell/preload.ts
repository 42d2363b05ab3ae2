/**
 * The renderer's only door to the app: `window.ser` with `call` (one request, validated again in main) and `on` (one
 * event stream, returning its unsubscribe). Names are checked against the contract (shared/api), so a page that
 * was tricked into calling something else never reaches IPC; nothing else of Electron or Node is exposed, and the
 * IpcRendererEvent (which carries `sender`) never crosses the bridge. Sandboxed preloads are CommonJS
 * (electron.vite.config.ts); the contract is bundled in.
 */
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'
import { isEventName, isMethodName } from '../../shared/api'
import type { CallResult } from '../../shared/api/transport'
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/api/transport'

type Listener = (...args: unknown[]) => void

// one IPC listener for all subscriptions, so unsubscribing is a Set delete and no listener leaks per `on`
const listeners = new Map<string, Set<Listener>>()
ipcRenderer.on(IPC_EVENT_CHANNEL, (_e: IpcRendererEvent, name: unknown, args: unknown) => {
  if (typeof name !== 'string' || !Array.isArray(args)) return
  for (const l of listeners.get(name) ?? []) l(...args)
})

const api = {
  call(method: string, args: unknown): Promise<CallResult> {
    if (typeof method !== 'string' || !isMethodName(method)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'NOT_FOUND', message: `method: unknown method '${String(method)}'`, field: 'method' }
      })
    }
    return ipcRenderer.invoke(IPC_CALL_CHANNEL, method, args) as Promise<CallResult>
  },
  on(name: string, listener: Listener): () => void {
    if (typeof name !== 'string' || !isEventName(name)) throw new Error(`name: unknown event '${String(name)}'`)
    if (typeof listener !== 'function') throw new Error('listener: not a function')
    let set = listeners.get(name)
    if (!set) listeners.set(name, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
    }
  }
}

contextBridge.exposeInMainWorld('ser', api)
