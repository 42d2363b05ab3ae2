import { SerError } from '@shared/errors'
import { mediaPath } from '@shared/api/media'
import type { ApiClient } from './client'

/**
 * The Electron host: `window.ser` from the preload. Media URLs are the same relative `media/…` paths as in the web
 * mode; the window's `ser-app://` scheme serves them. The bridge's type is src/preload/index.d.ts (Window.ser).
 */
export function createIpcClient(bridge: NonNullable<Window['ser']>): ApiClient {
  return {
    host: 'electron',
    async call(method, req) {
      const r = await bridge.call(method, req)
      if (r.ok) return r.value
      throw SerError.fromInfo(r.error)
    },
    on: (name, listener) => bridge.on(name, listener),
    mediaUrl: (kind, id, params) => mediaPath(kind, id, params),
    onStatus(listener) {
      listener('open')
      return () => {}
    }
  }
}
