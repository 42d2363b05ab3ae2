import type { ApiEvents, ApiMethods, EventName, MethodName } from '../shared/api'

/** What the preload exposes as `window.ser` (src/preload/index.ts); the renderer's ipc-client.ts wraps it. */
export interface SerBridge {
  call<M extends MethodName>(method: M, args: ApiMethods[M]['req']): Promise<ApiMethods[M]['res']>
  on<E extends EventName>(name: E, listener: (...args: ApiEvents[E]) => void): () => void
}

declare global {
  interface Window {
    ser?: SerBridge
  }
}
