import type { ApiEvents, EventName, MethodName, Req, Res } from '../shared/api'
import type { CallResult } from '../shared/api/transport'

/**
 * What the preload exposes as `window.ser` (src/main/shell/preload.ts); the renderer's ipc-client.ts wraps it. `call`
 * resolves with the envelope rather than rejecting, because an Error crossing contextBridge keeps only its message.
 */
export interface SerBridge {
  call<M extends MethodName>(method: M, args: Req<M>): Promise<CallResult<Res<M>>>
  on<E extends EventName>(name: E, listener: (...args: ApiEvents[E]) => void): () => void
}

declare global {
  interface Window {
    ser?: SerBridge
  }
}
