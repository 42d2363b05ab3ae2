/**
 * A soak of the web mode (issue 15): two `ser serve` processes on one index, for SOAK_MS, with two label writers
 * (one per server, so the write lock is contended across processes), an importer posting label files in a loop and
 * a reader browsing and fetching spectrograms. Afterwards the index must pass `PRAGMA integrity_check`, every
 * history chain must link (each edit's old value is the previous edit's new value), the derived `labels` must be
 * the chains' ends, and every write a client was told succeeded must be in the history as told. No answer may be a
 * 500; a BUSY (503) is allowed (it is retryable and writes nothing) and counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LabelEdit } from '../../../../src/shared/domain/labels'
import { openDb } from '../../../../src/main/services/db/open-db'
import { rawRequest } from '../../../helpers/raw-http'
import { callServe, tinyIndexOnDisk, type SharedIndex } from '../../../helpers/shared-index'
import type { ServeProcess } from '../../../helpers/serve-process'
import { startServe } from '../../../helpers/serve-process'

/** How long the load runs; the whole test stays within about a minute */
const SOAK_MS = 40_000
const CATS = ['neu', 'hap', 'ang', 'sad']

let index: SharedIndex
let dbPath: string
let ids: string[]
beforeAll(async () => {
  index = await tinyIndexOnDisk('ser-soak-')
  ;({ dbPath, ids } = index)
}, 120_000)
afterAll(() => index?.cleanup())

interface Tally {
  ok: number
  busy: number
  failures: string[]
}

async function call(s: ServeProcess, method: string, args: unknown, t: Tally): Promise<unknown> {
  const { status, body } = await callServe(s, method, args)
  if (status === 200 && body.ok) {
    t.ok++
    return body.value
  }
  if (status === 503 && body.error?.code === 'BUSY') t.busy++
  else t.failures.push(`${method}: ${status} ${JSON.stringify(body.error)}`)
  return undefined
}

describe('soak: two servers, two writers, an importer and a reader on one index', () => {
  it(`runs ${SOAK_MS / 1000} s without a 500, then the index is intact and holds every acknowledged write`, async () => {
    const a = await startServe(['--db', dbPath])
    const b = await startServe(['--db', dbPath])
    const until = Date.now() + SOAK_MS
    const acknowledged: LabelEdit[] = []
    let importedEdits = 0
    const tallies: Record<string, Tally> = {}
    const tally = (name: string): Tally => (tallies[name] = { ok: 0, busy: 0, failures: [] })

    const writer = async (s: ServeProcess, annotator: string) => {
      const t = tally(annotator)
      const count = new Map<string, number>()
      for (let i = 0; Date.now() < until; i++) {
        const id = ids[i % ids.length]
        const k = (count.get(id) ?? 0) + 1
        count.set(id, k)
        const edits = (await call(
          s,
          'labels.set',
          { utteranceId: id, annotator, valence: 1 + (k % 5), flag: k % 2 === 0 },
          t
        )) as LabelEdit[] | undefined
        if (edits) acknowledged.push(...edits)
      }
    }
    const importer = async (s: ServeProcess) => {
      const t = tally('importer')
      for (let k = 0; Date.now() < until; k++) {
        const rows = ['id,annotator,category']
        for (let p = 0; p < 50; p++) for (const id of ids) rows.push(`${id},imp${p},${CATS[(k + p) % 4]}`)
        const r = (await call(
          s,
          'labels.import',
          { format: 'csv', filename: `soak-${k}.csv`, content: rows.join('\n') },
          t
        )) as { edits: number; errors: unknown[] } | undefined
        if (r) {
          importedEdits += r.edits
          if (r.errors.length > 0) t.failures.push(`import ${k}: ${JSON.stringify(r.errors.slice(0, 3))}`)
        }
      }
    }
    const reader = async (s: ServeProcess) => {
      const t = tally('reader')
      const port = Number(new URL(s.url).port)
      for (let i = 0; Date.now() < until; i++) {
        const id = ids[i % ids.length]
        await call(s, 'labels.history', { utteranceId: id }, t)
        await call(s, 'corpus.utterances', {}, t)
        const spg = await rawRequest(port, {
          path: `/media/spectrogram/${encodeURIComponent(id)}`,
          headers: { Host: `127.0.0.1:${port}`, Authorization: `Bearer ${s.token}` }
        })
        if (spg.status === 200) t.ok++
        else t.failures.push(`spectrogram ${id}: ${spg.status} ${spg.text.slice(0, 200)}`)
      }
    }

    try {
      await Promise.all([writer(a, 'wa'), writer(b, 'wb'), importer(a), reader(b)])
    } finally {
      await a.stop()
      await b.stop()
    }

    console.info(
      `soak: ${JSON.stringify(Object.fromEntries(Object.entries(tallies).map(([n, t]) => [n, { ok: t.ok, busy: t.busy }])))}, ${acknowledged.length} label edits and ${importedEdits} file edits acknowledged`
    )
    for (const [name, t] of Object.entries(tallies)) {
      expect(t.failures, name).toEqual([])
      expect(t.ok, `${name} made progress`).toBeGreaterThan(0)
    }
    expect(importedEdits).toBeGreaterThan(0)

    const db = openDb(dbPath, { readonly: true })
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(db.pragma('foreign_key_check')).toEqual([])
      // every acknowledged write is there, as it was acknowledged
      const bySeq = db.prepare(
        'SELECT utterance_id, annotator_id, field, old_value, new_value, source FROM label_events WHERE seq = ?'
      )
      for (const e of acknowledged) {
        expect(bySeq.get(e.seq), `edit ${e.seq}`).toEqual({
          utterance_id: e.utteranceId,
          annotator_id: e.annotator,
          field: e.field,
          old_value: e.oldValue,
          new_value: e.newValue,
          source: 'edit'
        })
      }
      // the file imports' acknowledged edits, all of them, by source
      const fileEdits = db.prepare("SELECT COUNT(*) FROM label_events WHERE source = 'file'").pluck().get() as number
      expect(fileEdits).toBe(importedEdits)
      // every chain links, and the derived labels are the chains' ends
      const events = db
        .prepare(
          'SELECT utterance_id AS u, annotator_id AS a, field AS f, old_value AS o, new_value AS n FROM label_events ORDER BY seq'
        )
        .all() as { u: string; a: string; f: string; o: string | null; n: string | null }[]
      const last = new Map<string, string | null>()
      let broken = 0
      for (const e of events) {
        const key = `${e.u}\u0000${e.a}\u0000${e.f}`
        if ((last.get(key) ?? null) !== e.o) broken++
        last.set(key, e.n)
      }
      expect(broken).toBe(0)
      const derived = db
        .prepare('SELECT utterance_id AS u, annotator_id AS a, field AS f, value AS v FROM labels')
        .all() as {
        u: string
        a: string
        f: string
        v: string
      }[]
      const ends = [...last].filter(([, v]) => v !== null)
      expect(derived.length).toBe(ends.length)
      for (const d of derived) expect(last.get(`${d.u}\u0000${d.a}\u0000${d.f}`)).toBe(d.v)
    } finally {
      db.close()
    }
  }, 120_000)
})
