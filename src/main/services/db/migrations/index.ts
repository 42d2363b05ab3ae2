import { sql as corpus } from './001-corpus'
import { sql as features } from './002-features'
import { sql as training } from './003-training'
import { sql as evaluation } from './004-evaluation'
import { sql as baseline } from './005-baseline'
import { sql as runNotes } from './006-run-notes'
import { sql as interop } from './007-interop'
import { sql as team } from './009-team'

/**
 * Schema migrations in order; migration i (1-based) moves `PRAGMA user_version` from i−1 to i. Append only:
 * a released migration is never edited, a new one is added (002-features, 003-training, 004-evaluation …).
 */
export const migrations: { name: string; sql: string }[] = [
  { name: '001-corpus', sql: corpus },
  { name: '002-features', sql: features },
  { name: '003-training', sql: training },
  { name: '004-evaluation', sql: evaluation },
  { name: '005-baseline', sql: baseline },
  { name: '006-run-notes', sql: runNotes },
  { name: '007-interop', sql: interop },
  { name: '009-team', sql: team }
]
