/**
 * Team engine benchmark (issue 18): label writes per second and per-write latency (p50/p95) at 1, 10 and 50
 * concurrent annotators, (a) through the team server over HTTP on 127.0.0.1 (sign-in, CSRF, role check, assignment
 * check, PostgreSQL write with NOTIFY), and (b) on the Store directly, for both engines (SQLite file with
 * synchronous = FULL, PostgreSQL with fsync on). Starts its own PostgreSQL 15 cluster in a temporary folder.
 * Run: npx tsx bench/team.bench.ts
 */
import { join } from 'node:path'
import type { Store } from '../src/main/services/store/store'
import { startTeamServer } from '../src/main/transports/team/team-server'
import { startPostgres } from '../tests/helpers/postgres-server'
import { storeWithCorpus, tinyCorpus } from '../tests/helpers/store-fixture'
import { TeamClient } from '../tests/helpers/team-client'
import { passwordOf, teamStore } from '../tests/helpers/team-fixture'
import { tempDir } from '../tests/helpers/temp-dir'

const LEVELS = [1, 10, 50]
/** Writes per level, shared among the writers */
const WRITES = 1000
const IDS = tinyCorpus().utterances.map((u) => u.id)

interface Figures {
  writesPerSecond: number
  p50: number
  p95: number
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

/** `writers` loops, each doing its share of writes with `write(writer, n)`, all at once */
async function measure(writers: number, write: (w: number, n: number) => Promise<void>): Promise<Figures> {
  const each = Math.ceil(WRITES / writers)
  const lat: number[] = []
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let n = 0; n < each; n++) {
        const t = performance.now()
        await write(w, n)
        lat.push(performance.now() - t)
      }
    })
  )
  const seconds = (performance.now() - t0) / 1000
  lat.sort((a, b) => a - b)
  return { writesPerSecond: lat.length / seconds, p50: quantile(lat, 0.5), p95: quantile(lat, 0.95) }
}

/** Each write changes a value (valence cycles 1..5 per writer and utterance), so each one is a stored event */
const valenceOf = (w: number, n: number) => 1 + ((Math.floor(n / IDS.length) + w) % 5)

async function storeLevel(store: Store, writers: number, prefix: string): Promise<Figures> {
  return measure(writers, (w, n) =>
    store
      .setLabel({ utteranceId: IDS[n % IDS.length], annotator: `${prefix}${w}`, valence: valenceOf(w, n) })
      .then(() => undefined)
  )
}

function row(label: string, writers: number, f: Figures): string {
  return `| ${label} | ${writers} | ${f.writesPerSecond.toFixed(0)} | ${f.p50.toFixed(1)} | ${f.p95.toFixed(1)} |`
}

async function main(): Promise<void> {
  const tmp = tempDir('ser-bench-team-')
  const pg = await startPostgres({ fsync: true })
  const rows: string[] = []
  try {
    const sqlite = await storeWithCorpus(join(tmp.dir, 'bench.db'))
    for (const n of LEVELS) rows.push(row('Store, SQLite', n, await storeLevel(sqlite, n, `s${n}w`)))
    await sqlite.close()

    const pgStore = await storeWithCorpus(pg.createDatabase('bench_store'))
    for (const n of LEVELS) rows.push(row('Store, PostgreSQL', n, await storeLevel(pgStore, n, `p${n}w`)))
    await pgStore.close()

    const max = Math.max(...LEVELS)
    const names = Array.from({ length: max }, (_, i) => `ann${i}`)
    const team = await teamStore(
      pg.createDatabase('bench_team'),
      names.map((a) => [a, 'annotator'])
    )
    const server = await startTeamServer({ store: team, host: '127.0.0.1', port: 0 })
    try {
      const task = await team.createTask({
        name: 'bench',
        filter: {},
        k: max,
        pool: names,
        blind: true,
        createdBy: 'bench'
      })
      const clients: TeamClient[] = []
      for (const a of names) {
        const c = new TeamClient(server.origin)
        await c.login(a, passwordOf(a))
        // hand each annotator every utterance, so each may label all of them
        for (let i = 0; i < IDS.length; i++) {
          const { utteranceId } = await c.ok<{ utteranceId: string }>('team.next', { taskId: task.id })
          await c.ok('labels.set', { utteranceId, annotator: a, category: 'neu' })
        }
        clients.push(c)
      }
      for (const n of LEVELS) {
        const f = await measure(n, async (w, k) => {
          await clients[w].ok('labels.set', {
            utteranceId: IDS[k % IDS.length],
            annotator: names[w],
            arousal: 1 + ((Math.floor(k / IDS.length) + n) % 5)
          })
        })
        rows.push(row('team server (HTTP → PostgreSQL)', n, f))
      }
    } finally {
      await server.close()
      await team.close()
    }
  } finally {
    pg.cleanup()
    tmp.cleanup()
  }
  console.log(`${WRITES} label writes per level\n`)
  console.log('| path | concurrent annotators | writes/s | p50 ms | p95 ms |')
  console.log('|---|---|---|---|---|')
  for (const r of rows) console.log(r)
}

void main()
