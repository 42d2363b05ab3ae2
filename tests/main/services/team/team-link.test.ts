/**
 * The replica of a team store (services/team/team-link.ts, docs/team.md "One --db for every command"): named after
 * the server, database and user, never the password; error messages stripped of the password whatever the driver
 * wrote; and the link itself against a real PostgreSQL server: a refresh copies the team's corpus and events once
 * however often it runs, a label set is in PostgreSQL and then in the replica under the same id, and a push of
 * the replica's own events is idempotent.
 */
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPgStore } from '../../../../src/main/services/store/postgres/pg-store'
import { openSqliteStore } from '../../../../src/main/services/store/sqlite/sqlite-store'
import {
  createTeamLink,
  replicaFileName,
  teamStoreError,
  withoutPassword
} from '../../../../src/main/services/team/team-link'
import type { PostgresServer } from '../../../helpers/postgres-server'
import { startPostgres } from '../../../helpers/postgres-server'
import { storeWithCorpus, tinyCorpus } from '../../../helpers/store-fixture'
import { tempDir } from '../../../helpers/temp-dir'

describe('the replica of a team store', () => {
  it('is named after host and database, the same whatever the password, never containing it', () => {
    const a = replicaFileName('postgresql://ana:first-pw@db.lab.example:5432/ser')
    const b = replicaFileName('postgresql://ana:second-pw@db.lab.example:5432/ser')
    expect(a).toBe(b)
    expect(a).toMatch(/^db\.lab\.example-ser-[0-9a-f]{16}\.db$/)
    expect(a).not.toContain('pw')
    expect(replicaFileName('postgresql://bob@db.lab.example:5432/ser')).not.toBe(a)
    expect(replicaFileName('postgresql://ana@db.lab.example:5432/other')).not.toBe(a)
    expect(replicaFileName('postgresql://ana:x@[bad/ser')).toMatch(/^team-[0-9a-f]{16}\.db$/)
  })

  it('takes the password out of any message, and names the field', () => {
    const url = 'postgresql://ana:p%40ss@host/db'
    expect(withoutPassword('auth failed for p@ss at p@ss', url)).toBe('auth failed for *** at ***')
    expect(withoutPassword('nothing secret', 'postgresql://ana@host/db')).toBe('nothing secret')
    const e = teamStoreError(new Error('boom p@ss'), url, '--db')
    expect(e).toMatchObject({ code: 'FILE_UNREADABLE', field: '--db', message: '--db: boom ***' })
  })
})

describe('the link against PostgreSQL', () => {
  const tmp = tempDir('ser-team-link-')
  let server: PostgresServer
  beforeAll(async () => {
    server = await startPostgres()
  }, 120_000)
  afterAll(() => {
    server?.cleanup()
    tmp.cleanup()
  })

  it('refreshes idempotently, writes label sets to PostgreSQL first, and pushes its own events once', async () => {
    const url = server.createDatabase('link')
    const remote = await openPgStore(url)
    const seed = await storeWithCorpus(join(tmp.dir, 'seed.db'))
    const corpusId = tinyCorpus().corpus.id
    await remote.putCorpus(await seed.corpusBatch(corpusId))
    await seed.close()
    await remote.setLabel({ utteranceId: 'S1F_0', annotator: 'ana', category: 'ang' })

    const replica = openSqliteStore(join(tmp.dir, 'replica.db'))
    const link = createTeamLink(remote, replica, join(tmp.dir, 'replica.db'))
    try {
      const first = await link.refresh()
      const again = await link.refresh()
      expect(first.added).toBe(1)
      expect(again).toMatchObject({ read: 1, added: 0 })
      expect((await replica.utterancesPage({})).map((u) => u.id)).toEqual(
        (await remote.utterancesPage({})).map((u) => u.id)
      )

      const edits = await link.setLabel({ utteranceId: 'S1F_0', annotator: 'bob', category: 'sad' })
      expect(edits).toHaveLength(1)
      const remoteIds = (await remote.labelEventsAfter(0, 100)).map((e) => e.eventId)
      const replicaIds = (await replica.labelEventsAfter(0, 100)).map((e) => e.eventId)
      expect(replicaIds).toEqual(remoteIds)

      // an edit made in the replica alone (a label file) reaches PostgreSQL once, however often it is pushed
      await replica.setLabel({ utteranceId: 'S1F_0', annotator: 'cy', valence: 2 }, 'file')
      expect((await link.push()).added).toBe(1)
      expect((await link.push()).added).toBe(0)
      expect((await remote.currentLabels('S1F_0')).map((l) => l.annotator).sort()).toEqual(['ana', 'bob', 'cy'])
      // and coming back in a refresh, it is not doubled in the replica
      expect((await link.refresh()).added).toBe(0)
      expect(await replica.labelEventsAfter(0, 100)).toHaveLength(3)

      // an event committed without a notice (as while the LISTEN connection is down) comes in with the next notice
      const c = new pg.Client(url)
      await c.connect()
      try {
        await c.query(
          `INSERT INTO label_events (utterance_id, annotator_id, field, old_value, new_value, at, source)
           VALUES ('S1F_0', 'ana', 'valence', NULL, '4', '2026-01-01T00:00:00.000Z', 'edit')`
        )
      } finally {
        await c.end()
      }
      const other = await openPgStore(url)
      try {
        await other.setLabel({ utteranceId: 'S1F_0', annotator: 'dee', category: 'neu' })
      } finally {
        await other.close()
      }
      await expect
        .poll(async () => (await replica.labelEventsAfter(0, 100)).map((e) => e.annotator).sort(), { timeout: 20_000 })
        .toEqual(['ana', 'ana', 'bob', 'cy', 'dee'])
    } finally {
      await link.close()
      await replica.close()
    }
  }, 120_000)
})
