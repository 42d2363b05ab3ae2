/**
 * `ser team serve`: the renderer and the API for a team, over the Store (PostgreSQL in practice). Plain HTTP only on
 * a loopback address; anywhere else TLS is required, and starting without it is refused. Accounts replace the web
 * mode's launch token: a sign-in session in an HttpOnly, SameSite=Strict cookie (Secure and `__Host-` under TLS),
 * and a CSRF token, returned at sign-in, that every call must carry in `X-CSRF-Token`. The process keeps no state of
 * its own (sessions, rate limits, tasks are in the database; events come through LISTEN/NOTIFY), so several can run
 * behind one load balancer.
 */
import { createServer as createHttpServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { timingSafeEqual } from 'node:crypto'
import { WEB_API_PATH, WEB_EVENTS_PATH } from '../../../shared/api/transport'
import type { CallResult, EventMessage } from '../../../shared/api/transport'
import type { LabelEdit } from '../../../shared/domain/labels'
import type { Account } from '../../../shared/domain/team'
import { SerError } from '../../../shared/errors'
import { readWavForBrowser } from '../../services/audio/browser-wav'
import { resolveInCorpus } from '../../services/corpus/corpus-paths'
import { rendererDir as defaultRendererDir } from '../../services/runtime/app-paths'
import type { Store } from '../../services/store/store'
import { createAccounts, tokenHash } from '../../services/team/accounts'
import { createAppContent, errorBody } from '../app-content'
import { SECURITY_HEADERS } from '../csp'
import { parseCallBody } from '../web/api-handler'
import { createTeamDispatcher } from './team-dispatch'

export interface TeamServerOptions {
  store: Store
  /** An IP address or `localhost` */
  host: string
  port?: number
  /** Required unless host is loopback */
  tls?: { cert: Buffer | string; key: Buffer | string }
  rendererDir?: string
}

export interface TeamServer {
  readonly origin: string
  readonly port: number
  close(): Promise<void>
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h)
}

