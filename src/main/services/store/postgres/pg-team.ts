/**
 * Accounts, sign-in sessions, tasks and assignments on PostgreSQL. Handing out the next utterance is one
 * transaction: an advisory lock per (task, annotator) so one person's two tabs cannot take two items at once, and
 * `FOR UPDATE SKIP LOCKED` on the candidate item, so concurrent annotators never wait on each other's row or take the
 * same slot; the primary key of `assignments` (task, utterance, annotator) makes "never twice to one person" a rule
 * of the database, and `assigned < k` is checked on the locked row.
 */
import type pg from 'pg'
import type { Account, Role, Task, TaskFilter } from '../../../../shared/domain/team'
import { SerError } from '../../../../shared/errors'
import type { AccountRecord, Store } from '../store'
import { notFoundTask, progressOf } from '../task-rows'
import { inTransaction } from './pg-pool'

type Team = Pick<
  Store,
  | 'createAccount'
  | 'account'
  | 'accounts'
  | 'updateAccount'
  | 'createSession'
  | 'session'
  | 'deleteSession'
  | 'deleteSessions'
  | 'createTask'
  | 'task'
  | 'tasks'
  | 'claimNext'
  | 'submitAssignments'
  | 'assignedTo'
  | 'isAssigned'
  | 'isBlind'
  | 'taskProgress'
  | 'taskItems'
>

interface AccountRow {
  name: string
  role: Role
  password_hash: string
  must_change: boolean
  disabled: boolean
  failed_logins: number
  last_failed_at: string | null
  created_at: string
}

const toAccount = (r: AccountRow): Account => ({
  name: r.name,
  role: r.role,
  disabled: r.disabled,
  mustChangePassword: r.must_change,
  createdAt: r.created_at
})

interface TaskRow {
  id: number
  name: string
  filter: string
  k: number
  blind: boolean
  created_at: string
  items: number
  pool: string[] | null
}

const toTask = (r: TaskRow): Task => ({
  id: r.id,
  name: r.name,
  filter: JSON.parse(r.filter) as TaskFilter,
  k: r.k,
  pool: (r.pool ?? []).sort(),
  blind: r.blind,
  items: r.items,
  createdAt: r.created_at
})

const TASK_SELECT = `SELECT t.id, t.name, t.filter, t.k, t.blind, t.created_at,
  (SELECT COUNT(*)::int FROM task_items i WHERE i.task_id = t.id) AS items,
  (SELECT array_agg(p.annotator) FROM task_pool p WHERE p.task_id = t.id) AS pool
  FROM tasks t`

function taskWhere(f: TaskFilter, params: unknown[]): string {
  const conds: string[] = []
  const p = (v: unknown) => (params.push(v), `$${params.length}`)
  if (f.corpusId) conds.push(`u.corpus_id = ${p(f.corpusId)}`)
  if (f.sessions?.length) conds.push(`u.session = ANY(${p(f.sessions)}::text[])`)
  if (f.speakers?.length) conds.push(`u.speaker_id = ANY(${p(f.speakers)}::text[])`)
  if (f.disagree) conds.push('c.disagree = 1')
  if (f.flagged) conds.push('c.flagged = 1')
  return conds.length ? 'WHERE ' + conds.join(' AND ') : ''
}

