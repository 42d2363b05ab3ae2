/**
 * shell/ipc.ts without Electron: the handler it registers on an ipcMain-like object validates exactly like the web
 * route (same dispatcher), answers only the app's own top-level frame, and forwards every service event to live
 * windows only.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallResult } from '../../../src/shared/api/transport'
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../src/shared/api/transport'
import type { Services } from '../../../src/main/services/create-services'
import { createServices } from '../../../src/main/services/create-services'
import type { FrameLike, InvokeEventLike, IpcMainLike } from '../../../src/main/shell/ipc'
import { registerIpc } from '../../../src/main/shell/ipc'
import { createDispatcher } from '../../../src/main/transports/dispatch'
import { tempDir } from '../../helpers/temp-dir'

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>

function fakeIpcMain() {
  const handlers = new Map<string, Handler>()
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel)
  }
  return { ipcMain, handlers }
}

function fakeTarget(destroyed = false) {
  const sent: unknown[][] = []
  return { sent, send: (...a: unknown[]) => void sent.push(a), isDestroyed: () => destroyed }
}

const top = (url: string): FrameLike => ({ url, parent: null })

let services: Services
let tmp: { dir: string; cleanup: () => void }
beforeAll(() => {
  tmp = tempDir('ser-ipc-')
  services = createServices({ dbPath: join(tmp.dir, 'index.db') })
})
afterAll(() => {
  services?.close()
  tmp?.cleanup()
})

describe('IPC handler', () => {
  it('registers ser:call, answers the app’s page, and tears down', async () => {
    const { ipcMain, handlers } = fakeIpcMain()
    const off = registerIpc({
      ipcMain,
      dispatcher: createDispatcher(services),
      events: services.events,
      targets: () => []
    })
    const handler = handlers.get(IPC_CALL_CHANNEL)!
    expect(await handler({ senderFrame: top('ser-app://workbench/index.html') }, 'corpus.list', {})).toEqual({
      ok: true,
      value: []
    })
    off()
    expect(handlers.has(IPC_CALL_CHANNEL)).toBe(false)
  })

  it('validates like the web route: a bad field comes back as FIELD_INVALID naming it', async () => {
    const { ipcMain, handlers } = fakeIpcMain()
    const off = registerIpc({
      ipcMain,
      dispatcher: createDispatcher(services),
      events: services.events,
      targets: () => []
    })
    const r = (await handlers.get(IPC_CALL_CHANNEL)!(
      { senderFrame: top('ser-app://workbench/index.html') },
      'labels.set',
      {
        utteranceId: 'x',
        annotator: 'ana',
        valence: 9
      }
    )) as CallResult
    expect(r).toMatchObject({ ok: false, error: { code: 'FIELD_INVALID', field: 'valence' } })
    off()
  })

  it.each([
    ['no frame (navigated away or destroyed)', null],
    ['a subframe of the app', { url: 'ser-app://workbench/index.html', parent: top('ser-app://workbench/index.html') }],
    ['a remote page', top('https://evil.example/')],
    ['a look-alike host', top('ser-app://workbench.evil/index.html')],
    ['a file:// page', top('file:///tmp/index.html')]
  ])('refuses a call from %s, without running it', async (_what, frame) => {
    const { ipcMain, handlers } = fakeIpcMain()
    let ran = false
    const dispatcher = { call: async () => ((ran = true), 'ran') }
    const off = registerIpc({ ipcMain, dispatcher, events: services.events, targets: () => [] })
    const r = (await handlers.get(IPC_CALL_CHANNEL)!({ senderFrame: frame }, 'corpus.list', {})) as CallResult
    expect(r).toMatchObject({ ok: false, error: { field: 'sender' } })
    expect(ran).toBe(false)
    off()
  })

  it('forwards every service event to live windows as ser:event (name, args), and stops on teardown', () => {
    const { ipcMain } = fakeIpcMain()
    const live = fakeTarget()
    const gone = fakeTarget(true)
    const off = registerIpc({
      ipcMain,
      dispatcher: createDispatcher(services),
      events: services.events,
      targets: () => [live, gone]
    })
    services.events.emit('corpus.importProgress', { jobId: 'import-1', done: 1, total: 2 })
    services.events.emit('corpus.changed', 'demo')
    expect(live.sent).toEqual([
      [IPC_EVENT_CHANNEL, 'corpus.importProgress', [{ jobId: 'import-1', done: 1, total: 2 }]],
      [IPC_EVENT_CHANNEL, 'corpus.changed', ['demo']]
    ])
    expect(gone.sent).toEqual([])
    off()
    services.events.emit('corpus.changed', 'demo')
    expect(live.sent).toHaveLength(2)
  })
})
