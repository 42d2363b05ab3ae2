/**
 * One contract, both engines: every test runs against a SQLite file and against a real PostgreSQL 15 server that
 * this suite starts (initdb + pg_ctl in a temporary folder) and stops afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../../../src/main/services/store/store'
import { openStore } from '../../../../src/main/services/store/open-store'
import type { LabelEdit } from '../../../../src/shared/domain/labels'
import type { PostgresServer } from '../../../helpers/postgres-server'
import { startPostgres } from '../../../helpers/postgres-server'
import type { EngineHandle } from '../../../helpers/store-fixture'
import {
  evaluatorEvents,
  postgresEngine,
  sqliteEngine,
  storeWithCorpus,
  tinyCorpus
} from '../../../helpers/store-fixture'
import { tempDir } from '../../../helpers/temp-dir'

const tmp = tempDir('ser-store-')
let server: PostgresServer
beforeAll(async () => {
  server = await startPostgres()
})
afterAll(() => {
  server?.cleanup()
  tmp.cleanup()
})

const engines: EngineHandle[] = [sqliteEngine(tmp.dir), postgresEngine(() => server)]

describe.each(engines)('store contract: $engine', (h) => {
  async function withStore<T>(fn: (s: Store, location: string) => Promise<T>): Promise<T> {
    const location = h.fresh()
    const s = await storeWithCorpus(location)
    try {
      return await fn(s, location)
    } finally {
      await s.close()
    }
  }

  it('opens the same location twice without migrating again, and reports its engine', async () => {
    const location = h.fresh()
    const a = await openStore(location)
    await a.putCorpus(tinyCorpus())
    await a.close()
    const b = await openStore(location)
    expect(b.engine).toBe(h.engine)
    expect((await b.corpora()).map((c) => [c.id, c.utterances])).toEqual([['tiny', 12]])
    await b.close()
  })

  it('reads the corpus index: corpora, sessions, speakers, pages, one utterance, audio location', async () => {
    await withStore(async (s) => {
      expect(await s.sessions('tiny')).toEqual([
        { id: '1', corpusId: 'tiny', utterances: 6, speakers: ['S1F', 'S1M'] },
        { id: '2', corpusId: 'tiny', utterances: 6, speakers: ['S2F', 'S2M'] }
      ])
      expect((await s.speakers()).map((x) => [x.id, x.gender, x.session])).toEqual([
        ['S1F', 'F', '1'],
        ['S1M', 'M', '1'],
        ['S2F', 'F', '2'],
        ['S2M', 'M', '2']
      ])
      const page = await s.utterancesPage({ corpusId: 'tiny', limit: 5, offset: 2 })
      expect(page.map((u) => u.id)).toEqual(['S1F_2', 'S1M_0', 'S1M_1', 'S1M_2', 'S2F_0'])
      expect((await s.utterancesPage({ session: '2', gender: 'M' })).map((u) => u.id)).toEqual([
        'S2M_0',
        'S2M_1',
        'S2M_2'
      ])
      // search is case-insensitive over ids and transcripts, with LIKE's wildcards taken literally
      expect((await s.utterancesPage({ search: 'HELLO FROM s1' })).map((u) => u.id)).toEqual(['S1F_0', 'S1M_0'])
      expect(await s.utterancesPage({ search: '%' })).toEqual([])
      // the evaluators disagree on each speaker's first utterance: no majority there
      const disagree = await s.utterancesPage({ disagree: true })
      expect(disagree.map((u) => u.id)).toEqual(['S1F_0', 'S1M_0', 'S2F_0', 'S2M_0'])
      const u = await s.utterance('S1F_1')
      expect(u).toMatchObject({
        id: 'S1F_1',
        speaker: 'S1F',
        gender: 'F',
        session: '1',
        dialog: 'D1',
        startSec: 2,
        endSec: 3.5,
        durationSec: 1.5,
        sampleRate: 16000,
        category: 'ang',
        raters: 2,
        ratersDisagree: false,
        flagged: false
      })
      await expect(s.utterance('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'id' })
      expect(await s.audioLocation('S2M_2')).toEqual({ root: '/corpora/tiny', path: 'wav/S2M_2.wav' })
      const batch = await s.corpusBatch('tiny')
      expect(batch).toEqual(tinyCorpus())
    })
  })

  it('sets labels: history appended, current values and consensus derived, no-op edits not stored', async () => {
    await withStore(async (s) => {
      const edits = await s.setLabel({ utteranceId: 'S1F_0', annotator: 'ana', category: 'hap', valence: 4 })
      expect(edits.map((e) => [e.field, e.oldValue, e.newValue, e.source])).toEqual([
        ['category', null, 'hap', 'edit'],
        ['valence', null, '4', 'edit']
      ])
      expect(await s.setLabel({ utteranceId: 'S1F_0', annotator: 'ana', category: 'hap' })).toEqual([])
      const again = await s.setLabel({ utteranceId: 'S1F_0', annotator: 'ana', category: 'neu', flag: true })
      expect(again.map((e) => [e.field, e.oldValue, e.newValue])).toEqual([
        ['category', 'hap', 'neu'],
        ['flag', null, '1']
      ])
      // people decide over evaluators (docs/labels.md)
      expect(await s.utterance('S1F_0')).toMatchObject({ category: 'neu', valence: 4, flagged: true, raters: 3 })
      const history = await s.labelHistory('S1F_0')
      expect(history.map((e) => `${e.annotator}/${e.field}=${e.newValue}`)).toEqual([
        'tiny:E1/category=ang',
        'tiny:E2/category=sad',
        'ana/category=hap',
        'ana/valence=4',
        'ana/category=neu',
        'ana/flag=1'
      ])
      expect(history.map((e) => e.seq)).toEqual([...history.map((e) => e.seq)].sort((a, b) => a - b))
      const current = await s.currentLabels('S1F_0')
      expect(current.find((a) => a.annotator === 'ana')).toEqual({
        annotator: 'ana',
        kind: 'human',
        category: 'neu',
        valence: 4,
        arousal: null,
        dominance: null,
        flag: true
      })
      expect((await s.annotators()).map((a) => [a.id, a.kind, a.labels])).toEqual(
        [
          ['tiny:E1', 'evaluator', 12],
          ['tiny:E2', 'evaluator', 12],
          ['ana', 'human', 1]
        ].sort((a, b) => String(a[1]).localeCompare(String(b[1])) || String(a[0]).localeCompare(String(b[0])))
      )
      // clearing a field removes the current value but keeps the history
      await s.setLabel({ utteranceId: 'S1F_0', annotator: 'ana', category: null })
      expect((await s.currentLabels('S1F_0')).find((a) => a.annotator === 'ana')?.category).toBeNull()
      expect(await s.labelHistory('S1F_0')).toHaveLength(7)
    })
  })

  it('refuses a corpus rater as a person, an unknown utterance and a bad value, storing nothing', async () => {
    await withStore(async (s) => {
      await expect(s.setLabel({ utteranceId: 'S1F_0', annotator: 'tiny:E1', category: 'hap' })).rejects.toMatchObject({
        code: 'FIELD_INVALID',
        field: 'annotator'
      })
      await expect(s.setLabel({ utteranceId: 'nope', annotator: 'ana', category: 'hap' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        field: 'utteranceId'
      })
      await expect(
        s.setLabel({ utteranceId: 'S1F_0', annotator: 'ana', valence: 3, category: 'xyz' as never })
      ).rejects.toMatchObject({
        code: 'FIELD_INVALID',
        field: 'category'
      })
      expect(await s.labelHistory('S1F_0')).toHaveLength(2)
    })
  })

  it('keeps the label history append-only in the database itself', async () => {
    await withStore(async (_s, location) => {
      await expect(h.raw(location, `UPDATE label_events SET new_value = 'hap'`)).rejects.toThrow(/append-only/)
      await expect(h.raw(location, `DELETE FROM label_events`)).rejects.toThrow(/append-only/)
      if (h.engine === 'postgres')
        await expect(h.raw(location, `TRUNCATE label_events CASCADE`)).rejects.toThrow(/append-only/)
      expect(await _s.labelHistory('S1F_0')).toHaveLength(2)
    })
  })

  it('hands label events on by global id: appending them again, or to a store that has them, adds nothing', async () => {
    await withStore(async (s) => {
      await s.setLabel({ utteranceId: 'S2M_1', annotator: 'bo', category: 'sad', arousal: 2 })
      const events = await s.labelEventsAfter(0, 1000)
      expect(events).toHaveLength(26)
      expect(new Set(events.map((e) => e.eventId)).size).toBe(26)
      expect(await s.appendLabelEvents(events)).toBe(0)
      // paging by seq
      const first = await s.labelEventsAfter(0, 10)
      const rest = await s.labelEventsAfter(first[9].seq, 1000)
      expect([...first, ...rest].map((e) => e.eventId)).toEqual(events.map((e) => e.eventId))

      for (const other of engines) {
        const copy = await openStore(other.fresh())
        try {
          await copy.putCorpus(await s.corpusBatch('tiny'))
          expect(await copy.appendLabelEvents(events)).toBe(26)
          expect(await copy.appendLabelEvents(events)).toBe(0)
          expect(await copy.utterance('S2M_1')).toEqual(await s.utterance('S2M_1'))
          expect(await copy.currentLabels('S2M_1')).toEqual(await s.currentLabels('S2M_1'))
          const back = await copy.labelEventsAfter(0, 1000)
          expect(back.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId))
          // and the copy's events handed back to the source are all known there
          expect(await s.appendLabelEvents(back)).toBe(0)
        } finally {
          await copy.close()
        }
      }
      await expect(s.appendLabelEvents([{ ...events[0], eventId: 'x:1', utteranceId: 'nope' }])).rejects.toMatchObject({
        code: 'NOT_FOUND'
      })
    })
  })

  it('tells listeners about every committed label change once', async () => {
    await withStore(async (s) => {
      const heard: LabelEdit[][] = []
      // (the fixture's own import may still be on its way from PostgreSQL: listen for ana's edits)
      const off = s.onLabelsChanged((e) => e[0].annotator === 'ana' && heard.push(e))
      await s.setLabel({ utteranceId: 'S1M_1', annotator: 'ana', category: 'hap' })
      await s.setLabel({ utteranceId: 'S1M_1', annotator: 'ana', category: 'hap' })
      await s.setLabel({ utteranceId: 'S1M_2', annotator: 'ana', dominance: 2 })
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(2)
      expect(heard.map((e) => e.map((x) => `${x.utteranceId}/${x.field}`))).toEqual([
        ['S1M_1/category'],
        ['S1M_2/dominance']
      ])
      off()
      await s.setLabel({ utteranceId: 'S1M_2', annotator: 'ana', dominance: 3 })
      await new Promise((r) => setTimeout(r, 300))
      expect(heard).toHaveLength(2)
    })
  })

  it('keeps accounts and sign-in sessions: expiry, disabling and logout everywhere end them', async () => {
    await withStore(async (s) => {
      const a = await s.createAccount('ana', 'annotator', 'scrypt$x')
      expect(a).toMatchObject({ name: 'ana', role: 'annotator', disabled: false, mustChangePassword: true })
      await expect(s.createAccount('ana', 'admin', 'h')).rejects.toMatchObject({ code: 'CONFLICT', field: 'name' })
      await s.updateAccount('ana', {
        passwordHash: 'scrypt$y',
        mustChangePassword: false,
        failedLogins: 3,
        lastFailedAt: 'T'
      })
      expect(await s.account('ana')).toMatchObject({
        passwordHash: 'scrypt$y',
        mustChangePassword: false,
        failedLogins: 3,
        lastFailedAt: 'T'
      })
      await expect(s.updateAccount('nobody', { disabled: true })).rejects.toMatchObject({ code: 'NOT_FOUND' })
      expect(await s.account('nobody')).toBeNull()

      const later = new Date(Date.now() + 3_600_000).toISOString()
      await s.createSession('h1', 'ana', 'c1', later)
      await s.createSession('h2', 'ana', 'c2', later)
      await s.createSession('old', 'ana', 'c3', new Date(Date.now() - 1000).toISOString())
      expect(await s.session('h1')).toMatchObject({ account: { name: 'ana' }, csrf: 'c1' })
      expect(await s.session('old')).toBeNull()
      await s.deleteSession('h1')
      expect(await s.session('h1')).toBeNull()
      await s.updateAccount('ana', { disabled: true })
      expect(await s.session('h2')).toBeNull()
      await s.updateAccount('ana', { disabled: false })
      expect(await s.session('h2')).not.toBeNull()
      expect(await s.deleteSessions('ana')).toBe(2)
      expect(await s.session('h2')).toBeNull()
      expect((await s.accounts()).map((x) => x.name)).toEqual(['ana'])
    })
  })

  it('makes tasks from a filter and hands out utterances: ≤ k each, balanced, never twice to one person', async () => {
    await withStore(async (s) => {
      const t = await s.createTask({
        name: 'S1',
        filter: { sessions: ['1'] },
        k: 2,
        pool: ['ana', 'bo', 'cy'],
        blind: true,
        createdBy: 'admin'
      })
      expect(t).toMatchObject({ name: 'S1', k: 2, items: 6, pool: ['ana', 'bo', 'cy'], blind: true })
      expect(
        (
          await s.createTask({
            name: 'd',
            filter: { disagree: true, speakers: ['S2M', 'S1F'] },
            k: 1,
            pool: ['ana'],
            blind: false,
            createdBy: 'admin'
          })
        ).items
      ).toBe(2)
      expect(await s.taskItems(t.id)).toEqual(['S1F_0', 'S1F_1', 'S1F_2', 'S1M_0', 'S1M_1', 'S1M_2'])
      expect((await s.tasks('bo')).map((x) => x.id)).toEqual([t.id])
      expect(await s.tasks()).toHaveLength(2)

      // an open assignment is handed out again until it is submitted
      const first = await s.claimNext(t.id, 'ana')
      expect(await s.claimNext(t.id, 'ana')).toBe(first)
      await expect(s.claimNext(t.id, 'zed')).rejects.toMatchObject({ code: 'CONFLICT', field: 'annotator' })
      await expect(s.claimNext(999, 'ana')).rejects.toMatchObject({ code: 'NOT_FOUND' })

      const got = new Map<string, string[]>()
      for (let round = 0; round < 6; round++) {
        for (const a of ['ana', 'bo', 'cy']) {
          const u = await s.claimNext(t.id, a)
          if (u === null) continue
          got.set(a, [...(got.get(a) ?? []), u])
          await s.setLabel({ utteranceId: u, annotator: a, category: 'neu' })
          await s.submitAssignments(u, a)
        }
      }
      const all = [...got.values()].flat()
      expect(all).toHaveLength(12)
      for (const list of got.values()) expect(new Set(list).size).toBe(list.length)
      const perUtterance = new Map<string, number>()
      for (const u of all) perUtterance.set(u, (perUtterance.get(u) ?? 0) + 1)
      expect([...perUtterance.values()]).toEqual([2, 2, 2, 2, 2, 2])
      expect(await s.claimNext(t.id, 'ana')).toBeNull()
      const p = await s.taskProgress(t.id)
      expect(p).toMatchObject({ items: 6, slots: 12, assigned: 12, submitted: 12, complete: 6 })
      expect(p.perAnnotator.map((x) => x.submitted).reduce((a, b) => a + b)).toBe(12)
      expect(p.perAnnotator.every((x) => x.submitted === 4)).toBe(true)
      expect(await s.isAssigned(got.get('bo')![0], 'bo')).toBe(true)
      expect(await s.isAssigned('S2F_0', 'bo')).toBe(false)
      const ratings = await s.ratings('category', ['S1F_0'])
      expect(ratings.map((r) => r.annotator).sort()).toEqual(
        [...['tiny:E1', 'tiny:E2'], ...[...got.entries()].filter(([, l]) => l.includes('S1F_0')).map(([a]) => a)].sort()
      )
    })
  })

  it('hides labels in a blind task until the annotator submitted their own', async () => {
    await withStore(async (s) => {
      const t = await s.createTask({
        name: 'b',
        filter: { speakers: ['S1F'] },
        k: 2,
        pool: ['ana', 'bo'],
        blind: true,
        createdBy: 'x'
      })
      const open = await s.createTask({
        name: 'o',
        filter: { speakers: ['S2F'] },
        k: 2,
        pool: ['ana'],
        blind: false,
        createdBy: 'x'
      })
      expect(await s.isBlind('S1F_0', 'ana')).toBe(true)
      expect(await s.isBlind('S2F_0', 'ana')).toBe(false)
      expect(await s.isBlind('S1F_0', 'zed')).toBe(false)
      await s.setLabel({ utteranceId: 'S1F_0', annotator: 'ana', valence: 3 })
      expect(await s.isBlind('S1F_0', 'ana')).toBe(true)
      await s.setLabel({ utteranceId: 'S1F_0', annotator: 'ana', category: 'sad' })
      expect(await s.isBlind('S1F_0', 'ana')).toBe(false)
      expect(await s.isBlind('S1F_0', 'bo')).toBe(true)
      void t
      void open
    })
  })

  it('never hands one slot twice when many annotators claim at once', async () => {
    await withStore(async (s) => {
      const pool = Array.from({ length: 10 }, (_, i) => `a${i}`)
      const t = await s.createTask({ name: 'race', filter: {}, k: 3, pool, blind: true, createdBy: 'x' })
      const claimed: [string, string][] = []
      // every annotator claims, submits and claims again, all at once
      await Promise.all(
        pool.map(async (a) => {
          for (;;) {
            const u = await s.claimNext(t.id, a)
            if (u === null) return
            claimed.push([a, u])
            await s.submitAssignments(u, a)
          }
        })
      )
      expect(claimed).toHaveLength(12 * 3)
      expect(new Set(claimed.map(([a, u]) => `${a}/${u}`)).size).toBe(36)
      const per = new Map<string, number>()
      for (const [, u] of claimed) per.set(u, (per.get(u) ?? 0) + 1)
      expect([...per.values()].every((n) => n === 3)).toBe(true)
      expect(per.size).toBe(12)
    })
  })
})

it('keeps the fixture honest: evaluator events name only utterances of the corpus', () => {
  const ids = new Set(tinyCorpus().utterances.map((u) => u.id))
  expect(evaluatorEvents(tinyCorpus()).every((e) => ids.has(e.utteranceId))).toBe(true)
})
