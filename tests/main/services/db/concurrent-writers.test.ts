/**
 * Two processes writing one corpus index at once (issue 15 item 1): two `ser serve` on the same database file, 300
 * `labels.set` each, fired concurrently. Every write takes the write lock up front (BEGIN IMMEDIATE), so the busy
 * timeout applies and none fails; every acknowledged edit is in the history afterwards.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb } from '../../../../src/main/services/db/open-db'
import { callServe, tinyIndexOnDisk, type SharedIndex } from '../../../helpers/shared-index'
import type { ServeProcess } from '../../../helpers/serve-process'
import { startServe } from '../../../helpers/serve-process'
import { startWebHarness } from '../../../helpers/web-harness'
import Database from 'better-sqlite3'

const WRITES = 300

let index: SharedIndex
let dbPath: string
let ids: string[]
beforeAll(async () => {
  index = await tinyIndexOnDisk('ser-concurrent-')
  ;({ dbPath, ids } = index)
}, 120_000)
afterAll(() => index?.cleanup())

const call = callServe

/** `WRITES` label edits as `annotator`, `inFlight` at a time; each one changes a value, so each makes one edit. */
async function writer(s: ServeProcess, annotator: string, inFlight: number) {
  const failures: string[] = []
  let edits = 0
  let next = 0
  const one = async (): Promise<void> => {
    while (next < WRITES) {
      const i = next++
      const r = await call(s, 'labels.set', {
        utteranceId: ids[i % ids.length],
        annotator,
        valence: 1 + (Math.floor(i / ids.length) % 5)
      })
      if (r.status !== 200 || !r.body.ok) failures.push(`${r.status} ${JSON.stringify(r.body.error)}`)
      else edits += (r.body.value as unknown[]).length
    }
  }
  await Promise.all(Array.from({ length: inFlight }, one))
  return { failures, edits }
}

describe('two processes writing one index', () => {
  it(`${WRITES} labels.set on each of two servers: no failure, every acknowledged edit in the history`, async () => {
    const a = await startServe(['--db', dbPath])
    const b = await startServe(['--db', dbPath])
    try {
      const [ra, rb] = await Promise.all([writer(a, 'ana', 4), writer(b, 'bob', 4)])
      expect(ra.failures).toEqual([])
      expect(rb.failures).toEqual([])
      expect(ra.edits).toBe(WRITES)
      expect(rb.edits).toBe(WRITES)
    } finally {
      await a.stop()
      await b.stop()
    }
    const db = openDb(dbPath, { readonly: true })
    try {
      const count = db
        .prepare('SELECT annotator_id AS a, COUNT(*) AS n FROM label_events GROUP BY annotator_id')
        .all() as { a: string; n: number }[]
      const byName = new Map(count.map((c) => [c.a, c.n]))
      expect(byName.get('ana')).toBe(WRITES)
      expect(byName.get('bob')).toBe(WRITES)
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      db.close()
    }
  }, 300_000)
})

describe('a write that cannot get the lock', () => {
  it('answers BUSY (HTTP 503 with Retry-After), never INTERNAL, and writes nothing', async () => {
    const h = await startWebHarness()
    const holder = new Database(join(h.dir, 'index.db'))
    try {
      const id = h.services.corpus.utterances()[0].id
      holder.exec('BEGIN IMMEDIATE') // another process holding the write lock past the busy timeout
      const r = await h.request('/api/call', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ method: 'labels.set', args: { utteranceId: id, annotator: 'ana', valence: 2 } })
      })
      expect(r.status).toBe(503)
      expect(r.headers['retry-after']).toBe('1')
      const body = JSON.parse(r.text) as { ok: boolean; error: { code: string; message: string } }
      expect(body.error.code).toBe('BUSY')
      expect(body.error.message).toMatch(/retry/)
      holder.exec('ROLLBACK')
      expect(h.services.labels.history(id).filter((e) => e.annotator === 'ana')).toEqual([])
      // and once the lock is free the same write goes through
      expect((await h.call('labels.set', { utteranceId: id, annotator: 'ana', valence: 2 })).status).toBe(200)
    } finally {
      holder.close()
      await h.close()
    }
  }, 60_000)
})
