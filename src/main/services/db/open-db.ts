import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { SerError } from '../../../shared/errors'
import { migrations } from './migrations'

export type Db = Database.Database

export interface OpenDbOptions {
  readonly?: boolean
  /** Path of a better_sqlite3.node built for another runtime (Electron's ABI); see scripts/start.mjs */
  nativeBinding?: string
}

/**
 * Opens (creating if needed) the corpus index: WAL so readers never block the writer, foreign keys on, a busy
 * timeout for the web mode and CLI working on the same file, and `synchronous = FULL` so a label edit is on disk
 * when its transaction returns (WAL's default NORMAL can lose the last commits on power loss).
 */
export function openDb(path: string, options: OpenDbOptions = {}): Db {
  let db: Db
  try {
    if (!options.readonly) mkdirSync(dirname(path), { recursive: true })
    db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
    })
  } catch (e) {
    throw new SerError('FILE_UNREADABLE', `${path}: cannot open the corpus index (${(e as Error).message})`, {
      file: path
    })
  }
  db.pragma('busy_timeout = 5000')
  if (!options.readonly) {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
  }
  db.pragma('foreign_keys = ON')
  if (!options.readonly) migrate(db, path)
  return db
}

/** Applies the migrations the file has not seen, each in its own transaction with its user_version bump. */
export function migrate(db: Db, path = 'index'): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) {
    throw new SerError(
      'CONFLICT',
      `${path}: written by a newer SER Workbench (schema ${current}, this version knows ${migrations.length})`,
      { file: path }
    )
  }
  for (let v = current; v < migrations.length; v++) {
    const m = migrations[v]
    db.transaction(() => {
      db.exec(m.sql)
      db.pragma(`user_version = ${v + 1}`)
    })()
  }
}
