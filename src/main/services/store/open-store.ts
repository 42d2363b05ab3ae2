/**
 * `--db` in every command: a file path opens the embedded engine (SQLite), a `postgresql://` (or `postgres://`) URL
 * the team engine. A password belongs in PGPASSWORD or ~/.pgpass rather than in the URL, which shows up in `ps`.
 */
import { resolve } from 'node:path'
import type { Store } from './store'
import { openSqliteStore } from './sqlite/sqlite-store'
import { openPgStore } from './postgres/pg-store'

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db)
}

export async function openStore(
  db: string,
  options: { nativeBinding?: string; poolSize?: number } = {}
): Promise<Store> {
  if (isPostgresUrl(db)) return openPgStore(db, { poolSize: options.poolSize })
  return openSqliteStore(resolve(db), { nativeBinding: options.nativeBinding })
}
