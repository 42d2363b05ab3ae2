/**
 * A desktop index backed by a team store (`--db postgresql://…`, docs/team.md "One --db for every command"): the
 * services run on a local working copy, a SQLite replica under the user's data folder keyed by the URL (without its
 * password), and this link keeps it in step with PostgreSQL.
 *   - `refresh`: the same idempotent copy as `ser team pull` (every corpus's index, then every label event by id),
 *     run before a command works on the replica;
 *   - `setLabel`: written in PostgreSQL first (durable there before it is acknowledged), then its events copied into
 *     the replica with their PostgreSQL ids;
 *   - `push`: label events and corpora written into the replica (corpus and label-file imports) copied to
 *     PostgreSQL, as `ser team push` does, before the command that wrote them answers.
 * Events travel with their global ids both ways, so a pull or push cut off anywhere can be repeated: nothing is lost
 * or doubled.
 */
import { createHash } from 'node:crypto'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { SetLabelRequest } from '../../../shared/api/labels'
import type { LabelEdit } from '../../../shared/domain/labels'
import { SerError, isSerError } from '../../../shared/errors'
import type { Store } from '../store/store'
import type { SyncResult } from './sync'
import { syncStores } from './sync'

export interface TeamLink {
  /** The team store's URL without its password */
  readonly location: string
  /** The local working copy (SQLite) the services run on */
  readonly replicaPath: string
  /** The team store itself: label reads and writes go here */
  readonly store: Store
  /** Copies every corpus and every label event of the team store into the replica (idempotent) */
  refresh(): Promise<SyncResult>
  /** Sets a label in the team store, then copies its events into the replica; returns the team store's edits */
  setLabel(req: SetLabelRequest): Promise<LabelEdit[]>
  /** Copies corpora (default: those the team store lacks) and every replica label event to the team store */
  push(options?: { corpora?: string[] }): Promise<SyncResult>
  close(): Promise<void>
}

/** Where replicas live: $SER_REPLICA_DIR, else ~/.ser-workbench/replicas */
export function defaultReplicaDir(): string {
  return process.env.SER_REPLICA_DIR || join(homedir(), '.ser-workbench', 'replicas')
}

/**
 * The replica file of a team store: one per server, database and user, never named after the password (which is
 * left out of the key, so a changed password keeps its replica).
 */
export function replicaFileName(url: string): string {
  let key: string
  let label = 'team'
  try {
    const u = new URL(url)
    u.password = ''
    key = u.toString()
    label = `${u.hostname || 'local'}-${decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres'}`
  } catch {
    // the store refuses a malformed URL before a replica is needed; hash what we have
    key = url.replace(/:[^:@/]*@/, '@')
  }
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16)
  return `${label.replace(/[^\w.-]+/g, '_').slice(0, 60)}-${hash}.db`
}

/** The message of an error with the URL's password taken out, whatever the driver put in it */
export function withoutPassword(message: string, url: string): string {
  let password: string
  try {
    password = decodeURIComponent(new URL(url).password)
  } catch {
    password = /^[^:]+:\/\/[^:@/]*:([^@/]*)@/.exec(url)?.[1] ?? ''
  }
  return password ? message.split(password).join('***') : message
}

/** Re-throws an error of opening the team store as one naming the field it came from (`--db`, `db`) */
export function teamStoreError(e: unknown, url: string, field: string): SerError {
  const message = withoutPassword(e instanceof Error ? e.message : String(e), url)
  const code = isSerError(e) ? e.code : 'FILE_UNREADABLE'
  return new SerError(code, `${field}: ${message}`, { field })
}

export function createTeamLink(remote: Store, replica: Store, replicaPath: string): TeamLink {
  // one copy into the replica at a time: a LISTEN notice and a label set may both ask for one
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }
  let closed = false
  // until the first refresh the replica may lack the team's corpora: label writes then stay in the team store alone
  let refreshed = false
  // the highest team-store seq copied in: a notice pulls from here too, so edits committed while the LISTEN
  // connection was down (their notices lost) come in with the next notice
  let seen = 0

  const refresh = () =>
    serial(async () => {
      const corpora = (await remote.corpora()).map((c) => c.id)
      const result = await syncStores(remote, replica, { corpora })
      seen = Math.max(seen, result.lastSeq)
      refreshed = true
      return result
    })

  /** Copies the team store's events after `after` into the replica; a full refresh when one names a new corpus */
  const pullAfter = (after: number) =>
    serial(async () => {
      for (;;) {
        const page = await remote.labelEventsAfter(after, 500)
        if (page.length === 0) return false
        after = page[page.length - 1].seq
        try {
          await replica.appendLabelEvents(page.map(({ seq: _seq, ...e }) => e))
          seen = Math.max(seen, after)
        } catch (e) {
          if (isSerError(e) && e.code === 'NOT_FOUND') return true
          throw e
        }
      }
    }).then(async (unknownUtterance) => {
      if (unknownUtterance) await refresh()
    })

  const unlisten = remote.onLabelsChanged((edits) => {
    if (closed || !refreshed || edits.length === 0) return
    // another process's (or this one's) commit: bring it into the replica; a failure waits for the next refresh
    void pullAfter(Math.min(seen, ...edits.map((e) => e.seq - 1))).catch(() => undefined)
  })

  return {
    location: remote.location,
    replicaPath,
    store: remote,
    refresh,
    async setLabel(req) {
      const edits = await remote.setLabel(req)
      if (refreshed && edits.length > 0) await pullAfter(Math.min(...edits.map((e) => e.seq)) - 1)
      return edits
    },
    push: (options = {}) =>
      serial(async () => {
        const held = new Set((await remote.corpora()).map((c) => c.id))
        const corpora = options.corpora ?? (await replica.corpora()).map((c) => c.id).filter((id) => !held.has(id))
        return syncStores(replica, remote, { corpora })
      }),
    async close() {
      if (closed) return
      closed = true
      unlisten()
      await queue
      await remote.close()
    }
  }
}
