import type { ApiEvents, EventName, MethodName, Req, Res } from '@shared/api'
import type { MediaKind, MediaParams } from '@shared/api/media'

/**
 * The renderer's one API, whichever way it is hosted: ipc-client.ts over the preload bridge in Electron,
 * web-client.ts over HTTP and a server-push stream in the localhost web mode. Only stores call it.
 */
export interface ApiClient {
  /** Resolves with the result, or rejects with a SerError (code, message, file/field) */
  call<M extends MethodName>(method: M, req: Req<M>): Promise<Res<M>>
  /** Subscribes to one event stream; returns the unsubscribe */
  on<E extends EventName>(name: E, listener: (...args: ApiEvents[E]) => void): () => void
  /** URL of a binary resource (audio, spectrogram) that <audio>, fetch and wavesurfer can load */
  mediaUrl(kind: MediaKind, id: string, params?: MediaParams): string
}
