import type { PoolClient } from 'pg'
import { SerError } from '../../../../shared/errors'
import { pgMigrations } from './migrations'

/** Any fixed number: every server process starting at once takes this lock, so only one of them migrates */
const MIGRATION_LOCK = 7_318_018

/** Applies the migrations the database has not seen, all in one transaction under an advisory lock. */
export async function migratePg(client: PoolClient, location: string): Promise<void> {
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`
    )
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version)
    )
    const newest = Math.max(0, ...done)
    if (newest > pgMigrations.length) {
      throw new SerError(
        'CONFLICT',
        `${location}: written by a newer SER Workbench (schema ${newest}, this version knows ${pgMigrations.length})`,
        { file: location }
      )
    }
    for (const m of pgMigrations) {
      if (done.has(m.version)) continue
      await client.query(m.sql)
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
    }
    await client.query('COMMIT')
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw e
  }
}
