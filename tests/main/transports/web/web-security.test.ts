/**
 * The web mode's doors: it listens on 127.0.0.1 only; without this launch's token (cookie, bearer or the printed
 * URL) every route answers 401; a foreign Host (DNS rebinding), Origin or cross-site fetch is refused even with
 * the token; the printed URL swaps the token for an HttpOnly SameSite=Strict cookie; every answer carries the CSP.
 */
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CSP_HEADER } from '../../../../src/main/transports/csp'
import { rawRequest } from '../../../helpers/raw-http'
import type { WebHarness } from '../../../helpers/web-harness'
import { startWebHarness } from '../../../helpers/web-harness'

let h: WebHarness
let port: number
let host: string
let utteranceId: string
beforeAll(async () => {
  h = await startWebHarness()
  port = h.server.port
  host = `127.0.0.1:${port}`
  utteranceId = h.services.corpus.utterances({ limit: 1 })[0].id
})
afterAll(() => h?.close())

const routes = () => [
  ['GET', '/'],
  ['GET', '/index.html'],
  ['POST', '/api/call'],
  ['GET', '/events'],
  ['GET', `/media/audio/${utteranceId}`]
]

describe('web mode: who may connect', () => {
  it('listens on 127.0.0.1 only, and prints a URL there with the token', () => {
    expect(h.server.origin).toBe(`http://127.0.0.1:${port}`)
    expect(h.server.url).toBe(`http://127.0.0.1:${port}/?token=${h.server.token}`)
    expect(h.server.token.length).toBeGreaterThanOrEqual(40)
  })

  it('each launch gets its own token', async () => {
    const other = await startWebHarness({ corpus: false })
    try {
      expect(other.server.token).not.toBe(h.server.token)
    } finally {
      await other.close()
    }
  })

  it('refuses every route without a token, or with a wrong one (401)', async () => {
    for (const [method, path] of routes()) {
      const none = await rawRequest(port, {
        method,
        path,
        headers: { Host: host, 'Content-Type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined
      })
      expect(none.status, `${method} ${path}`).toBe(401)
      expect(none.text).not.toContain('<div id="app">')
      const wrongCookie = await rawRequest(port, {
        method,
        path,
        headers: { Host: host, Cookie: `${h.server.guard.cookieName}=nope` }
      })
      expect(wrongCookie.status, `${method} ${path} wrong cookie`).toBe(401)
      const wrongBearer = await rawRequest(port, {
        method,
        path,
        headers: { Host: host, Authorization: `Bearer ${h.server.token}x` }
      })
      expect(wrongBearer.status, `${method} ${path} wrong bearer`).toBe(401)
    }
    const wrongUrl = await rawRequest(port, { path: '/?token=guess', headers: { Host: host } })
    expect(wrongUrl.status).toBe(401)
    expect(wrongUrl.headers['set-cookie']).toBeUndefined()
  })

  it('a cookie for another port (another `ser serve`) does not open this one', async () => {
    const r = await rawRequest(port, {
      path: '/',
      headers: { Host: host, Cookie: `ser_token_${port + 1}=${h.server.token}` }
    })
    expect(r.status).toBe(401)
  })

  it('the printed URL sets an HttpOnly SameSite=Strict cookie and redirects to a URL without the token', async () => {
    const r = await rawRequest(port, { path: `/?token=${h.server.token}`, headers: { Host: host } })
    expect(r.status).toBe(303)
    expect(r.headers.location).toBe('/')
    const cookie = String(r.headers['set-cookie'])
    expect(cookie).toContain(`${h.server.guard.cookieName}=${h.server.token}`)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    expect(cookie).toMatch(/Path=\//)
    const page = await rawRequest(port, {
      path: '/',
      headers: { Host: host, Cookie: `${h.server.guard.cookieName}=${h.server.token}` }
    })
    expect(page.status).toBe(200)
    expect(page.text).toContain('<div id="app">')
  })

  // PORT stands for the server's port, known only once it listens (it.each's table is built before that)
  const withPort = (s: string) => s.replace(/PORT\+1/, String(port + 1)).replace(/PORT/, String(port))
  it.each([
    'evil.example',
    'evil.example:PORT',
    '127.0.0.1.nip.io:PORT',
    '127.0.0.1:PORT+1',
    '[::1]:PORT',
    'localhost.evil.example:PORT'
  ])('refuses Host %j even with the token (DNS rebinding)', async (foreign) => {
    for (const [method, path] of routes()) {
      const r = await h.request(path, { method, headers: { Host: withPort(foreign) } })
      expect(r.status, `${method} ${path}`).toBe(403)
    }
  })

  it('refuses a request without a Host header', async () => {
    const status = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`GET / HTTP/1.1\r\nAuthorization: Bearer ${h.server.token}\r\nConnection: close\r\n\r\n`)
      })
      let text = ''
      socket.on('data', (c: Buffer) => (text += c.toString('latin1')))
      socket.on('end', () => resolve(text.split('\r\n')[0]))
      socket.on('error', reject)
    })
    expect(status).toMatch(/^HTTP\/1\.1 4\d\d/)
  })

  it('accepts Host localhost:PORT as well as 127.0.0.1:PORT', async () => {
    expect((await h.request('/', { headers: { Host: `localhost:${port}` } })).status).toBe(200)
  })

  it.each([
    'http://evil.example',
    'http://127.0.0.1:PORT+1',
    'null',
    'https://127.0.0.1:PORT',
    'http://127.0.0.1:PORT.evil.example'
  ])('refuses Origin %j even with the token', async (origin) => {
    const r = await h.request('/api/call', {
      method: 'POST',
      headers: { Origin: withPort(origin), 'Content-Type': 'application/json' },
      body: '{"method":"corpus.list","args":{}}'
    })
    expect(r.status).toBe(403)
  })

  it('accepts its own Origin', async () => {
    const r = await h.request('/api/call', {
      method: 'POST',
      headers: { Origin: `http://127.0.0.1:${port}`, 'Content-Type': 'application/json' },
      body: '{"method":"corpus.list","args":{}}'
    })
    expect(r.status).toBe(200)
  })

  it.each(['cross-site', 'same-site'])(
    'refuses Sec-Fetch-Site %s (another local site riding on the cookie)',
    async (site) => {
      expect((await h.request(`/media/audio/${utteranceId}`, { headers: { 'Sec-Fetch-Site': site } })).status).toBe(403)
    }
  )

  it('refuses api/call bodies that a cross-site form could send (not application/json)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await h.request('/api/call', {
        method: 'POST',
        headers: { 'Content-Type': type },
        body: '{"method":"corpus.list","args":{}}'
      })
      expect(r.status, type).toBe(400)
      expect(JSON.parse(r.text)).toMatchObject({ ok: false, error: { field: 'Content-Type' } })
    }
    expect((await h.request('/api/call', { method: 'GET' })).status).toBe(403)
  })

  it('sends the CSP and the other security headers on pages, API answers, media and refusals', async () => {
    const answers = [
      await h.request('/'),
      await h.request('/api/call', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"method":"corpus.list","args":{}}'
      }),
      await h.request(`/media/audio/${utteranceId}`),
      await rawRequest(port, { path: '/', headers: { Host: host } })
    ]
    for (const r of answers) {
      expect(r.headers['content-security-policy']).toBe(CSP_HEADER)
      expect(r.headers['x-content-type-options']).toBe('nosniff')
      expect(r.headers['referrer-policy']).toBe('no-referrer')
      expect(r.headers['x-frame-options']).toBe('DENY')
    }
  })
})

describe('web mode: the event stream', () => {
  it('pushes every service event to a client holding the token', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/events',
            headers: { Host: host, Authorization: `Bearer ${h.server.token}` }
          },
          (res) => {
            expect(res.statusCode).toBe(200)
            expect(res.headers['content-type']).toMatch(/^text\/event-stream/)
            let text = ''
            res.on('data', (c: Buffer) => {
              text += c.toString('utf8')
              if (text.includes('"corpus.changed"')) {
                req.destroy()
                resolve(text)
              }
            })
            // the stream is open once the retry line arrived; then emit
            setTimeout(() => h.services.events.emit('corpus.changed', 'tiny'), 50)
          }
        )
        req.on('error', reject)
        req.end()
      }, reject)
    })
    const line = received.split('\n').find((l) => l.startsWith('data: '))
    expect(JSON.parse(line!.slice(6))).toEqual({ name: 'corpus.changed', args: ['tiny'] })
  })
})
