import type { SerErrorInfo } from '../errors'
import type { EventName } from './index'

/**
 * What travels between the renderer and main, whichever host carries it. Both transports (Electron IPC, the
 * localhost web mode) answer a call with the same envelope, because neither IPC nor HTTP keeps an Error's `code`
 * and `field`: Electron's invoke rejects with a bare message, and fetch only sees a status.
 */
export type CallResult<T = unknown> = { ok: true; value: T } | { ok: false; error: SerErrorInfo }

/** One pushed event: the name and the listener arguments of ApiEvents[name]. */
export interface EventMessage {
  name: EventName
  args: unknown[]
}

/** Electron IPC channels; the preload and shell/ipc.ts use nothing else. */
export const IPC_CALL_CHANNEL = 'ser:call'
export const IPC_EVENT_CHANNEL = 'ser:event'

/** Web mode routes, relative to the page (the renderer is served from `/`). */
export const WEB_API_PATH = 'api/call'
export const WEB_EVENTS_PATH = 'events'
