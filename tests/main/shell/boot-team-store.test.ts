/**
 * The built Electron main process (stand-in Electron, as boot.test.ts) opening a postgresql:// URL given as SER_DB
 * (docs/team.md "One --db for every command"): it lists the team store's corpus through IPC, a label set through
 * IPC is in PostgreSQL, the replica lives in the app's data folder under a name without the password, and the
 * process still ends by itself after the quit (the pool and the LISTEN connection closed).
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPgStore } from '../../../src/main/services/store/postgres/pg-store'
import type { PostgresServer } from '../../helpers/postgres-server'
import { startPostgres } from '../../helpers/postgres-server'
import type { BootRun } from '../../helpers/electron-stand-in/run-boot'
import { runBoot } from '../../helpers/electron-stand-in/run-boot'
import { storeWithCorpus, tinyCorpus } from '../../helpers/store-fixture'
import { tempDir } from '../../helpers/temp-dir'

const tmp = tempDir('ser-boot-pg-')
let server: PostgresServer
let url: string
let run: BootRun
beforeAll(async () => {
  server = await startPostgres()
  url = server.createDatabase('app')
  const seed = await storeWithCorpus(join(tmp.dir, 'seed.db'))
  const team = await openPgStore(url)
  try {
    await team.putCorpus(await seed.corpusBatch(tinyCorpus().corpus.id))
  } finally {
    await seed.close()
    await team.close()
  }
  run = await runBoot({ dir: tmp.dir, env: { SER_DB: url } })
}, 180_000)
afterAll(() => {
  server?.cleanup()
  tmp.cleanup()
})

describe('the app on SER_DB=postgresql://…', () => {
  it('lists the team store, writes a label into PostgreSQL, and exits by itself after the quit', async () => {
    const { record } = run
    expect(record.error, run.stderr).toBeNull()
    const ipc = record.ipc as Record<string, unknown> & { labelledUtterance: string }
    expect(ipc.corpora).toMatchObject({ ok: true, value: [{ id: tinyCorpus().corpus.id }] })
    expect(ipc.label).toMatchObject({ ok: true, value: [{ annotator: 'boot-test', newValue: 'ang' }] })
    const c = new pg.Client(url)
    await c.connect()
    try {
      const rows = (await c.query(`SELECT utterance_id FROM label_events WHERE annotator_id = 'boot-test'`)).rows
      expect(rows).toEqual([{ utterance_id: ipc.labelledUtterance }])
    } finally {
      await c.end()
    }
    const replicas = readdirSync(join(tmp.dir, 'home', 'userData', 'replicas')).filter((f) => f.endsWith('.db'))
    expect(replicas).toEqual([expect.stringMatching(/^127\.0\.0\.1-app-[0-9a-f]{16}\.db$/)])
    expect(run.timedOut, `still alive after quit, holding: ${JSON.stringify(record.activeAfterQuit)}`).toBe(false)
    expect(run.code, run.stderr).toBe(0)
  })
})
