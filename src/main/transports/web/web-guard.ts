/**
 * Who may talk to the web mode. The server listens on 127.0.0.1 only, but any web page the user visits can still
 * reach 127.0.0.1 (a form post, an <img>, or a DNS-rebinding name that resolves to it), so every request must:
 * 1. carry this launch's secret: the URL `ser serve` printed has `?token=…`; the first load swaps it for an HttpOnly
 *    SameSite=Strict cookie, which fetch, EventSource and <audio src> then send by themselves. Scripts may send
 *    `Authorization: Bearer <token>` instead.
 * 2. name us in Host (a rebinding page sends its own name there) and, when present, in Origin;
 * 3. when the browser says where it came from (Sec-Fetch-Site), come from our own origin or from the user directly:
 *    SameSite does not separate ports, so another local site on 127.0.0.1 would otherwise ride on the cookie.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

export const LOOPBACK_HOST = '127.0.0.1'

export interface Refusal {
  status: 401 | 403
  reason: string
}

export interface WebGuard {
  readonly token: string
  readonly cookieName: string
  /** The Set-Cookie value that stores the token */
  cookie(): string
  /** Host, Origin and Sec-Fetch-Site; null when the request may go on to the token check */
  checkSource(headers: IncomingHttpHeaders): Refusal | null
  /** True when the cookie or a bearer header carries the token */
  hasToken(headers: IncomingHttpHeaders): boolean
  /** Constant-time comparison with the launch token */
  isToken(candidate: string | null | undefined): boolean
}

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}

export function createWebGuard(port: number, token: string = newToken()): WebGuard {
  const hosts = new Set([`${LOOPBACK_HOST}:${port}`, `localhost:${port}`])
  const origins = new Set([...hosts].map((h) => `http://${h}`))
  // cookies are shared by every port of a host, so a second `ser serve` must not overwrite this one's
  const cookieName = `ser_token_${port}`
  const expected = Buffer.from(token)

  const isToken = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false
    const got = Buffer.from(candidate)
    return got.length === expected.length && timingSafeEqual(got, expected)
  }

  return {
    token,
    cookieName,
    cookie: () => `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    checkSource(headers) {
      const host = headers.host?.toLowerCase()
      if (!host || !hosts.has(host)) return { status: 403, reason: `Host: '${headers.host ?? ''}' is not this server` }
      const origin = headers.origin
      if (origin !== undefined && !origins.has(origin.toLowerCase())) {
        return { status: 403, reason: `Origin: '${origin}' is not this server` }
      }
      const site = headers['sec-fetch-site']
      if (site !== undefined && site !== 'same-origin' && site !== 'none') {
        return { status: 403, reason: `Sec-Fetch-Site: ${String(site)} requests are refused` }
      }
      return null
    },
    hasToken(headers) {
      const auth = headers.authorization
      if (auth?.startsWith('Bearer ') && isToken(auth.slice(7).trim())) return true
      return isToken(cookieValue(headers.cookie, cookieName))
    },
    isToken
  }
}