export function createPgTeam(pool: pg.Pool, location: string): Team {
  const q = async <R extends object>(sql: string, params: unknown[] = []): Promise<R[]> =>
    (await pool.query<R>(sql, params)).rows
  const team: Team = {
    async createAccount(name, role, hash) {
      const rows = await q<AccountRow>(
        `INSERT INTO accounts (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO NOTHING RETURNING *`,
        [name, role, hash, new Date().toISOString()]
      )
      if (rows.length === 0) throw new SerError('CONFLICT', `name: an account '${name}' exists`, { field: 'name' })
      return toAccount(rows[0])
    },
    async account(name) {
      const r = (await q<AccountRow>('SELECT * FROM accounts WHERE name = $1', [name]))[0]
      return r
        ? ({
            ...toAccount(r),
            passwordHash: r.password_hash,
            failedLogins: r.failed_logins,
            lastFailedAt: r.last_failed_at
          } satisfies AccountRecord)
        : null
    },
    accounts: async () => (await q<AccountRow>('SELECT * FROM accounts ORDER BY name')).map(toAccount),
    async updateAccount(name, patch) {
      const sets: string[] = []
      const vals: unknown[] = []
      const col = (c: string, v: unknown) => (vals.push(v), sets.push(`${c} = $${vals.length}`))
      if (patch.passwordHash !== undefined) col('password_hash', patch.passwordHash)
      if (patch.mustChangePassword !== undefined) col('must_change', patch.mustChangePassword)
      if (patch.disabled !== undefined) col('disabled', patch.disabled)
      if (patch.failedLogins !== undefined) col('failed_logins', patch.failedLogins)
      if (patch.lastFailedAt !== undefined) col('last_failed_at', patch.lastFailedAt)
      if (patch.role !== undefined) col('role', patch.role)
      if (sets.length === 0) return
      vals.push(name)
      const r = await pool.query(`UPDATE accounts SET ${sets.join(', ')} WHERE name = $${vals.length}`, vals)
      if (r.rowCount === 0) throw new SerError('NOT_FOUND', `name: no account '${name}'`, { field: 'name' })
    },
    async createSession(hash, account, csrf, expiresAt) {
      await pool.query(
        'INSERT INTO auth_sessions (token_hash, account, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [hash, account, csrf, new Date().toISOString(), expiresAt]
      )
    },
    async session(hash) {
      const r = (
        await q<AccountRow & { csrf: string; expires_at: string }>(
          `SELECT s.csrf, s.expires_at, a.* FROM auth_sessions s JOIN accounts a ON a.name = s.account
           WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT a.disabled`,
          [hash, new Date().toISOString()]
        )
      )[0]
      return r ? { account: toAccount(r), csrf: r.csrf, expiresAt: r.expires_at } : null
    },
    deleteSession: async (hash) => void (await pool.query('DELETE FROM auth_sessions WHERE token_hash = $1', [hash])),
    deleteSessions: async (account) =>
      (await pool.query('DELETE FROM auth_sessions WHERE account = $1', [account])).rowCount ?? 0,

    async createTask(t) {
      const id = await inTransaction(pool, async (c) => {
        const id = (
          await c.query<{ id: number }>(
            'INSERT INTO tasks (name, filter, k, blind, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
            [t.name, JSON.stringify(t.filter), t.k, t.blind, t.createdBy, new Date().toISOString()]
          )
        ).rows[0].id
        for (const a of t.pool) {
          await c.query('INSERT INTO task_pool (task_id, annotator) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, a])
        }
        const params: unknown[] = [id]
        const where = taskWhere(t.filter, params)
        await c.query(
          `INSERT INTO task_items (task_id, utterance_id, ord)
           SELECT $1, u.id, (row_number() OVER (ORDER BY u.corpus_id, u.ord))::int - 1
           FROM utterances u LEFT JOIN consensus c ON c.utterance_id = u.id ${where}`,
          params
        )
        return id
      })
      return team.task(id)
    },
    async task(id) {
      const r = (await q<TaskRow>(TASK_SELECT + ' WHERE t.id = $1', [id]))[0]
      if (!r) throw notFoundTask(id)
      return toTask(r)
    },
    tasks: async (annotator) =>
      (
        await q<TaskRow>(
          TASK_SELECT +
            ' WHERE $1::text IS NULL OR EXISTS (SELECT 1 FROM task_pool p WHERE p.task_id = t.id AND p.annotator = $1) ORDER BY t.id',
          [annotator ?? null]
        )
      ).map(toTask),
    claimNext: (taskId, annotator) =>
      inTransaction(pool, async (c) => {
        const task = (await c.query<{ k: number }>('SELECT k FROM tasks WHERE id = $1', [taskId])).rows[0]
        if (!task) throw notFoundTask(taskId)
        await c.query(`SELECT pg_advisory_xact_lock(hashtext('claim:' || $1::text || ':' || $2))`, [taskId, annotator])
        const open = (
          await c.query<{ utterance_id: string }>(
            `SELECT utterance_id FROM assignments WHERE task_id = $1 AND annotator = $2 AND submitted_at IS NULL
             ORDER BY assigned_at, utterance_id LIMIT 1`,
            [taskId, annotator]
          )
        ).rows[0]
        if (open) return open.utterance_id
        if (
          (await c.query('SELECT 1 FROM task_pool WHERE task_id = $1 AND annotator = $2', [taskId, annotator]))
            .rowCount === 0
        ) {
          throw new SerError('CONFLICT', `annotator: '${annotator}' is not in the pool of task ${taskId}`, {
            field: 'annotator'
          })
        }
        const candidate = (lock: string) =>
          c.query<{ utterance_id: string }>(
            `SELECT i.utterance_id FROM task_items i WHERE i.task_id = $1 AND i.assigned < $2
               AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = i.task_id
                               AND a.utterance_id = i.utterance_id AND a.annotator = $3)
             ORDER BY i.assigned, i.ord LIMIT 1 ${lock}`,
            [taskId, task.k, annotator]
          )
        // first a row nobody is taking right now; when every row left is being taken by someone else, wait for one
        // (PostgreSQL re-checks `assigned < k` on the row once it gets the lock, and moves on if it no longer holds)
        const pick = (await candidate('FOR UPDATE SKIP LOCKED')).rows[0] ?? (await candidate('FOR UPDATE')).rows[0]
        if (!pick) return null
        await c.query(
          'INSERT INTO assignments (task_id, utterance_id, annotator, assigned_at) VALUES ($1, $2, $3, $4)',
          [taskId, pick.utterance_id, annotator, new Date().toISOString()]
        )
        await c.query('UPDATE task_items SET assigned = assigned + 1 WHERE task_id = $1 AND utterance_id = $2', [
          taskId,
          pick.utterance_id
        ])
        return pick.utterance_id
      }),
    async submitAssignments(u, a) {
      await pool.query(
        'UPDATE assignments SET submitted_at = $1 WHERE utterance_id = $2 AND annotator = $3 AND submitted_at IS NULL',
        [new Date().toISOString(), u, a]
      )
    },
    assignedTo: async (a) =>
      (
        await q<{ utterance_id: string }>(
          'SELECT DISTINCT utterance_id FROM assignments WHERE annotator = $1 ORDER BY utterance_id',
          [a]
        )
      ).map((r) => r.utterance_id),
    isAssigned: async (u, a) =>
      ((await pool.query('SELECT 1 FROM assignments WHERE utterance_id = $1 AND annotator = $2 LIMIT 1', [u, a]))
        .rowCount ?? 0) > 0,
    isBlind: async (u, a) =>
      ((
        await pool.query(
          `SELECT 1 FROM task_items i JOIN tasks t ON t.id = i.task_id JOIN task_pool p ON p.task_id = t.id
             WHERE i.utterance_id = $1 AND p.annotator = $2 AND t.blind
               AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.utterance_id = $1 AND l.annotator_id = $2 AND l.field = 'category')
             LIMIT 1`,
          [u, a]
        )
      ).rowCount ?? 0) > 0,
    async taskProgress(taskId) {
      const t = await team.task(taskId)
      const totals = (
        await q<{ items: number; assigned: number; submitted: number; complete: number }>(
          `SELECT (SELECT COUNT(*)::int FROM task_items WHERE task_id = $1) AS items,
                  (SELECT COUNT(*)::int FROM assignments WHERE task_id = $1) AS assigned,
                  (SELECT COUNT(*)::int FROM assignments WHERE task_id = $1 AND submitted_at IS NOT NULL) AS submitted,
                  (SELECT COUNT(*)::int FROM (SELECT utterance_id FROM assignments WHERE task_id = $1
                     AND submitted_at IS NOT NULL GROUP BY utterance_id HAVING COUNT(*) >= $2) x) AS complete`,
          [taskId, t.k]
        )
      )[0]
      const per = await q<{ annotator: string; assigned: number; submitted: number }>(
        `SELECT p.annotator, COUNT(a.utterance_id)::int AS assigned, COUNT(a.submitted_at)::int AS submitted
         FROM task_pool p LEFT JOIN assignments a ON a.task_id = p.task_id AND a.annotator = p.annotator
         WHERE p.task_id = $1 GROUP BY p.annotator ORDER BY p.annotator`,
        [taskId]
      )
      return progressOf(t, { totals, per })
    },
    taskItems: async (taskId) =>
      (
        await q<{ utterance_id: string }>('SELECT utterance_id FROM task_items WHERE task_id = $1 ORDER BY ord', [
          taskId
        ])
      ).map((r) => r.utterance_id)
  }
  void location
  return team
}
