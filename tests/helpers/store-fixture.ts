/**
 * Stores of both engines for tests: a fresh SQLite file, or a fresh database on a test PostgreSQL cluster
 * (postgres-server.ts), and a small synthetic corpus (no audio: the store keeps paths, not sound).
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import pg from 'pg'
import type { UtteranceRecord } from '../../src/main/services/corpus/corpus-index'
import { openStore } from '../../src/main/services/store/open-store'
import type { CorpusBatch, Store, StoreEngine, SyncedLabelEvent } from '../../src/main/services/store/store'
import type { PostgresServer } from './postgres-server'

let dbCounter = 0

export interface EngineHandle {
  engine: StoreEngine
  /** A fresh, empty store location: a file path or a postgresql:// URL */
  fresh(): string
  /** Runs raw SQL on a location, bypassing the store (to prove what the database itself refuses) */
  raw(location: string, sql: string): Promise<void>
}

export function sqliteEngine(dir: string): EngineHandle {
  return {
    engine: 'sqlite',
    fresh: () => join(dir, `store-${++dbCounter}.db`),
    async raw(location, sql) {
      const db = new Database(location)
      try {
        db.exec(sql)
      } finally {
        db.close()
      }
    }
  }
}

export function postgresEngine(server: () => PostgresServer): EngineHandle {
  return {
    engine: 'postgres',
    fresh: () => server().createDatabase(`store_${process.pid}_${++dbCounter}`),
    async raw(location, sql) {
      const c = new pg.Client(location)
      await c.connect()
      try {
        await c.query(sql)
      } finally {
        await c.end()
      }
    }
  }
}

/** 2 sessions × 2 speakers × 3 utterances of corpus `tiny` */
export function tinyCorpus(root = '/corpora/tiny'): CorpusBatch {
  const utterances: UtteranceRecord[] = []
  const speakers = ['S1F', 'S1M', 'S2F', 'S2M'].map((id) => ({
    id,
    corpusId: 'tiny',
    gender: id.endsWith('F') ? ('F' as const) : ('M' as const),
    session: id.slice(1, 2)
  }))
  let ord = 0
  for (const s of speakers) {
    for (let i = 0; i < 3; i++) {
      utterances.push({
        id: `${s.id}_${i}`,
        corpusId: 'tiny',
        path: `wav/${s.id}_${i}.wav`,
        session: s.session,
        speakerId: s.id,
        dialogId: `D${s.session}`,
        startSec: i * 2,
        endSec: i * 2 + 1.5,
        durationSec: 1.5,
        sampleRate: 16000,
        channels: 1,
        fileSize: 48044,
        fileMtimeMs: 1_700_000_000_000 + ord,
        transcript: i === 0 ? `Hello from ${s.id}` : null,
        ord: ord++
      })
    }
  }
  return {
    corpus: { id: 'tiny', kind: 'iemocap', root, importedAt: '2026-01-01T00:00:00.000Z' },
    speakers,
    dialogs: ['1', '2'].map((s) => ({ id: `D${s}`, corpusId: 'tiny', session: s, audioPath: `dialog/D${s}.wav` })),
    utterances
  }
}

/** Two corpus evaluators who disagree on the first utterance of each speaker and agree elsewhere */
export function evaluatorEvents(batch: CorpusBatch): SyncedLabelEvent[] {
  const out: SyncedLabelEvent[] = []
  for (const u of batch.utterances) {
    const first = u.id.endsWith('_0')
    for (const [e, cat] of [
      ['E1', 'ang'],
      ['E2', first ? 'sad' : 'ang']
    ] as const) {
      out.push({
        eventId: `fixture:${u.id}:${e}`,
        utteranceId: u.id,
        annotator: `tiny:${e}`,
        annotatorKind: 'evaluator',
        annotatorCorpus: 'tiny',
        field: 'category',
        oldValue: null,
        newValue: cat,
        at: '2026-01-01T00:00:00.000Z',
        source: 'import'
      })
    }
  }
  return out
}

export async function storeWithCorpus(location: string): Promise<Store> {
  const store = await openStore(location)
  const batch = tinyCorpus()
  await store.putCorpus(batch)
  await store.appendLabelEvents(evaluatorEvents(batch))
  return store
}
