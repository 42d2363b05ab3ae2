/**
 * The built preload (out/preload/index.cjs), run as Electron runs a sandboxed preload: CommonJS, with a `require`
 * that only knows 'electron' (here a fake). It must expose exactly one object, `ser`, with `call` and `on`; refuse
 * names the contract does not have before anything reaches IPC; and never hand the IPC event to the page.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { beforeAll, describe, expect, it } from 'vitest'
import { REPO } from '../../helpers/run-ser'

const BUNDLE = join(REPO, 'out', 'preload', 'index.cjs')

interface Exposed {
  call(method: string, args: unknown): Promise<unknown>
  on(name: string, listener: (...args: unknown[]) => void): () => void
}

function loadPreload() {
  const exposed: Record<string, unknown> = {}
  const invoked: unknown[][] = []
  const ipcListeners = new Map<string, (...a: unknown[]) => void>()
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
    ipcRenderer: {
      invoke: async (...a: unknown[]) => (invoked.push(a), { ok: true, value: 'from-main' }),
      on: (channel: string, l: (...a: unknown[]) => void) => void ipcListeners.set(channel, l),
      removeListener: () => undefined
    }
  }
  const required: string[] = []
  const sandboxRequire = (name: string) => {
    required.push(name)
    if (name === 'electron') return electron
    throw new Error(`a sandboxed preload cannot require '${name}'`)
  }
  const module = { exports: {} }
  runInNewContext(readFileSync(BUNDLE, 'utf8'), { require: sandboxRequire, module, exports: module.exports, console })
  return { exposed, invoked, ipcListeners, required }
}

let p: ReturnType<typeof loadPreload>
beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error('the preload is not built: run `npx electron-vite build`')
  p = loadPreload()
})

describe('the sandboxed preload bundle', () => {
  it('requires nothing but electron', () => {
    expect([...new Set(p.required)]).toEqual(['electron'])
  })

  it('exposes one object, window.ser, with call and on only', () => {
    expect(Object.keys(p.exposed)).toEqual(['ser'])
    expect(Object.keys(p.exposed.ser as object).sort()).toEqual(['call', 'on'])
  })

  it('forwards a contract method over ser:call, and refuses an unknown one without touching IPC', async () => {
    const ser = p.exposed.ser as Exposed
    expect(await ser.call('corpus.list', {})).toEqual({ ok: true, value: 'from-main' })
    expect(p.invoked).toEqual([['ser:call', 'corpus.list', {}]])
    expect(await ser.call('shell.openExternal', { url: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'method' }
    })
    expect(p.invoked).toHaveLength(1)
  })

  it('subscribes to contract events only, passes only their arguments, and unsubscribes', () => {
    const ser = p.exposed.ser as Exposed
    expect(() => ser.on('ipc.anything', () => undefined)).toThrow(/unknown event/)
    const got: unknown[][] = []
    const off = ser.on('corpus.changed', (...args) => got.push(args))
    const deliver = p.ipcListeners.get('ser:event')!
    const fakeEvent = { sender: { send: () => 'must not leak' } }
    deliver(fakeEvent, 'corpus.changed', ['demo'])
    deliver(fakeEvent, 'labels.changed', [[]])
    expect(got).toEqual([['demo']])
    off()
    deliver(fakeEvent, 'corpus.changed', ['again'])
    expect(got).toHaveLength(1)
  })
})