const MAX_BODY = 64 * 1024 * 1024
const HEARTBEAT_MS = 15_000

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new SerError('FIELD_INVALID', `body: larger than ${MAX_BODY} bytes`, { field: 'body' }))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export async function startTeamServer(options: TeamServerOptions): Promise<TeamServer> {
  const { store } = options
  const secure = options.tls !== undefined
  if (!isLoopback(options.host) && !secure) {
    throw new SerError(
      'FIELD_INVALID',
      `listen: ${options.host} is not a loopback address; off loopback the team server runs over TLS only (give --cert and --key, or let it make a self-signed certificate)`,
      { field: 'listen' }
    )
  }
  const accounts = createAccounts(store)
  const dispatcher = createTeamDispatcher(store, accounts)
  const content = createAppContent({
    rendererDir: options.rendererDir ?? defaultRendererDir(),
    media: {
      async load(kind, id) {
        if (kind !== 'audio')
          throw new SerError('NOT_FOUND', `kind: the team server serves utterance audio only`, { field: 'kind' })
        const loc = await store.audioLocation(id)
        return {
          mime: 'audio/wav',
          bytes: await readWavForBrowser(resolveInCorpus(loc.root, loc.path, 'id'), loc.path)
        }
      }
    }
  })
  const streams = new Set<{ res: ServerResponse; account: Account }>()
  const offLabels = store.onLabelsChanged((edits: LabelEdit[]) => {
    for (const s of streams) {
      // an annotator hears only their own edits: anyone else's could unblind a blind task
      const mine = s.account.role === 'annotator' ? edits.filter((e) => e.annotator === s.account.name) : edits
      if (mine.length === 0) continue
      const message: EventMessage = { name: 'labels.changed', args: [mine] }
      s.res.write(`data: ${JSON.stringify(message)}\n\n`)
    }
  })

  // one name for every process, so a session made through one server works through the others (a load balancer);
  // `__Host-` under TLS: the browser keeps it to this host, Secure, Path=/
  const cookieName = () => (secure ? '__Host-ser_team' : 'ser_team')
  const setCookie = (value: string | null) =>
    value === null
      ? `${cookieName()}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`
      : `${cookieName()}=${value}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`
  const baseHeaders = secure
    ? { ...SECURITY_HEADERS, 'Strict-Transport-Security': 'max-age=31536000' }
    : SECURITY_HEADERS

  function sendJson(res: ServerResponse, status: number, json: string, extra: Record<string, string> = {}): void {
    res.writeHead(status, {
      ...baseHeaders,
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...extra
    })
    res.end(json)
  }
  function refuse(res: ServerResponse, e: SerError): void {
    const { status, json } = errorBody(e)
    sendJson(res, status, json)
  }

  async function sessionOf(
    req: IncomingMessage
  ): Promise<{ token: string | null; account: Account | null; csrf: string | null }> {
    const token = cookieValue(req.headers.cookie, cookieName())
    if (!token) return { token: null, account: null, csrf: null }
    const s = await store.session(tokenHash(token))
    return s ? { token, account: s.account, csrf: s.csrf } : { token: null, account: null, csrf: null }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // a page on another site may send requests here with the user's cookie only where SameSite lets it; Origin and
    // Sec-Fetch-Site refuse the rest (and a cross-site <form> cannot send JSON)
    const host = req.headers.host
    if (!host) return refuse(res, new SerError('FORBIDDEN', 'Host: missing', { field: 'Host' }))
    const origin = req.headers.origin
    if (origin !== undefined && origin !== `${secure ? 'https' : 'http'}://${host}`) {
      return refuse(res, new SerError('FORBIDDEN', `Origin: '${origin}' is not this server`, { field: 'Origin' }))
    }
    const site = req.headers['sec-fetch-site']
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return refuse(
        res,
        new SerError('FORBIDDEN', `Sec-Fetch-Site: ${String(site)} requests are refused`, { field: 'Sec-Fetch-Site' })
      )
    }
    const raw = req.url ?? '/'
    const q = raw.indexOf('?')
    const rawPath = q < 0 ? raw : raw.slice(0, q)
    const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1))
    if (!rawPath.startsWith('/'))
      return refuse(res, new SerError('FORBIDDEN', 'path: absolute-form requests are refused'))

    if (rawPath === `/${WEB_API_PATH}`) {
      if (req.method !== 'POST') return refuse(res, new SerError('FORBIDDEN', `${WEB_API_PATH}: POST only`))
      try {
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
        if (type !== 'application/json') {
          throw new SerError('FIELD_INVALID', `Content-Type: expected application/json, got '${type}'`, {
            field: 'Content-Type'
          })
        }
        const { method, args } = parseCallBody(await readBody(req))
        const session = await sessionOf(req)
        // team.me only reads, and hands a new tab (which has the cookie but not the token) its CSRF token
        if (session.account && method !== 'team.login' && method !== 'team.me') {
          const sent = req.headers['x-csrf-token']
          if (typeof sent !== 'string' || !sameText(sent, session.csrf ?? '')) {
            throw new SerError('FORBIDDEN', 'X-CSRF-Token: missing or wrong', { field: 'X-CSRF-Token' })
          }
        }
        const out = await dispatcher.call(session, method, args)
        const extra: Record<string, string> = {}
        if (out.session === 'clear') extra['Set-Cookie'] = setCookie(null)
        else if (out.session) extra['Set-Cookie'] = setCookie(out.session.set)
        const ok: CallResult = { ok: true, value: out.value }
        return sendJson(res, 200, JSON.stringify(ok), extra)
      } catch (e) {
        if (!(e instanceof SerError)) console.error('team server: call failed:', e)
        const { status, json } = errorBody(e)
        if (!res.headersSent && !res.destroyed) sendJson(res, status, json)
        return
      }
    }

    const isEvents = rawPath === `/${WEB_EVENTS_PATH}`
    const mediaMatch = /^\/media\/([^/]+)\/([^/]+)$/.exec(rawPath)
    if (isEvents || mediaMatch) {
      const session = await sessionOf(req)
      if (!session.account)
        return refuse(res, new SerError('UNAUTHENTICATED', 'session: sign in first', { field: 'session' }))
      if (isEvents) {
        res.writeHead(200, {
          ...baseHeaders,
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive'
        })
        res.write('retry: 2000\n\n')
        const entry = { res, account: session.account }
        streams.add(entry)
        const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS)
        const done = () => (clearInterval(beat), streams.delete(entry))
        req.on('close', done)
        res.on('close', done)
        return
      }
      const id = decodeURIComponent(mediaMatch![2])
      if (session.account.role === 'annotator' && !(await store.isAssigned(id, session.account.name))) {
        return refuse(res, new SerError('FORBIDDEN', `id: '${id}' is not handed to you`, { field: 'id' }))
      }
    }
    const r = await content.serve({
      method: req.method ?? 'GET',
      rawPath,
      query: Object.fromEntries(query),
      range: req.headers.range ?? null
    })
    res.writeHead(r.status, { ...r.headers, ...(secure ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}) })
    res.end(r.body ?? undefined)
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      console.error('team server: request failed:', e)
      if (!res.headersSent) res.writeHead(500, baseHeaders)
      res.end()
    })
  }
  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener)
    : createHttpServer(listener)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host.replace(/^\[|\]$/g, ''), () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const hostPart = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host
  return {
    origin: `${secure ? 'https' : 'http'}://${hostPart}:${port}`,
    port,
    close() {
      offLabels()
      for (const s of streams) s.res.end()
      streams.clear()
      return new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }
}
