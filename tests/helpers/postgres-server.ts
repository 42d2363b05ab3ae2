/**
 * A throwaway PostgreSQL 15 cluster for tests and benches: initdb + pg_ctl in a temporary folder (Debian's
 * postgresql package, /usr/lib/postgresql/15/bin), listening on 127.0.0.1 only, on a free port, trust auth for
 * loopback. As root the binaries run as user `postgres` (initdb refuses root) on a folder chowned to it.
 */
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const BIN = process.env.SER_PG_BIN ?? '/usr/lib/postgresql/15/bin'

export interface PostgresServer {
  /** postgresql://postgres@127.0.0.1:PORT/postgres */
  url: string
  port: number
  dir: string
  /** A fresh, empty database on this cluster; returns its URL */
  createDatabase(name: string): string
  /** Stops and starts the cluster (connections drop; what was committed stays) */
  restart(): void
  stop(): void
  start(): void
  /** Stops the cluster and removes its folder */
  cleanup(): void
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

function pgUid(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
  return { uid, gid }
}

/** Runs a PostgreSQL binary, as `postgres` when we are root. */
function runPg(bin: string, args: string[]): string {
  const file = join(BIN, bin)
  const cmd = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args]
  return execFileSync(cmd[0] as string, cmd[1] as string[], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: tmpdir()
  }).toString()
}

export function postgresAvailable(): boolean {
  return existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'pg_ctl'))
}

export async function startPostgres(options: { fsync?: boolean } = {}): Promise<PostgresServer> {
  if (!postgresAvailable()) throw new Error(`PostgreSQL binaries not found in ${BIN}: apt-get install postgresql`)
  const dir = mkdtempSync(join(tmpdir(), 'ser-pg-'))
  const ids = pgUid()
  if (ids) chownSync(dir, ids.uid, ids.gid)
  const data = join(dir, 'data')
  runPg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '-N'])
  const port = await freePort()
  // loopback only, the socket in our folder (not /var/run/postgresql); fsync off for tests (a cluster thrown away
  // after), on for benchmarks, whose figures should be a real server's
  writeFileSync(
    join(data, 'postgresql.auto.conf'),
    [
      `listen_addresses = '127.0.0.1'`,
      `port = ${port}`,
      `unix_socket_directories = '${dir}'`,
      `fsync = ${options.fsync ? 'on' : 'off'}`,
      `max_connections = 200`,
      `full_page_writes = ${options.fsync ? 'on' : 'off'}`,
      ''
    ].join('\n')
  )
  if (ids) chownSync(join(data, 'postgresql.auto.conf'), ids.uid, ids.gid)
  const log = join(dir, 'log')
  const start = () => void runPg('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', 'start'])
  const stop = () => void runPg('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop'])
  start()
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`
  let stopped = false
  return {
    url,
    port,
    dir,
    createDatabase(name) {
      runPg('psql', [
        '-h',
        dir,
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        'postgres',
        '-q',
        '-c',
        `CREATE DATABASE "${name}"`
      ])
      return `postgresql://postgres@127.0.0.1:${port}/${name}`
    },
    restart() {
      stop()
      start()
    },
    stop() {
      stop()
      stopped = true
    },
    start() {
      start()
      stopped = false
    },
    cleanup() {
      try {
        if (!stopped) stop()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
}
