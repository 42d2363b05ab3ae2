/**
 * `ser team user …` and `ser team serve` as an admin runs them: accounts with one-time passwords on a real
 * PostgreSQL server, and a server whose address and TLS fingerprint are printed (127.0.0.x only).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PostgresServer } from '../../../helpers/postgres-server'
import { startPostgres } from '../../../helpers/postgres-server'
import { ser } from '../../../helpers/run-ser'
import { TeamClient, rawRequest } from '../../../helpers/team-client'
import { startTeamServe } from '../../../helpers/team-serve-process'
import { tempDir } from '../../../helpers/temp-dir'

const tmp = tempDir('ser-team-cli-')
let pg: PostgresServer
let url: string
beforeAll(async () => {
  pg = await startPostgres()
  url = pg.createDatabase('cli')
})
afterAll(() => {
  pg?.cleanup()
  tmp.cleanup()
})

describe('ser team user', () => {
  it('adds accounts with a one-time password, resets, disables and lists them', async () => {
    const add = ser(['team', 'user', 'add', 'alice', '--role', 'admin', '--db', url, '--json'])
    expect(add.status, add.stderr).toBe(0)
    const { account, password } = JSON.parse(add.stdout) as {
      account: { name: string; role: string; mustChangePassword: boolean }
      password: string
    }
    expect(account).toMatchObject({ name: 'alice', role: 'admin', mustChangePassword: true })
    expect(password).toMatch(/^[\w-]{20}$/)
    expect(ser(['team', 'user', 'add', 'alice', '--role', 'viewer', '--db', url]).stderr).toMatch(
      /an account 'alice' exists/
    )
    expect(ser(['team', 'user', 'add', 'bob', '--role', 'boss', '--db', url]).status).toBe(2)
    expect(ser(['team', 'user', 'add', 'x:y', '--role', 'viewer', '--db', url]).status).not.toBe(0)

    const reset = JSON.parse(ser(['team', 'user', 'reset', 'alice', '--db', url, '--json']).stdout) as {
      password: string
    }
    expect(reset.password).not.toBe(password)
    expect(ser(['team', 'user', 'disable', 'alice', '--db', url]).stdout).toMatch(/alice: disabled/)
    const list = JSON.parse(ser(['team', 'user', 'list', '--db', url]).stdout) as { name: string; disabled: boolean }[]
    expect(list).toEqual([expect.objectContaining({ name: 'alice', disabled: true })])
    expect(ser(['team', 'user', 'enable', 'alice', '--db', url]).status).toBe(0)

    // the one-time password signs in, and must be changed first
    const s = await startTeamServe(['--db', url, '--listen', '127.0.0.1:0'])
    try {
      const c = new TeamClient(s.origin)
      await c.login('alice', reset.password)
      expect((await c.call('team.users')).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      await c.ok('team.changePassword', { password: reset.password, newPassword: 'correct horse battery' })
      expect((await c.ok<{ name: string }[]>('team.users')).map((a) => a.name)).toEqual(['alice'])
    } finally {
      await s.stop()
    }
  })

  it('works on a SQLite file too', () => {
    const db = join(tmp.dir, 'team.db')
    expect(ser(['team', 'user', 'add', 'solo', '--role', 'annotator', '--db', db]).stdout).toMatch(
      /^solo \(annotator\): one-time password [\w-]{20}\n$/
    )
  })
})

describe('ser team serve', () => {
  it('serves HTTPS with the given certificate and prints its SHA-256 fingerprint', async () => {
    const cert = join(tmp.dir, 'c.pem')
    const key = join(tmp.dir, 'k.pem')
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.3',
        '-addext',
        'subjectAltName=IP:127.0.0.3',
        '-keyout',
        key,
        '-out',
        cert
      ],
      { stdio: 'ignore' }
    )
    const s = await startTeamServe(['--db', url, '--listen', '127.0.0.3:0', '--cert', cert, '--key', key])
    try {
      expect(s.origin).toMatch(/^https:\/\/127\.0\.0\.3:\d+$/)
      const page = await rawRequest(`${s.origin}/`, { ca: readFileSync(cert) })
      expect(page.status).toBe(200)
      await new Promise((r) => setTimeout(r, 200))
      expect(s.stdout()).toContain(`TLS certificate SHA-256 fingerprint: ${page.fingerprint}\n`)
      expect(page.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    } finally {
      await s.stop()
    }
  })

  it('refuses --cert without --key, and a malformed --listen', () => {
    expect(ser(['team', 'serve', '--db', url, '--listen', '127.0.0.1:0', '--cert', 'x.pem']).stderr).toMatch(
      /--cert and --key go together/
    )
    expect(ser(['team', 'serve', '--db', url, '--listen', 'nowhere']).stderr).toMatch(/--listen: expected HOST:PORT/)
  })
})
