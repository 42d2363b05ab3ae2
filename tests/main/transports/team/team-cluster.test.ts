/**
 * Several `ser team serve` processes on one PostgreSQL: no state in a process (a session made through one works on
 * the other), a label set through one server reaches a client of the other (LISTEN/NOTIFY), and a bounded load
 * test: 20 annotators × 200 labels against two server processes, with one server killed by SIGKILL and PostgreSQL
 * restarted mid-burst; clients retry on the server that is left, and afterwards every acknowledged write is in the
 * history exactly once and nothing else is. Only 127.0.0.1 is used.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Task } from '../../../../src/shared/domain/team'
import type { PostgresServer } from '../../../helpers/postgres-server'
import { startPostgres } from '../../../helpers/postgres-server'
import { TeamClient } from '../../../helpers/team-client'
import { passwordOf, teamStore } from '../../../helpers/team-fixture'
import type { TeamServeProcess } from '../../../helpers/team-serve-process'
import { openEvents, startTeamServe } from '../../../helpers/team-serve-process'

const ANNOTATORS = Array.from({ length: 20 }, (_, i) => `ann${String(i).padStart(2, '0')}`)
const LABELS_EACH = 200

let db: PostgresServer
let url: string
const servers: TeamServeProcess[] = []

beforeAll(async () => {
  db = await startPostgres()
  url = db.createDatabase('cluster')
  const store = await teamStore(url, [
    ['boss', 'admin'],
    ['vic', 'viewer'],
    ...ANNOTATORS.map((a) => [a, 'annotator'] as [string, 'annotator'])
  ])
  await store.close()
  servers.push(await startTeamServe(['--db', url, '--listen', '127.0.0.1:0']))
  servers.push(await startTeamServe(['--db', url, '--listen', '127.0.0.1:0']))
})
afterAll(async () => {
  for (const s of servers) await s.stop()
  db?.cleanup()
})

async function signIn(origin: string, name: string): Promise<TeamClient> {
  const c = new TeamClient(origin)
  await c.login(name, passwordOf(name))
  return c
}

describe('two server processes', () => {
  it('carry a session made on one to the other, and a label set through one to a client of the other', async () => {
    const [one, two] = servers
    const viewer = await signIn(one.origin, 'vic')
    const events = await openEvents(one.origin, viewer.cookie!)
    const boss = await signIn(two.origin, 'boss')
    // the session lives in the database: the same cookie and CSRF token work on the first server
    const moved = new TeamClient(one.origin)
    Object.assign(moved, { cookie: boss.cookie, csrf: boss.csrf })
    expect((await moved.ok<{ account: { name: string } }>('team.me')).account.name).toBe('boss')

    await boss.ok('labels.set', { utteranceId: 'S1F_2', annotator: 'boss', category: 'hap' })
    await expect.poll(() => events.messages.length, { timeout: 15_000 }).toBeGreaterThan(0)
    expect(events.messages[0]).toMatchObject({
      name: 'labels.changed',
      args: [[{ utteranceId: 'S1F_2', annotator: 'boss', newValue: 'hap' }]]
    })
    events.close()
  })

  it(`take ${ANNOTATORS.length} annotators × ${LABELS_EACH} labels through SIGKILL of a server and a PostgreSQL restart`, async () => {
    const boss = await signIn(servers[0].origin, 'boss')
    const task = await boss.ok<Task>('team.createTask', {
      name: 'load',
      filter: {},
      k: ANNOTATORS.length,
      pool: ANNOTATORS,
      blind: true
    })
    const alive = new Set([0, 1])
    let acked = 0
    let retries = 0

    /** One call, retried on the servers left until it is answered: network failures and 5xx are retried, others not */
    async function call(who: { client: TeamClient; server: number }, method: string, args: unknown): Promise<unknown> {
      for (let attempt = 0; ; attempt++) {
        try {
          const { status, result } = await who.client.call(method, args)
          if (status < 500) {
            if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.message}`), { final: true })
            return result.value
          }
        } catch (e) {
          if ((e as { final?: boolean }).final) throw e
        }
        retries++
        if (attempt > 200) throw new Error(`${method}: no server answered`)
        if (!alive.has(who.server)) who.server = [...alive][0]
        who.client.origin = servers[who.server].origin
        await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** Math.min(attempt, 5), 1000)))
      }
    }

    /** What each annotator meant to write, in order: 12 categories (one per claimed utterance), then valences */
    const intended = new Map<string, { utteranceId: string; field: string; value: string }[]>()
    async function annotate(name: string, index: number): Promise<void> {
      const who = { client: await signIn(servers[index % 2].origin, name), server: index % 2 }
      const plan: { utteranceId: string; field: string; value: string }[] = []
      intended.set(name, plan)
      const mine: string[] = []
      const valenceWrites = new Map<string, number>()
      for (let n = 0; n < LABELS_EACH; n++) {
        let write: { utteranceId: string; category?: string; valence?: number }
        if (mine.length < 12) {
          const { utteranceId } = (await call(who, 'team.next', { taskId: task.id })) as { utteranceId: string }
          mine.push(utteranceId)
          write = { utteranceId, category: ['ang', 'hap', 'sad', 'neu'][(index + n) % 4] }
        } else {
          const utteranceId = mine[n % 12]
          const k = valenceWrites.get(utteranceId) ?? 0
          valenceWrites.set(utteranceId, k + 1)
          // consecutive values of one field always differ, so every write is exactly one event
          write = { utteranceId, valence: 1 + ((k + index) % 5) }
        }
        await call(who, 'labels.set', { annotator: name, ...write })
        plan.push({
          utteranceId: write.utteranceId,
          field: write.category ? 'category' : 'valence',
          value: String(write.category ?? write.valence)
        })
        acked++
      }
    }

    const total = ANNOTATORS.length * LABELS_EACH
    const chaos = (async () => {
      while (acked < total * 0.25) await new Promise((r) => setTimeout(r, 50))
      alive.delete(1)
      await servers[1].stop('SIGKILL')
      while (acked < total * 0.5) await new Promise((r) => setTimeout(r, 50))
      db.restart()
    })()
    await Promise.all(ANNOTATORS.map((a, i) => annotate(a, i)))
    await chaos
    expect(acked).toBe(total)
    expect(retries).toBeGreaterThan(0)

    const c = new pg.Client(url)
    await c.connect()
    try {
      const rows = (
        await c.query<{ annotator_id: string; utterance_id: string; field: string; new_value: string }>(
          `SELECT annotator_id, utterance_id, field, new_value FROM label_events WHERE annotator_id LIKE 'ann%' ORDER BY seq`
        )
      ).rows
      expect(rows).toHaveLength(total)
      for (const name of ANNOTATORS) {
        const got = rows
          .filter((r) => r.annotator_id === name)
          .map((r) => ({ utteranceId: r.utterance_id, field: r.field, value: r.new_value }))
        expect(got).toEqual(intended.get(name))
      }
      const per = (await c.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM assignments GROUP BY utterance_id`))
        .rows
      expect(per.every((r) => r.n === ANNOTATORS.length)).toBe(true)
      expect(
        (await c.query(`SELECT 1 FROM assignments GROUP BY task_id, utterance_id, annotator HAVING COUNT(*) > 1`))
          .rowCount
      ).toBe(0)
    } finally {
      await c.end()
    }
    // the server that is left still serves, after the restart too
    const after = await signIn(servers[0].origin, 'vic')
    const progress = await after.ok<{ submitted: number; complete: number }>('team.progress', { taskId: task.id })
    expect(progress).toMatchObject({ submitted: 12 * ANNOTATORS.length, complete: 12 })
    // and its LISTEN connection came back by itself: a label set now reaches a client of the event stream
    const events = await openEvents(servers[0].origin, after.cookie!)
    const boss2 = await signIn(servers[0].origin, 'boss')
    for (let i = 0; events.messages.length === 0 && i < 60; i++) {
      await boss2.ok('labels.set', { utteranceId: 'S2M_2', annotator: 'boss', arousal: 1 + (i % 5) })
      await new Promise((r) => setTimeout(r, 500))
    }
    expect(events.messages[0]).toMatchObject({
      name: 'labels.changed',
      args: [[{ utteranceId: 'S2M_2', annotator: 'boss' }]]
    })
    events.close()
  }, 600_000)
})
