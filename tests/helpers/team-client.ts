/**
 * A team server's client as a browser would be: it keeps the session cookie it is given and sends the CSRF token
 * from sign-in with every call. Plain node:http(s), so a test can trust a self-signed certificate (`ca`).
 */
import { request as httpRequest } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { TLSSocket } from 'node:tls'
import type { CallResult } from '../../src/shared/api/transport'

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
  /** SHA-256 of the server's certificate, over TLS */
  fingerprint?: string
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; ca?: Buffer } = {}
): Promise<RawResponse> {
  const u = new URL(url)
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = send(
      u,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ...(options.ca ? { ca: options.ca } : {}),
        agent: false
      },
      (res) => {
        const chunks: Buffer[] = []
        const fingerprint =
          u.protocol === 'https:' ? (res.socket as TLSSocket).getPeerCertificate().fingerprint256 : undefined
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            fingerprint
          })
        )
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')))
    req.end(options.body)
  })
}

export class TeamClient {
  cookie: string | null = null
  csrf: string | null = null
  constructor(
    public origin: string,
    private ca?: Buffer
  ) {}

  /** One call; the envelope and the HTTP status */
  async call<T = unknown>(
    method: string,
    args: unknown = {},
    opts: { csrf?: string | null } = {}
  ): Promise<{ status: number; result: CallResult<T> }> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    if (this.cookie) headers.Cookie = this.cookie
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf
    if (csrf) headers['X-CSRF-Token'] = csrf
    const r = await rawRequest(`${this.origin}/api/call`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ method, args }),
      ca: this.ca
    })
    const set = r.headers['set-cookie']?.[0]
    if (set) {
      const pair = set.split(';')[0]
      this.cookie = /=$/.test(pair) ? null : pair
    }
    const result = JSON.parse(r.body) as CallResult<T>
    if (result.ok && method.startsWith('team.') && typeof (result.value as { csrf?: unknown })?.csrf === 'string') {
      this.csrf = (result.value as { csrf: string }).csrf
    }
    return { status: r.status, result }
  }

  /** The value, or throws with the error's code and message */
  async ok<T = unknown>(method: string, args: unknown = {}): Promise<T> {
    const { result } = await this.call<T>(method, args)
    if (!result.ok)
      throw Object.assign(new Error(`${method}: ${result.error.code} ${result.error.message}`), {
        code: result.error.code
      })
    return result.value
  }

  async login(name: string, password: string): Promise<void> {
    await this.ok('team.login', { name, password })
  }
}
