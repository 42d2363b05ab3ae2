import type { ApiEvents, EventName } from '@shared/api'
import { mediaPath } from '@shared/api/media'
import type { CallResult, EventMessage } from '@shared/api/transport'
import { WEB_API_PATH, WEB_EVENTS_PATH } from '@shared/api/transport'
import { SerError } from '@shared/errors'
import type { ApiClient, StreamStatus } from './client'

/** The team server's CSRF token (docs/team.md): per tab, sent with every call once a team.* answer carried it */
const CSRF_KEY = 'ser-team-csrf'
function csrfHeader(): Record<string, string> {
  const token = globalThis.sessionStorage?.getItem(CSRF_KEY)
  return token ? { 'X-CSRF-Token': token } : {}
}
function keepCsrf(method: string, value: unknown): void {
  if (!method.startsWith('team.')) return
  const csrf = (value as { csrf?: unknown } | null)?.csrf
  if (typeof csrf === 'string') globalThis.sessionStorage?.setItem(CSRF_KEY, csrf)
  if (method === 'team.logout' || method === 'team.logoutEverywhere') globalThis.sessionStorage?.removeItem(CSRF_KEY)
}

/**
 * The web-mode host: POST api/call with the CallResult envelope back, and one EventSource on `events` for every
 * pushed event. URLs are relative to the page, and the token cookie rides along by itself (same origin).
 */
export function createWebClient(): ApiClient {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>()
  const statusListeners = new Set<(s: StreamStatus) => void>()
  let status: StreamStatus = 'connecting'
  const setStatus = (s: StreamStatus) => {
    status = s
    for (const l of statusListeners) l(s)
  }

  const source = new EventSource(WEB_EVENTS_PATH)
  source.onopen = () => setStatus('open')
  // EventSource retries by itself while CONNECTING; CLOSED means it gave up (e.g. the server restarted with a new token)
  source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'lost' : 'connecting')
  source.onmessage = (e: MessageEvent<string>) => {
    let m: EventMessage
    try {
      m = JSON.parse(e.data) as EventMessage
    } catch {
      return
    }
    for (const l of listeners.get(m.name) ?? []) l(...m.args)
  }

  return {
    host: 'web',
    async call(method, req) {
      let res: Response
      try {
        res = await fetch(WEB_API_PATH, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...csrfHeader() },
          body: JSON.stringify({ method, args: req }),
          cache: 'no-store'
        })
      } catch {
        throw new SerError('UNAVAILABLE', 'server: not reachable (is `ser serve` still running?)')
      }
      let body: CallResult | null = null
      try {
        body = (await res.json()) as CallResult
      } catch {
        // not our envelope: a refusal before dispatch (token, Host), described by its status below
      }
      if (body && typeof body === 'object' && 'ok' in body) {
        if (body.ok) {
          keepCsrf(method, body.value)
          return body.value as never
        }
        throw SerError.fromInfo(body.error)
      }
      if (res.status === 401) {
        throw new SerError(
          'UNAVAILABLE',
          'server: this page’s token is no longer valid; open the URL `ser serve` printed'
        )
      }
      throw new SerError('UNAVAILABLE', `server: answered HTTP ${res.status}`)
    },
    on<E extends EventName>(name: E, listener: (...args: ApiEvents[E]) => void) {
      let set = listeners.get(name)
      if (!set) listeners.set(name, (set = new Set()))
      const l = listener as (...args: unknown[]) => void
      set.add(l)
      return () => {
        set.delete(l)
      }
    },
    mediaUrl: (kind, id, params) => mediaPath(kind, id, params),
    onStatus(listener) {
      statusListeners.add(listener)
      listener(status)
      return () => {
        statusListeners.delete(listener)
      }
    }
  }
}
