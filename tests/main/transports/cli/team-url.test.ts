/**
 * `--db postgresql://…` in the desktop commands and in `ser serve`, as a user runs them (the built CLI) against a real
 * PostgreSQL server (docs/team.md "One --db for every command"): a corpus imported through the URL is published
 * there; label, history and list go straight to PostgreSQL; a label edit is in PostgreSQL when the command returns;
 * label files, agreement, export, training and evaluation work on the local replica with nothing doubled however
 * often they run; a bad or unreachable URL is refused naming --db, without its password; and `ser serve` over a URL
 * writes a label set through HTTP into PostgreSQL and shows another process's edit.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../../../src/main/services/store/open-store'
import type { PostgresServer } from '../../../helpers/postgres-server'
import { startPostgres } from '../../../helpers/postgres-server'
import { rawRequest } from '../../../helpers/raw-http'
import { REPO, ser } from '../../../helpers/run-ser'
import { startServe } from '../../../helpers/serve-process'
import { tempDir } from '../../../helpers/temp-dir'
import { writeTinyIemocap } from '../../../helpers/tiny-iemocap'

const tmp = tempDir('ser-team-url-')
let server: PostgresServer
let env: Record<string, string>
let corpusDir: string
beforeAll(async () => {
  execFileSync('flock', ['/tmp/ser-build.lock', 'npx', 'electron-vite', 'build'], { cwd: REPO, stdio: 'ignore' })
  server = await startPostgres()
  env = { SER_REPLICA_DIR: join(tmp.dir, 'replicas') }
  corpusDir = writeTinyIemocap(tmp.dir)
}, 300_000)
afterAll(() => {
  server?.cleanup()
  tmp.cleanup()
})

async function pgRows<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client(url)
  await c.connect()
  try {
    return (await c.query(sql, params)).rows as T[]
  } finally {
    await c.end()
  }
}

const count = async (url: string, sql: string, params: unknown[] = []) =>
  Number((await pgRows<{ n: string }>(url, `SELECT COUNT(*) AS n FROM ${sql}`, params))[0].n)

const UTT = 'Ses01F_impro01_F000'

describe('--db postgresql://… in the desktop commands', () => {
  it('imports, lists, labels, reads history, imports label files, agrees, exports, trains and evaluates', async () => {
    const url = server.createDatabase('desk')
    const run = (args: string[]) => {
      const r = ser([...args, '--db', url], { env })
      expect(r.status, `ser ${args.join(' ')}: ${r.stderr}`).toBe(0)
      return r
    }
    const json = <T>(args: string[]) => JSON.parse(run([...args, '--json']).stdout) as T

    // the corpus (index, the audio's location, the evaluators' labels) is in PostgreSQL once import returns
    const imported = json<{ corpus: string; utterances: number }>(['import', 'iemocap', corpusDir])
    expect(await count(url, 'utterances')).toBe(imported.utterances)
    const evaluatorEvents = await count(url, 'label_events')
    expect(evaluatorEvents).toBeGreaterThan(0)
    expect(json<unknown[]>(['list'])).toHaveLength(imported.utterances)

    // a label edit is durable in PostgreSQL when the command returns; the same edit again changes nothing
    run(['label', UTT, '--annotator', 'ana', '--category', 'ang', '--valence', '2'])
    run(['label', UTT, '--annotator', 'ana', '--category', 'ang', '--valence', '2'])
    expect(
      await pgRows(url, `SELECT field, new_value FROM label_events WHERE annotator_id = 'ana' ORDER BY field`)
    ).toEqual([
      { field: 'category', new_value: 'ang' },
      { field: 'valence', new_value: '2' }
    ])
    // an edit made in PostgreSQL by someone else shows in history and list at once
    const other = await openStore(url)
    try {
      await other.setLabel({ utteranceId: UTT, annotator: 'eve', category: 'sad' })
    } finally {
      await other.close()
    }
    const history = json<{ annotator: string; field: string; value: string }[]>(['history', UTT])
    // (evaluators of the corpus are named CORPUS:E1 …)
    expect(history.filter((e) => !e.annotator.includes(':'))).toEqual([
      expect.objectContaining({ annotator: 'ana', field: 'category', value: 'ang' }),
      expect.objectContaining({ annotator: 'ana', field: 'valence', value: '2' }),
      expect.objectContaining({ annotator: 'eve', field: 'category', value: 'sad' })
    ])

    // a label file: its edits reach PostgreSQL once, however often it is imported
    const file = join(tmp.dir, 'bob.csv')
    writeFileSync(
      file,
      'id,path,session,speaker,annotator,kind,category,valence,arousal,dominance,flag\n' +
        `${UTT},,1,Ses01F,bob,human,hap,4,4,4,\nSes01F_impro01_M000,,1,Ses01M,bob,human,neu,3,3,3,\n`
    )
    run(['import-labels', file])
    run(['import-labels', file])
    expect(await count(url, `label_events WHERE annotator_id = 'bob'`)).toBe(8)

    // agreement and export run on the replica, refreshed first: every person's labels are there
    const agreement = json<{ items: number; annotators: number }>(['agreement', '--field', 'category'])
    expect(agreement.items).toBe(imported.utterances)
    const csv = join(tmp.dir, 'labels.csv')
    run(['export', 'csv', '--out', csv])
    const lines = readFileSync(csv, 'utf8').split('\n')
    for (const who of ['ana', 'eve', 'bob'])
      expect(
        lines.some((l) => l.startsWith(`${UTT},`) && l.includes(`,${who},`)),
        who
      ).toBe(true)

    // heavy work on the replica: training, its run listed, evaluation on the held-out session
    const trained = json<{ runId: string; status: string }>([
      'train',
      '--model',
      'cnn',
      '--features',
      'logmel',
      '--test-session',
      '3',
      '--epochs',
      '1',
      '--filters',
      '4',
      '--filter-widths',
      '3,5',
      '--max-seconds',
      '0.5',
      '--batch-size',
      '8',
      '--parallel-folds',
      '1'
    ])
    expect(trained.status).toBe('done')
    expect(json<{ id: string }[]>(['runs']).map((r) => r.id)).toContain(trained.runId)
    const scored = json<{ utterances: number }>(['evaluate', '--run', trained.runId, '--session', '3'])
    expect(scored.utterances).toBeGreaterThan(0)

    // nothing was doubled by all those refreshes and pushes: PostgreSQL holds each event once
    const ids = await pgRows<{ event_id: string; n: string }>(
      url,
      'SELECT event_id, COUNT(*) AS n FROM label_events GROUP BY event_id HAVING COUNT(*) > 1'
    )
    expect(ids).toEqual([])
    expect(await count(url, 'label_events')).toBe(evaluatorEvents + 2 + 1 + 8)
    // the replica is named after the server and database, never the password
    expect(readdirSync(env.SER_REPLICA_DIR).filter((f) => f.endsWith('.db'))).toEqual([
      expect.stringMatching(/^127\.0\.0\.1-desk-[0-9a-f]{16}\.db$/)
    ])
  }, 300_000)

  it('refuses a bad or unreachable URL with one line naming --db, never printing the password', () => {
    const port = server.port
    for (const url of [
      'postgresql://ana:s3cret-pw@127.0.0.1:1/x',
      `postgresql://ana:s3cret-pw@127.0.0.1:${port}/nowhere`,
      'postgresql://ana:s3cret-pw@[bad/x'
    ]) {
      for (const cmd of [['list'], ['label', UTT, '--annotator', 'a', '--category', 'ang'], ['agreement']]) {
        const r = ser([...cmd, '--db', url], { env })
        expect(r.status).toBe(2)
        expect(r.stderr).toMatch(/^ser: --db: postgresql:\/\/.*cannot open the team database/m)
        // and the advice to keep it out of the command line, where `ps` shows it
        expect(r.stderr).toContain('PGPASSWORD')
        expect(r.stderr + r.stdout).not.toContain('s3cret-pw')
      }
    }
  })
})

describe('ser serve --db postgresql://…', () => {
  it('sets a label over HTTP into PostgreSQL and shows another process’s edit', async () => {
    const url = server.createDatabase('web')
    expect(ser(['import', 'iemocap', corpusDir, '--db', url], { env }).status).toBe(0)
    const s = await startServe(['--db', url], { env })
    try {
      const port = Number(new URL(s.url).port)
      const call = async (method: string, args: unknown) => {
        const r = await rawRequest(port, {
          method: 'POST',
          path: '/api/call',
          headers: {
            Host: `127.0.0.1:${port}`,
            Authorization: `Bearer ${s.token}`,
            'Content-Type': 'application/json'
          },
          body: JSON.stringify({ method, args })
        })
        return JSON.parse(r.text) as { ok: boolean; value?: unknown; error?: { field?: string } }
      }

      const set = await call('labels.set', { utteranceId: UTT, annotator: 'web', category: 'fru' })
      expect(set.ok).toBe(true)
      // acknowledged means in PostgreSQL
      expect(await pgRows(url, `SELECT new_value FROM label_events WHERE annotator_id = 'web'`)).toEqual([
        { new_value: 'fru' }
      ])
      const bad = await call('labels.set', { utteranceId: UTT, annotator: 'web', category: 'joy' })
      expect(bad).toMatchObject({ ok: false, error: { field: 'category' } })

      // an edit committed by another process reaches this server's replica (LISTEN/NOTIFY)
      const other = await openStore(url)
      try {
        await other.setLabel({ utteranceId: UTT, annotator: 'other', category: 'sur' })
      } finally {
        await other.close()
      }
      let labels: { annotator: string }[] = []
      for (let i = 0; i < 200 && !labels.some((l) => l.annotator === 'other'); i++) {
        const detail = (await call('corpus.utterance', { id: UTT })).value as { labels: { annotator: string }[] }
        labels = detail.labels
        if (!labels.some((l) => l.annotator === 'other')) await new Promise((r) => setTimeout(r, 100))
      }
      expect(labels.map((l) => l.annotator)).toEqual(expect.arrayContaining(['web', 'other']))
      expect(s.stderr()).toContain('Team store: postgresql://postgres@127.0.0.1')
    } finally {
      expect(await s.stop()).toBe(0)
    }
  }, 120_000)
})

describe('corpus.open (the app\'s and ser serve\'s "open corpus")', () => {
  it('opens a team store in place of the file, refusing a bad URL naming db without its password', async () => {
    const url = server.createDatabase('opened')
    expect(ser(['import', 'iemocap', corpusDir, '--db', url], { env }).status).toBe(0)
    const s = await startServe(['--db', join(tmp.dir, 'desk.db')], { env })
    try {
      const port = Number(new URL(s.url).port)
      const call = async (method: string, args: unknown) => {
        const r = await rawRequest(port, {
          method: 'POST',
          path: '/api/call',
          headers: {
            Host: `127.0.0.1:${port}`,
            Authorization: `Bearer ${s.token}`,
            'Content-Type': 'application/json'
          },
          body: JSON.stringify({ method, args })
        })
        return {
          status: r.status,
          body: r.text,
          ...(JSON.parse(r.text) as { ok: boolean; value?: unknown; error?: { field?: string; message: string } })
        }
      }
      expect((await call('corpus.list', {})).value).toEqual([])

      for (const bad of [
        `postgresql://ana:s3cret-pw@127.0.0.1:${server.port}/nowhere`,
        'postgresql://ana:s3cret-pw@[bad/x'
      ]) {
        const r = await call('corpus.open', { db: bad })
        expect(r).toMatchObject({ ok: false, error: { field: 'db' } })
        expect(r.error!.message).toMatch(/^db: /)
        expect(r.body).not.toContain('s3cret-pw')
      }
      // a refused open leaves the open index as it was
      expect((await call('corpus.list', {})).value).toEqual([])

      const opened = await call('corpus.open', { db: url })
      expect(opened).toMatchObject({ ok: true, value: { engine: 'postgres', corpora: 1 } })
      expect((await call('corpus.list', {})).value).toEqual([expect.objectContaining({ id: 'IEMOCAP_tiny' })])
      expect((await call('labels.set', { utteranceId: UTT, annotator: 'opener', arousal: 5 })).ok).toBe(true)
      expect(await pgRows(url, `SELECT field, new_value FROM label_events WHERE annotator_id = 'opener'`)).toEqual([
        { field: 'arousal', new_value: '5' }
      ])
    } finally {
      expect(await s.stop()).toBe(0)
    }
  }, 120_000)
})
