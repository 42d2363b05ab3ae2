import { resolve } from 'node:path'
import { SingleBar } from 'cli-progress'
import type { Command } from 'commander'
import { Option } from 'commander'
import { SerError, toErrorInfo } from '../../../shared/errors'
import type { Services } from '../../services/create-services'
import { openServices } from '../../services/open-services'
import { isPostgresUrl } from '../../services/store/open-store'

/** Exit statuses of docs/cli.md. */
export const EXIT_OK = 0
export const EXIT_PARTIAL = 1
export const EXIT_USAGE = 2

/** Thrown by a command to end with a status and one line on stderr (usage errors, nothing could be done). */
export class CliExit extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

export interface CommonOptions {
  db?: string
  json?: boolean
}

/** Adds the options every command takes (docs/cli.md Conventions). */
export function withCommon(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--db <file|url>',
        'corpus index: a SQLite file or a postgresql:// team store; default $SER_DB, else ./ser-workbench.db'
      )
    )
    .option('--json', 'print one JSON document on stdout; progress and logs go to stderr')
}

/** The index `--db` names: a SQLite file (resolved) or a postgresql:// URL (as given) */
export function dbPath(opts: CommonOptions): string {
  const db = opts.db ?? process.env.SER_DB ?? 'ser-workbench.db'
  return isPostgresUrl(db) ? db : resolve(db)
}

/** Does a postgresql:// URL carry a password? */
export function hasPassword(db: string): boolean {
  if (!isPostgresUrl(db)) return false
  try {
    return new URL(db).password !== ''
  } catch {
    return /^[^:]+:\/\/[^:@/]*:[^@/]+@/.test(db)
  }
}

/**
 * Opens the services on the selected index, runs `fn`, and always closes them. On a postgresql:// URL they run on
 * its local replica, refreshed first (docs/team.md); `refresh: false` for commands whose reads and writes all go
 * straight to the team store (label, history, list).
 */
export async function withServices<T>(
  opts: CommonOptions,
  fn: (s: Services) => Promise<T> | T,
  options: { refresh?: boolean } = {}
): Promise<T> {
  const db = dbPath(opts)
  if (hasPassword(db))
    log('--db: the URL carries a password, which `ps` shows to everyone here; put it in PGPASSWORD or ~/.pgpass')
  const services = await openServices(db, { field: '--db', refresh: options.refresh })
  try {
    return await fn(services)
  } finally {
    await services.team?.close()
    services.close()
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n')
}

export function log(message: string): void {
  process.stderr.write(message + '\n')
}

export interface Progress {
  update(done: number, total: number, item?: string): void
  stop(): void
}

/**
 * A progress bar on stderr. It only appears once the work has run for a second, so quick commands stay quiet;
 * without a terminal it prints a plain line now and then instead of redrawing.
 */
export function progressBar(label: string): Progress {
  const started = Date.now()
  let bar: SingleBar | null = null
  let lastTotal = 0
  return {
    update(done, total, item) {
      lastTotal = total
      if (!bar) {
        if (Date.now() - started < 1000 && done < total) return
        if (done >= total && Date.now() - started < 1000) return
        bar = new SingleBar({
          format: `${label} [{bar}] {value}/{total} {percentage}% | ETA {eta_formatted} | {item}`,
          stream: process.stderr,
          noTTYOutput: true,
          notTTYSchedule: 5000,
          hideCursor: true,
          etaBuffer: 50
        })
        bar.start(total, done, { item: item ?? '' })
      }
      bar.setTotal(total)
      bar.update(done, { item: item ?? '' })
    },
    stop() {
      if (bar) {
        bar.update(lastTotal)
        bar.stop()
      }
    }
  }
}

/** Parses a `true|false` flag value (Kaldi's boolean options); anything else is a usage error naming the flag. */
export function parseBool(flag: string) {
  return (value: string): boolean => {
    if (value === 'true' || value === '1') return true
    if (value === 'false' || value === '0') return false
    throw new CliExit(EXIT_USAGE, `--${flag}: expected true or false, got '${value}'`)
  }
}

export function parseNumber(flag: string, opts: { integer?: boolean; min?: number; max?: number } = {}) {
  return (value: string): number => {
    const n = Number(value)
    if (value.trim() === '' || !Number.isFinite(n) || (opts.integer && !Number.isInteger(n))) {
      throw new CliExit(EXIT_USAGE, `--${flag}: expected ${opts.integer ? 'an integer' : 'a number'}, got '${value}'`)
    }
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      throw new CliExit(EXIT_USAGE, `--${flag}: ${value} is outside ${opts.min ?? '−∞'}…${opts.max ?? '∞'}`)
    }
    return n
  }
}

/** One line for stderr from any error; SerErrors keep their file/field. */
export function describeError(e: unknown): string {
  const info = toErrorInfo(e)
  const where = info.field && !info.message.includes(info.field) ? ` (field ${info.field})` : ''
  return info.message + where
}

export { SerError }
