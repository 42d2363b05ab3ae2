/**
 * The team server's security (docs/team.md): every role against every method, sign-in, one-time passwords, the
 * wrong-password slowdown, CSRF, logout everywhere, blind labeling, and TLS off loopback. Against a real PostgreSQL
 * cluster this suite starts, and a server on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../../../src/main/services/store/store'
import { createAccounts } from '../../../../src/main/services/team/accounts'
import type { TeamServer } from '../../../../src/main/transports/team/team-server'
import { isLoopback, startTeamServer } from '../../../../src/main/transports/team/team-server'
import { selfSignedTls } from '../../../../src/main/transports/team/team-tls'
import { requestSchemas } from '../../../../src/shared/api'
import { mayCall } from '../../../../src/shared/api/team-roles'
import { teamRequests } from '../../../../src/shared/api/team'
import type { UtteranceDetail } from '../../../../src/shared/api/corpus'
import { ROLES } from '../../../../src/shared/domain/team'
import type { Task } from '../../../../src/shared/domain/team'
import type { PostgresServer } from '../../../helpers/postgres-server'
import { startPostgres } from '../../../helpers/postgres-server'
import { TeamClient, rawRequest } from '../../../helpers/team-client'
import { passwordOf, teamStore } from '../../../helpers/team-fixture'
import { tempDir } from '../../../helpers/temp-dir'

const tmp = tempDir('ser-team-')
let pg: PostgresServer
let store: Store
let server: TeamServer

beforeAll(async () => {
  pg = await startPostgres()
  store = await teamStore(pg.createDatabase('team'), [
    ['boss', 'admin'],
    ['ana', 'annotator'],
    ['bo', 'annotator'],
    ['vic', 'viewer'],
    ['cy', 'annotator']
  ])
  server = await startTeamServer({ store, host: '127.0.0.1', port: 0 })
})
afterAll(async () => {
  await server?.close()
  await store?.close()
  pg?.cleanup()
  tmp.cleanup()
})

async function signedIn(name: string): Promise<TeamClient> {
  const c = new TeamClient(server.origin)
  await c.login(name, passwordOf(name))
  return c
}

const LOGOUTS = new Set(['team.logout', 'team.logoutEverywhere'])
const ALL_METHODS = [...new Set([...Object.keys(requestSchemas), ...Object.keys(teamRequests)])].sort()
const USER_OF_ROLE = { admin: 'boss', annotator: 'cy', viewer: 'vic' } as const

describe('roles', () => {
  it.each(ROLES)(
    '%s: refused exactly the methods its role lacks, before the request is even validated',
    async (role) => {
      const c = await signedIn(USER_OF_ROLE[role])
      for (const method of ALL_METHODS) {
        if (LOGOUTS.has(method) || method === 'team.login') continue
        const { status, result } = await c.call(method, { '?': 1 })
        if (mayCall(role, method)) {
          expect(result.ok ? 'ok' : result.error.code, `${role} ${method}`).not.toBe('FORBIDDEN')
        } else {
          expect(status, `${role} ${method}`).toBe(403)
          expect(result.ok ? 'ok' : result.error.code, `${role} ${method}`).toBe('FORBIDDEN')
        }
      }
      // and the logouts, which every role may call, end this session
      expect((await c.call('team.logout')).result.ok).toBe(true)
      expect((await c.call('team.me')).status).toBe(401)
    }
  )

  it('answers nothing but sign-in without a session', async () => {
    const c = new TeamClient(server.origin)
    for (const method of ALL_METHODS.filter((m) => m !== 'team.login')) {
      const { status, result } = await c.call(method, {})
      expect(status, method).toBe(401)
      expect(result.ok ? 'ok' : result.error.code).toBe('UNAUTHENTICATED')
    }
    expect((await rawRequest(`${server.origin}/events`)).status).toBe(401)
    expect((await rawRequest(`${server.origin}/media/audio/S1F_0`)).status).toBe(401)
  })

  it('lets an annotator label only as themselves and only what was handed to them', async () => {
    const admin = await signedIn('boss')
    const task = await admin.ok<Task>('team.createTask', {
      name: 'own',
      filter: { speakers: ['S2F'] },
      k: 1,
      pool: ['cy']
    })
    const cy = await signedIn('cy')
    const { utteranceId } = await cy.ok<{ utteranceId: string }>('team.next', { taskId: task.id })
    expect(utteranceId).toBe('S2F_0')
    const asOther = await cy.call('labels.set', { utteranceId, annotator: 'ana', category: 'hap' })
    expect(asOther.result.ok ? null : asOther.result.error).toMatchObject({ code: 'FORBIDDEN', field: 'annotator' })
    const notMine = await cy.call('labels.set', { utteranceId: 'S2F_1', annotator: 'cy', category: 'hap' })
    expect(notMine.result.ok ? null : notMine.result.error).toMatchObject({ code: 'FORBIDDEN', field: 'utteranceId' })
    expect((await cy.call('corpus.utterance', { id: 'S2F_1' })).status).toBe(403)
    expect((await cy.call('labels.history', { utteranceId: 'S2F_1' })).status).toBe(403)
    await cy.ok('labels.set', { utteranceId, annotator: 'cy', category: 'hap' })
    expect((await store.labelHistory(utteranceId)).at(-1)).toMatchObject({ annotator: 'cy', newValue: 'hap' })
    // an annotator sees their own tasks only; the list of utterances is what they were handed
    const boTasks = await (await signedIn('bo')).ok<Task[]>('team.tasks')
    expect(boTasks.map((t) => t.id)).not.toContain(task.id)
    const mine = await cy.ok<{ id: string }[]>('corpus.utterances', {})
    expect(mine.map((u) => u.id)).toEqual(['S2F_0'])
    // audio too
    const audio = await rawRequest(`${server.origin}/media/audio/S2F_1`, { headers: { Cookie: cy.cookie! } })
    expect(audio.status).toBe(403)
  })
})

describe('blind labeling', () => {
  it('shows an annotator nobody else’s labels, nor the consensus, until they submitted their own', async () => {
    const admin = await signedIn('boss')
    const task = await admin.ok<Task>('team.createTask', {
      name: 'blind',
      filter: { speakers: ['S1M'], disagree: true },
      k: 2,
      pool: ['ana', 'bo']
    })
    expect(task.blind).toBe(true)
    const ana = await signedIn('ana')
    const bo = await signedIn('bo')
    const u = (await ana.ok<{ utteranceId: string }>('team.next', { taskId: task.id })).utteranceId!
    await ana.ok('labels.set', { utteranceId: u, annotator: 'ana', category: 'sad', valence: 2 })
    expect((await bo.ok<{ utteranceId: string }>('team.next', { taskId: task.id })).utteranceId).toBe(u)

    const before = await bo.ok<UtteranceDetail>('corpus.utterance', { id: u })
    expect(before.labels).toEqual([])
    expect(before.history).toEqual([])
    expect(before.utterance).toMatchObject({ category: null, valence: null, raters: 0, ratersDisagree: false })
    expect(await bo.ok('labels.history', { utteranceId: u })).toEqual([])
    expect((await bo.ok<{ category: unknown }[]>('corpus.utterances', {})).map((x) => x.category)).toEqual([null])
    // a scale alone is not a submission
    await bo.ok('labels.set', { utteranceId: u, annotator: 'bo', arousal: 4 })
    expect((await bo.ok<UtteranceDetail>('corpus.utterance', { id: u })).labels.map((l) => l.annotator)).toEqual(['bo'])

    await bo.ok('labels.set', { utteranceId: u, annotator: 'bo', category: 'ang' })
    const after = await bo.ok<UtteranceDetail>('corpus.utterance', { id: u })
    expect(after.labels.map((l) => l.annotator).sort()).toEqual(['ana', 'bo', 'tiny:E1', 'tiny:E2'])
    expect(after.utterance.raters).toBe(4)
    // a viewer and an admin see everything all along
    const vic = await signedIn('vic')
    expect((await vic.ok<UtteranceDetail>('corpus.utterance', { id: u })).labels).toHaveLength(4)
    const progress = await admin.ok<{ submitted: number; perAnnotator: { annotator: string; submitted: number }[] }>(
      'team.progress',
      { taskId: task.id }
    )
    expect(progress.submitted).toBe(2)
    const agreement = await vic.ok<{ items: number; annotators: number }>('team.agreement', { taskId: task.id })
    expect(agreement).toMatchObject({ items: 1, annotators: 2 })
  })
})

describe('sign-in', () => {
  it('refuses a call without the CSRF token, or with another session’s', async () => {
    const a = await signedIn('vic')
    const b = await signedIn('vic')
    expect((await a.call('corpus.list', {}, { csrf: null })).status).toBe(403)
    expect((await a.call('team.logoutEverywhere', {}, { csrf: null })).status).toBe(403)
    // team.me only reads: a new tab gets its token from it
    const me = await a.call<{ csrf: string }>('team.me', {}, { csrf: null })
    expect(me.result.ok && me.result.value.csrf).toBe(a.csrf)
    const wrong = await a.call('corpus.list', {}, { csrf: b.csrf })
    expect(wrong.status).toBe(403)
    expect(wrong.result.ok ? null : wrong.result.error.field).toBe('X-CSRF-Token')
    expect((await a.call('corpus.list')).status).toBe(200)
  })

  it('refuses other origins and cross-site requests even with a session', async () => {
    const a = await signedIn('vic')
    const headers = { 'Content-Type': 'application/json', Cookie: a.cookie!, 'X-CSRF-Token': a.csrf! }
    const body = JSON.stringify({ method: 'corpus.list', args: {} })
    expect(
      (
        await rawRequest(`${server.origin}/api/call`, {
          method: 'POST',
          body,
          headers: { ...headers, Origin: 'http://evil.example' }
        })
      ).status
    ).toBe(403)
    expect(
      (
        await rawRequest(`${server.origin}/api/call`, {
          method: 'POST',
          body,
          headers: { ...headers, 'Sec-Fetch-Site': 'cross-site' }
        })
      ).status
    ).toBe(403)
    expect(
      (
        await rawRequest(`${server.origin}/api/call`, {
          method: 'POST',
          body,
          headers: { ...headers, 'Content-Type': 'text/plain' }
        })
      ).status
    ).toBe(400)
  })

  it('sets the session cookie HttpOnly and SameSite=Strict, and stores only its hash', async () => {
    const r = await rawRequest(`${server.origin}/api/call`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'team.login', args: { name: 'vic', password: passwordOf('vic') } })
    })
    const cookie = r.headers['set-cookie']![0]
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const token = cookie.split(';')[0].split('=')[1]
    expect(await store.session(token)).toBeNull()
  })

  it('slows sign-in after five wrong passwords, even with the right one, and says so', async () => {
    await createAccounts(store).add('slow', 'viewer')
    const c = new TeamClient(server.origin)
    for (let i = 0; i < 5; i++) {
      const r = await c.call('team.login', { name: 'slow', password: 'wrong-password' })
      expect(r.status).toBe(401)
    }
    const right = (await store.account('slow'))!
    expect(right.failedLogins).toBe(5)
    await store.updateAccount('slow', { passwordHash: (await store.account('boss'))!.passwordHash })
    const limited = await c.call('team.login', { name: 'slow', password: passwordOf('boss') })
    expect(limited.status).toBe(429)
    expect(limited.result.ok ? null : limited.result.error.code).toBe('RATE_LIMITED')
    // once the wait is over (here: the failure moved into the past) the right password works and the count resets
    await store.updateAccount('slow', { lastFailedAt: new Date(Date.now() - 60_000).toISOString() })
    expect((await c.call('team.login', { name: 'slow', password: passwordOf('boss') })).status).toBe(200)
    expect((await store.account('slow'))!.failedLogins).toBe(0)
  })

  it('answers an unknown name as a wrong password', async () => {
    const r = await new TeamClient(server.origin).call('team.login', { name: 'nobody', password: 'whatever-pass' })
    expect(r.status).toBe(401)
    expect(r.result.ok ? null : r.result.error.message).toBe('password: wrong name or password')
  })

  it('makes a one-time password good for changing it and nothing else', async () => {
    const admin = await signedIn('boss')
    const { password } = await admin.ok<{ password: string }>('team.addUser', { name: 'newbie', role: 'annotator' })
    expect(password).toHaveLength(20)
    const n = new TeamClient(server.origin)
    await n.login('newbie', password)
    const me = await n.ok<{ account: { mustChangePassword: boolean } }>('team.me')
    expect(me.account.mustChangePassword).toBe(true)
    expect((await n.call('team.tasks')).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', field: 'password' }
    })
    expect((await n.call('team.changePassword', { password, newPassword: 'short' })).status).toBe(400)
    const other = new TeamClient(server.origin)
    await other.login('newbie', password)
    await n.ok('team.changePassword', { password, newPassword: 'a-much-longer-one' })
    expect(await n.ok<unknown[]>('team.tasks')).toEqual([])
    // the change ended every other session
    expect((await other.call('team.me')).status).toBe(401)
    // and an admin's reset makes it one-time again, ending this one too
    const { password: fresh } = await admin.ok<{ password: string }>('team.resetPassword', { name: 'newbie' })
    expect((await n.call('team.me')).status).toBe(401)
    await n.login('newbie', fresh)
    expect((await n.ok<{ account: { mustChangePassword: boolean } }>('team.me')).account.mustChangePassword).toBe(true)
  })

  it('logs out everywhere, and a disabled account is out at once', async () => {
    const a = await signedIn('vic')
    const b = await signedIn('vic')
    expect(await a.ok('team.logoutEverywhere')).toEqual({ sessions: expect.any(Number) })
    expect((await b.call('team.me')).status).toBe(401)
    expect((await a.call('team.me')).status).toBe(401)

    const admin = await signedIn('boss')
    const bo = await signedIn('bo')
    await admin.ok('team.disableUser', { name: 'bo', disabled: true })
    expect((await bo.call('team.me')).status).toBe(401)
    expect(
      (await new TeamClient(server.origin).call('team.login', { name: 'bo', password: passwordOf('bo') })).status
    ).toBe(403)
    await admin.ok('team.disableUser', { name: 'bo', disabled: false })
  })
})

describe('TLS', () => {
  it('refuses to serve plain HTTP off loopback, before binding anything', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.5', 'lab.example']) {
      expect(isLoopback(host)).toBe(false)
      await expect(startTeamServer({ store, host, port: 0 })).rejects.toMatchObject({
        code: 'FIELD_INVALID',
        field: 'listen'
      })
    }
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost', '[::1]']) expect(isLoopback(host)).toBe(true)
  })

  it('serves over TLS with a self-signed certificate made once, whose fingerprint the client sees', async () => {
    const dir = join(tmp.dir, 'tls')
    const tls = selfSignedTls(dir, '127.0.0.2')
    expect(selfSignedTls(dir, '127.0.0.2').fingerprint).toBe(tls.fingerprint)
    expect(execFileSync('openssl', ['x509', '-noout', '-text', '-in', join(dir, 'team-cert.pem')]).toString()).toMatch(
      /IP Address:127\.0\.0\.2/
    )
    const s = await startTeamServer({ store, host: '127.0.0.2', port: 0, tls })
    try {
      expect(s.origin).toMatch(/^https:\/\/127\.0\.0\.2:\d+$/)
      const ca = readFileSync(join(dir, 'team-cert.pem'))
      const page = await rawRequest(`${s.origin}/`, { ca })
      expect(page.fingerprint).toBe(tls.fingerprint)
      expect(page.headers['strict-transport-security']).toMatch(/max-age/)
      const c = new TeamClient(s.origin, ca)
      const r = await c.call('team.login', { name: 'vic', password: passwordOf('vic') })
      expect(r.status).toBe(200)
      expect(c.cookie).toMatch(/^__Host-ser_team=/)
      expect((await c.ok<unknown[]>('corpus.list')).length).toBe(1)
      // an unverified client is refused by TLS itself
      await expect(rawRequest(`${s.origin}/`)).rejects.toThrow(/self-signed|certificate/i)
    } finally {
      await s.close()
    }
  })
})
