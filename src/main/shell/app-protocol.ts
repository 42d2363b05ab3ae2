/**
 * `ser-app://workbench/…`: the renderer's files and `media/<kind>/<id>` for the desktop app, through the same
 * app-content.ts the web mode serves (same CSP header, same path checks, same Range handling). Chromium has already
 * normalised the URL of a standard scheme, and app-content refuses whatever is left that is not a plain path.
 */
import type { Protocol } from 'electron'
import type { AppContent } from '../transports/app-content'
import { APP_HOST, APP_SCHEME } from './window-config'

export function registerAppProtocol(protocol: Protocol, content: AppContent): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 })
    const r = await content.serve({
      method: request.method,
      rawPath: url.pathname,
      query: Object.fromEntries(url.searchParams),
      range: request.headers.get('range')
    })
    return new Response(r.body, { status: r.status, headers: r.headers })
  })
}
