import type { ApiEvents, EventName, MethodName, Req, Res } from '@shared/api'
import type { MediaKind, MediaParams } from '@shared/api/media'

/** Which host carries the API: the Electron app (IPC) or the localhost web mode (HTTP + SSE). */
export type HostKind = 'electron' | 'web'

/** The push stream's state: IPC is always open; the web mode's EventSource can drop and reconnect. */
export type StreamStatus = 'connecting' | 'open' | 'lost'

/**
 * The renderer's one API, whichever way it is hosted: ipc-client.ts over the preload bridge in Electron,
 * web-client.ts over HTTP and a server-push stream in the localhost web mode. Only stores call it.
 */
export interface ApiClient {
  readonly host: HostKind
  /** Resolves with the result, or rejects with a SerError (code, message, file/field) */
  call<M extends MethodName>(method: M, req: Req<M>): Promise<Res<M>>
  /** Subscribes to one event stream; returns the unsubscribe */
  on<E extends EventName>(name: E, listener: (...args: ApiEvents[E]) => void): () => void
  /** URL of a binary resource (audio, spectrogram) that <audio>, fetch and wavesurfer can load */
  mediaUrl(kind: MediaKind, id: string, params?: MediaParams): string
  /** Follows the push stream's state (called at once with the current one); returns the unsubscribe */
  onStatus(listener: (status: StreamStatus) => void): () => void
}
