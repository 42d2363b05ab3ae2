/**
 * The pg pool of the team engine, and the one way to run a transaction on it: a client from the pool, BEGIN, the
 * work, COMMIT; ROLLBACK and release on any error. A deadlock or serialization failure is retried, since PostgreSQL
 * rolled the whole transaction back and nothing of it was kept.
 */
import pg from 'pg'
import type { PoolClient } from 'pg'

/** BIGINT (oid 20) as a JS number: seqs and counts stay far below 2^53 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
}

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 10_000 })
  // a client that loses its server (a restart: 57P01) emits 'error', idle or checked out; unheard, that would end
  // the process. The query in flight fails instead, the client is dropped, and the next one reconnects
  pool.on('error', () => undefined)
  pool.on('connect', (client) => client.on('error', () => undefined))
  return pool
}

const RETRYABLE = new Set(['40001', '40P01'])

export async function inTransaction<T>(pool: pg.Pool, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const client = await pool.connect()
    let broken = false
    try {
      await client.query('BEGIN')
      const out = await fn(client)
      await client.query('COMMIT')
      return out
    } catch (e) {
      await client.query('ROLLBACK').catch(() => (broken = true))
      if (attempt < 4 && RETRYABLE.has((e as { code?: string }).code ?? '')) continue
      throw e
    } finally {
      client.release(broken)
    }
  }
}

/** The URL as it may be shown: without its password */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'postgresql://…'
  }
}
