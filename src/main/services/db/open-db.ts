import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { SerError, isBusyError } from '../../../shared/errors'
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
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  if (!options.readonly) {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
  }
  db.pragma('foreign_keys = ON')
  if (!options.readonly) migrate(db, path)
  return db
}

/** How long a write waits for another process's write lock before answering BUSY (PRAGMA busy_timeout) */
export const BUSY_TIMEOUT_MS = 5000

/**
 * `fn` as a write transaction that takes the write lock when it begins (BEGIN IMMEDIATE). A deferred transaction
 * that reads and then writes gets SQLITE_BUSY at once when another process wrote in between (WAL cannot upgrade
 * its stale read snapshot), so the busy timeout never applies; taking the lock up front waits for it instead. A
 * lock still held after BUSY_TIMEOUT_MS is a SerError('BUSY'), retryable, with nothing written. Every write
 * transaction of the services goes through here. Nested calls run as savepoints of the outer one.
 */
export function writeTransaction<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  const t = db.transaction(fn)
  return (...args: A): R => {
    try {
      return t.immediate(...args)
    } catch (e) {
      if (isBusyError(e)) {
        throw new SerError('BUSY', `index: busy, another process held the write lock for ${BUSY_TIMEOUT_MS} ms; retry`)
      }
      throw e
    }
  }
}

/**
 * Applies the migrations the file has not seen, each in its own immediate transaction with its user_version bump;
 * the version is read inside the lock, so two processes opening a new file at once migrate it once.
 */
export function migrate(db: Db, path = 'index'): void {
  // up to date: no write lock needed (a second process opening the file must not wait for the first's writes)
  if ((db.pragma('user_version', { simple: true }) as number) === migrations.length) return
  const step = writeTransaction(db, (): boolean => {
    const v = db.pragma('user_version', { simple: true }) as number
    if (v > migrations.length) {
      throw new SerError(
        'CONFLICT',
        `${path}: written by a newer SER Workbench (schema ${v}, this version knows ${migrations.length})`,
        { file: path }
      )
    }
    if (v === migrations.length) return false
    db.exec(migrations[v].sql)
    db.pragma(`user_version = ${v + 1}`)
    return true
  })
  while (step()) {
    // one migration per transaction
  }
}
