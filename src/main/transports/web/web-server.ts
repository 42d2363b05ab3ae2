/**
 * The localhost web mode: the built renderer and the same API as the Electron app, on 127.0.0.1 only, for machines
 * without Electron's runtime and for browser tests. Every request passes web-guard.ts (Host, Origin, token) first;
 * then `api/call` goes to dispatch, `events` streams service events, and everything else is app-content.ts (the
 * renderer's files and media), exactly what Electron's `ser-app://` protocol serves.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WEB_API_PATH, WEB_EVENTS_PATH } from '../../../shared/api/transport'
import type { Services } from '../../services/create-services'
import { rendererDir as defaultRendererDir } from '../../services/runtime/app-paths'
import { createAppContent } from '../app-content'
import { SECURITY_HEADERS } from '../csp'
import type { Dispatcher } from '../dispatch'
import { createDispatcher } from '../dispatch'
import { createMediaSource } from '../media'
import { handleApiCall } from './api-handler'
import { createEventStreams } from './event-stream'
import type { Refusal, WebGuard } from './web-guard'
import { LOOPBACK_HOST, createWebGuard, newToken } from './web-guard'

export interface WebServerOptions {
  services: Services
  /** Default: dispatch over `services`; `ser serve` passes its index switch's (corpus.open) */
  dispatcher?: Dispatcher
  /** 0 (default): a free port the system picks */
  port?: number
  /** The built renderer; default out/renderer */
  rendererDir?: string
  /** Default: a fresh random token (tests pass their own to make refusals predictable) */
  token?: string
}

export interface WebServer {
  /** What to open: the origin with `?token=…` */
  readonly url: string
  readonly origin: string
  readonly port: number
  readonly token: string
  readonly guard: WebGuard
  close(): Promise<void>
}

function refuse(res: ServerResponse, r: Refusal): void {
  const text =
    r.status === 401
      ? `${r.reason}. Open the URL that \`ser serve\` printed: it carries this launch's token.\n`
      : `${r.reason}.\n`
  res.writeHead(r.status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store'
  })
  res.end(text)
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { services } = options
  const dispatcher = options.dispatcher ?? createDispatcher(services)
  const content = createAppContent({
    rendererDir: options.rendererDir ?? defaultRendererDir(),
    media: createMediaSource(services)
  })
  const streams = createEventStreams(services.events)
  const token = options.token ?? newToken()
  let guard: WebGuard | null = null

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!guard) return refuse(res, { status: 403, reason: 'server: not ready' })
    const source = guard.checkSource(req.headers)
    if (source) return refuse(res, source)
    const raw = req.url ?? '/'
    const q = raw.indexOf('?')
    const rawPath = q < 0 ? raw : raw.slice(0, q)
    const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1))
    if (!rawPath.startsWith('/'))
      return refuse(res, { status: 403, reason: 'path: absolute-form requests are refused' })

    // first load: swap the token in the URL for the cookie, and drop it from the address bar and history
    if (query.has('token')) {
      if (!guard.isToken(query.get('token'))) return refuse(res, { status: 401, reason: 'token: wrong token' })
      query.delete('token')
      const rest = query.toString()
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        'Set-Cookie': guard.cookie(),
        Location: rawPath + (rest ? '?' + rest : ''),
        'Cache-Control': 'no-store'
      })
      res.end()
      return
    }
    if (!guard.hasToken(req.headers)) return refuse(res, { status: 401, reason: 'token: missing or wrong' })

    if (rawPath === `/${WEB_API_PATH}`) {
      if (req.method !== 'POST') return refuse(res, { status: 403, reason: `${WEB_API_PATH}: POST only` })
      return handleApiCall(req, res, dispatcher)
    }
    if (rawPath === `/${WEB_EVENTS_PATH}` && req.method === 'GET') return streams.open(req, res)
    const r = await content.serve({
      method: req.method ?? 'GET',
      rawPath,
      query: Object.fromEntries(query),
      range: req.headers.range ?? null
    })
    res.writeHead(r.status, r.headers)
    res.end(r.body ?? undefined)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('web mode: request failed:', e)
      if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS)
      res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    // loopback only: never 0.0.0.0 or ::, which would expose the corpus and the API to the network
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  guard = createWebGuard(port, token)
  const origin = `http://${LOOPBACK_HOST}:${port}`
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    guard,
    close() {
      streams.closeAll()
      return new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }
}
