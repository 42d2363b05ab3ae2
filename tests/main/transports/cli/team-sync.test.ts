/**
 * `ser team push` / `ser team pull` as a user runs them (the built CLI) between a SQLite file and a real PostgreSQL
 * server: idempotent by event id (run twice, nothing doubles), resumable (killed mid-way with SIGKILL, run again,
 * everything arrives once), and a round trip that leaves both sides with the same labels.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../../../src/main/services/store/open-store'
import type { Store, SyncedLabelEvent } from '../../../../src/main/services/store/store'
import type { PostgresServer } from '../../../helpers/postgres-server'
import { startPostgres } from '../../../helpers/postgres-server'
import { REPO, ser } from '../../../helpers/run-ser'
import { storeWithCorpus, tinyCorpus } from '../../../helpers/store-fixture'
import { tempDir } from '../../../helpers/temp-dir'

const tmp = tempDir('ser-sync-')
let server: PostgresServer
beforeAll(async () => {
  server = await startPostgres()
})
afterAll(() => {
  server?.cleanup()
  tmp.cleanup()
})

const CATS = ['ang', 'hap', 'sad', 'neu'] as const

/** A local corpus with many edits by a few people: enough events that a push takes a while in small batches */
async function busyLocal(path: string, people: number, rounds: number): Promise<Store> {
  const s = await storeWithCorpus(path)
  const events: SyncedLabelEvent[] = []
  const ids = tinyCorpus().utterances.map((u) => u.id)
  for (let r = 0; r < rounds; r++) {
    for (let p = 0; p < people; p++) {
      for (const [i, u] of ids.entries()) {
        events.push({
          eventId: `local-fixture:${r}:${p}:${u}`,
          utteranceId: u,
          annotator: `p${p}`,
          annotatorKind: 'human',
          annotatorCorpus: null,
          field: 'category',
          oldValue: null,
          newValue: CATS[(r + p + i) % 4],
          at: new Date(r).toISOString(),
          source: 'edit'
        })
      }
    }
  }
  await s.appendLabelEvents(events)
  await s.setLabel({ utteranceId: 'S1F_0', annotator: 'me', category: 'hap', valence: 4 })
  return s
}

async function pgCount(url: string, sql: string): Promise<number> {
  const c = new pg.Client(url)
  await c.connect()
  try {
    return Number((await c.query(sql)).rows[0].n)
  } finally {
    await c.end()
  }
}

async function sameLabels(a: Store, b: Store): Promise<void> {
  const ua = await a.utterancesPage({})
  expect(await b.utterancesPage({})).toEqual(ua)
  for (const u of ua) expect(await b.currentLabels(u.id)).toEqual(await a.currentLabels(u.id))
}

describe('ser team push / pull', () => {
  it('pushes a corpus and its history once however often it runs, and pulls the team’s edits back', async () => {
    const localPath = join(tmp.dir, 'local.db')
    const local = await busyLocal(localPath, 3, 2)
    const url = server.createDatabase('push_twice')
    const total = (await local.labelEventsAfter(0, 1e6)).length
    const first = ser(['team', 'push', '--db', localPath, '--to', url])
    expect(first.status, first.stderr).toBe(0)
    expect(JSON.parse(first.stdout)).toMatchObject({ read: total, added: total, corpora: ['tiny'] })
    const again = ser(['team', 'push', '--db', localPath, '--to', url])
    expect(JSON.parse(again.stdout)).toMatchObject({ read: total, added: 0 })
    expect(await pgCount(url, 'SELECT COUNT(*) AS n FROM label_events')).toBe(total)

    const team = await openStore(url)
    try {
      await sameLabels(local, team)
      expect(await team.audioLocation('S2M_1')).toEqual(await local.audioLocation('S2M_1'))
      // the team labels on; a pull brings only that back (the pushed events are known locally by their ids)
      await team.setLabel({ utteranceId: 'S2M_2', annotator: 'ana', category: 'sad', arousal: 2 })
      const pull = ser(['team', 'pull', '--from', url, '--db', localPath])
      expect(pull.status, pull.stderr).toBe(0)
      expect(JSON.parse(pull.stdout)).toMatchObject({ read: total + 2, added: 2, skipped: 0 })
      expect(JSON.parse(ser(['team', 'pull', '--from', url, '--db', localPath]).stdout)).toMatchObject({ added: 0 })
      await sameLabels(team, local)

      // into a fresh desktop index holding only the corpus
      const freshPath = join(tmp.dir, 'fresh.db')
      const fresh = await openStore(freshPath)
      await fresh.putCorpus(tinyCorpus())
      await fresh.close()
      expect(JSON.parse(ser(['team', 'pull', '--from', url, '--db', freshPath]).stdout)).toMatchObject({
        added: total + 2
      })
      const reopened = await openStore(freshPath)
      await sameLabels(team, reopened)
      await reopened.close()
    } finally {
      await team.close()
      await local.close()
    }
  })

  it('resumes a push killed mid-way: every event arrives exactly once', async () => {
    const localPath = join(tmp.dir, 'killed.db')
    const local = await busyLocal(localPath, 10, 25)
    const total = (await local.labelEventsAfter(0, 1e6)).length
    expect(total).toBeGreaterThan(3000)
    const url = server.createDatabase('push_killed')
    const child = spawn(
      process.execPath,
      [join(REPO, 'bin', 'ser.mjs'), 'team', 'push', '--db', localPath, '--to', url, '--batch', '20'],
      {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    const exited = new Promise<number | null>((r) =>
      child.on('exit', (_code, signal) => r(signal === 'SIGKILL' ? -9 : _code))
    )
    await new Promise<void>((resolve) => {
      let err = ''
      child.stderr!.on('data', (c: Buffer) => {
        err += c.toString()
        const m = [...err.matchAll(/pushed (\d+) events/g)].at(-1)
        if (m && Number(m[1]) >= 600) {
          child.kill('SIGKILL')
          resolve()
        }
      })
      child.on('exit', () => resolve())
    })
    expect(await exited).toBe(-9)
    const partial = await pgCount(url, 'SELECT COUNT(*) AS n FROM label_events')
    expect(partial).toBeGreaterThan(0)
    expect(partial).toBeLessThan(total)
    // whole batches only: what is there is a prefix of the local history
    expect(partial % 20 === 0 || partial === total).toBe(true)

    const rest = ser(['team', 'push', '--db', localPath, '--to', url, '--batch', '500'])
    expect(rest.status, rest.stderr).toBe(0)
    expect(JSON.parse(rest.stdout)).toMatchObject({ read: total, added: total - partial })
    expect(await pgCount(url, 'SELECT COUNT(*) AS n FROM label_events')).toBe(total)
    expect(await pgCount(url, 'SELECT COUNT(DISTINCT event_id) AS n FROM label_events')).toBe(total)
    const team = await openStore(url)
    try {
      await sameLabels(local, team)
    } finally {
      await team.close()
      await local.close()
    }
  })
})
