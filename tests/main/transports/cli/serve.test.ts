/**
 * `ser serve` as a user runs it (the built CLI): it prints a 127.0.0.1 URL carrying the token (or {url, port} with
 * --json), serves the app behind that token, stops cleanly on SIGTERM, and refuses a bad or busy --port with
 * exit 2 and a line naming the flag.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRequest } from '../../../helpers/raw-http'
import { ser } from '../../../helpers/run-ser'
import { startServe } from '../../../helpers/serve-process'
import { tempDir } from '../../../helpers/temp-dir'

let tmp: { dir: string; cleanup: () => void }
beforeAll(() => {
  tmp = tempDir('ser-serve-')
})
afterAll(() => tmp?.cleanup())

describe('ser serve', () => {
  it('prints the URL with the token, serves behind it, and exits 0 on SIGTERM', async () => {
    const s = await startServe(['--db', join(tmp.dir, 'a.db')])
    try {
      const port = Number(new URL(s.url).port)
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/)
      const host = { Host: `127.0.0.1:${port}` }
      expect((await rawRequest(port, { path: '/', headers: host })).status).toBe(401)
      const login = await rawRequest(port, { path: `/?token=${s.token}`, headers: host })
      expect(login.status).toBe(303)
      const api = await rawRequest(port, {
        method: 'POST',
        path: '/api/call',
        headers: { ...host, Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
        body: '{"method":"corpus.list","args":{}}'
      })
      expect(JSON.parse(api.text)).toEqual({ ok: true, value: [] })
    } finally {
      expect(await s.stop()).toBe(0)
    }
  })

  it('--json prints {url, port} on stdout', async () => {
    const s = await startServe(['--db', join(tmp.dir, 'b.db'), '--json'])
    try {
      expect(s.url).toContain(`http://127.0.0.1:`)
    } finally {
      expect(await s.stop()).toBe(0)
    }
  })

  it('refuses a port that is not a number, or already in use, naming --port', async () => {
    const bad = ser(['serve', '--port', 'eighty', '--db', join(tmp.dir, 'c.db')])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('--port')
    const s = await startServe(['--db', join(tmp.dir, 'd.db')])
    try {
      const busy = ser(['serve', '--port', new URL(s.url).port, '--db', join(tmp.dir, 'e.db')])
      expect(busy.status).toBe(2)
      expect(busy.stderr).toMatch(/--port: \d+ is already in use/)
    } finally {
      await s.stop()
    }
  })
})
