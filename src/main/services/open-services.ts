/**
 * The services on what `--db` names (docs/team.md "One --db for every command"): a file path opens them on that
 * SQLite index; a `postgresql://` URL opens the team store and runs them on its local replica (team/team-link.ts),
 * refreshed from PostgreSQL first unless the caller reads and writes labels through `services.team.store` alone.
 */
import { join, resolve } from 'node:path'
import type { Services, ServicesOptions } from './create-services'
import { createServices } from './create-services'
import { isPostgresUrl } from './store/open-store'
import { openPgStore } from './store/postgres/pg-store'
import { createSqliteStore } from './store/sqlite/sqlite-store'
import type { Store } from './store/store'
import { createTeamLink, defaultReplicaDir, replicaFileName, teamStoreError } from './team/team-link'

export interface OpenServicesOptions {
  nativeBinding?: ServicesOptions['nativeBinding']
  events?: ServicesOptions['events']
  /** Where replicas of team stores live (default: $SER_REPLICA_DIR, else ~/.ser-workbench/replicas) */
  replicaDir?: string
  /** Copy the team store into the replica before returning (default true) */
  refresh?: boolean
  /** The name errors give the location by: `--db` on the command line, `db` in the app */
  field?: string
}

export async function openServices(db: string, options: OpenServicesOptions = {}): Promise<Services> {
  const { nativeBinding, events } = options
  if (!isPostgresUrl(db)) return createServices({ dbPath: resolve(db), nativeBinding, events })
  const field = options.field ?? 'db'
  let remote: Store
  try {
    remote = await openPgStore(db)
  } catch (e) {
    throw teamStoreError(e, db, field)
  }
  const replicaPath = join(options.replicaDir ?? defaultReplicaDir(), replicaFileName(db))
  let services: Services
  try {
    services = createServices({ dbPath: replicaPath, nativeBinding, events })
  } catch (e) {
    await remote.close()
    throw e
  }
  // the replica's own view of its file: label events in and out with their global ids
  const replica = createSqliteStore(services.db, replicaPath)
  const team = createTeamLink(remote, replica, replicaPath)
  // edits copied in from the team store reach this process's clients as any edit does
  replica.onLabelsChanged((edits) => services.events.emit('labels.changed', edits))
  const linked: Services = {
    ...services,
    team,
    close() {
      void team.close()
      services.close()
    }
  }
  if (options.refresh ?? true) {
    try {
      await team.refresh()
    } catch (e) {
      await team.close()
      services.close()
      throw teamStoreError(e, db, field)
    }
  }
  return linked
}
