/**
 * The IPC transport: `ser:call` → dispatch (the same schema check and error mapping as the web mode and the CLI),
 * answered with a CallResult envelope, and every service event sent to the app's windows as `ser:event`. Typed
 * against the small slice of Electron it uses, so tests drive it with plain objects and no Electron.
 */
import type { CallResult } from '../../shared/api/transport'
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/api/transport'
import { SerError, toErrorInfo } from '../../shared/errors'
import type { EventBus } from '../services/runtime/event-bus'
import type { Dispatcher } from '../transports/dispatch'
import { isAppUrl } from './window-config'

/** The parts of Electron's WebFrameMain the sender check reads */
export interface FrameLike {
  readonly url: string
  readonly parent: FrameLike | null
}

export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
}

export interface EventTargetLike {
  send(channel: string, ...args: unknown[]): void
  isDestroyed(): boolean
}

/**
 * Electron checklist item 17: only the app's own top-level page may call. An iframe (refused by the CSP anyway), a
 * page navigated elsewhere (refused by will-navigate anyway), or a frame already gone is answered with an error.
 */
export function isTrustedSender(frame: FrameLike | null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url)
}

/** One call, as the handler answers it: never throws, so the renderer always gets the code and field. */
export async function answerCall(
  dispatcher: Dispatcher,
  event: InvokeEventLike,
  method: unknown,
  args: unknown
): Promise<CallResult> {
  try {
    if (!isTrustedSender(event.senderFrame)) {
      throw new SerError('FIELD_INVALID', `sender: '${event.senderFrame?.url ?? '(gone)'}' is not the app's page`, {
        field: 'sender'
      })
    }
    if (typeof method !== 'string')
      throw new SerError('FIELD_INVALID', 'method: missing or not a string', { field: 'method' })
    return { ok: true, value: await dispatcher.call(method, args) }
  } catch (e) {
    return { ok: false, error: toErrorInfo(e) }
  }
}

/** Installs the handler and the event forwarding; returns the teardown. */
export function registerIpc(deps: {
  ipcMain: IpcMainLike
  dispatcher: Dispatcher
  events: EventBus
  /** The web contents to send events to (all app windows) */
  targets: () => EventTargetLike[]
}): () => void {
  const { ipcMain, dispatcher, events, targets } = deps
  ipcMain.handle(IPC_CALL_CHANNEL, (event, method, args) => answerCall(dispatcher, event, method, args))
  const off = events.onAny((name, args) => {
    for (const t of targets()) if (!t.isDestroyed()) t.send(IPC_EVENT_CHANNEL, name, args)
  })
  return () => {
    off()
    ipcMain.removeHandler(IPC_CALL_CHANNEL)
  }
}
