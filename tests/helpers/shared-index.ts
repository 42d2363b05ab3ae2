/**
 * For tests where several `ser serve` processes share one index file: a tiny demo corpus imported into an index on
 * disk, and one API call to a serve process over raw HTTP (its status and parsed body, a 503 included).
 */
import { join } from 'node:path'
import { createServices } from '../../src/main/services/create-services'
import { writeDemoCorpus } from '../../src/main/services/demo/demo-corpus'
import { rawRequest } from './raw-http'
import type { ServeProcess } from './serve-process'
import { tempDir } from './temp-dir'

export interface SharedIndex {
  dir: string
  dbPath: string
  /** The utterance ids of the imported corpus */
  ids: string[]
  cleanup: () => void
}

/** One session of the demo corpus (4 turns a dialog), imported into `index.db` in a fresh temporary folder */
export async function tinyIndexOnDisk(prefix: string): Promise<SharedIndex> {
  const tmp = tempDir(prefix)
  const dbPath = join(tmp.dir, 'index.db')
  writeDemoCorpus(join(tmp.dir, 'corpus'), { sessions: 1, turnsPerDialog: 4 })
  const s = createServices({ dbPath })
  await s.importer.importCorpus({ kind: 'iemocap', dir: join(tmp.dir, 'corpus'), name: 'tiny' })
  const ids = s.corpus.utterances().map((u) => u.id)
  s.close()
  return { dir: tmp.dir, dbPath, ids, cleanup: tmp.cleanup }
}

export interface ApiAnswer {
  status: number
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } }
}

/** `POST /api/call` to a `ser serve` process with its launch token */
export async function callServe(s: ServeProcess, method: string, args: unknown): Promise<ApiAnswer> {
  const port = Number(new URL(s.url).port)
  const r = await rawRequest(port, {
    method: 'POST',
    path: '/api/call',
    headers: { Host: `127.0.0.1:${port}`, Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ method, args })
  })
  return { status: r.status, body: JSON.parse(r.text) as ApiAnswer['body'] }
}
