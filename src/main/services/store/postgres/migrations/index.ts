import { sql as corpus } from './001-corpus'
import { sql as team } from './002-team'

/**
 * PostgreSQL migrations in order, recorded in `schema_migrations`; append only, a released one is never edited.
 * Numbered on their own (this engine's history is not SQLite's).
 */
export const pgMigrations: { version: number; name: string; sql: string }[] = [
  { version: 1, name: '001-corpus', sql: corpus },
  { version: 2, name: '002-team', sql: team }
]
