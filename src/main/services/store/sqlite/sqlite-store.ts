/**
 * The embedded engine: better-sqlite3 on one file, wrapping the corpus index and the label store the desktop uses
 * (corpus-index.ts, label-store.ts), plus the team tables of migration 009. Writes run as BEGIN IMMEDIATE
 * transactions, so two processes on one file queue on the busy timeout instead of failing mid-transaction.
 * Label events are heard in this process only; the team engine (postgres/) carries them across processes.
 */
import type { SetLabelRequest } from '../../../../shared/api/labels'
import type { LabelEdit, LabelField } from '../../../../shared/domain/labels'
import type { Account, Role, Task, TaskFilter } from '../../../../shared/domain/team'
import { SerError } from '../../../../shared/errors'
import type { UtteranceRecord } from '../../corpus/corpus-index'
import { createCorpusIndex } from '../../corpus/corpus-index'
import type { Db } from '../../db/open-db'
import { openDb } from '../../db/open-db'
import { createLabelStore } from '../../labels/label-store'
import type { AccountRecord, LabelsListener, Store, SyncedLabelEvent } from '../store'
import { notFoundTask, progressOf, type ProgressRows } from '../task-rows'

interface AccountRow {
  name: string
  role: Role
  password_hash: string
  must_change: number
  disabled: number
  failed_logins: number
  last_failed_at: string | null
  created_at: string
}

function toAccount(r: AccountRow): Account {
  return {
    name: r.name,
    role: r.role,
    disabled: r.disabled === 1,
    mustChangePassword: r.must_change === 1,
    createdAt: r.created_at
  }
}

interface TaskRow {
  id: number
  name: string
  filter: string
  k: number
  blind: number
  created_at: string
  items: number
  pool: string | null
}

function toTask(r: TaskRow): Task {
  return {
    id: r.id,
    name: r.name,
    filter: JSON.parse(r.filter) as TaskFilter,
    k: r.k,
    pool: r.pool ? r.pool.split('\u001f').sort() : [],
    blind: r.blind === 1,
    items: r.items,
    createdAt: r.created_at
  }
}

const TASK_SELECT = `SELECT t.id, t.name, t.filter, t.k, t.blind, t.created_at,
  (SELECT COUNT(*) FROM task_items i WHERE i.task_id = t.id) AS items,
  (SELECT GROUP_CONCAT(p.annotator, char(31)) FROM task_pool p WHERE p.task_id = t.id) AS pool
  FROM tasks t`

export function openSqliteStore(path: string, options: { nativeBinding?: string } = {}): Store {
  return createSqliteStore(openDb(path, options), path, true)
}

/** A store over an open index; `owns` closes the file with the store */
export function createSqliteStore(db: Db, location: string, owns = false): Store {
  const labels = createLabelStore(db)
  const corpus = createCorpusIndex(db, labels)
  const writer = labels.writer()
  const listeners = new Set<LabelsListener>()
  const origin = db.prepare(`SELECT value FROM store_meta WHERE key = 'origin'`).pluck().get() as string
  const emit = (edits: LabelEdit[]) => {
    if (edits.length > 0) for (const l of listeners) l(edits)
  }
  const immediate = <A extends unknown[], T>(fn: (...a: A) => T) => {
    const t = db.transaction(fn)
    return (...a: A): T => t.immediate(...a)
  }
  const st = {
    eventsAfter: db.prepare(
      `SELECT e.seq, COALESCE(e.event_id, @origin || ':' || e.seq) AS eventId, e.utterance_id AS utteranceId,
         e.annotator_id AS annotator, a.kind AS annotatorKind, a.corpus_id AS annotatorCorpus, e.field,
         e.old_value AS oldValue, e.new_value AS newValue, e.at, e.source
       FROM label_events e JOIN annotators a ON a.id = e.annotator_id WHERE e.seq > @after ORDER BY e.seq LIMIT @limit`
    ),
    hasEvent: db.prepare('SELECT 1 FROM label_events WHERE event_id = ?').pluck(),
    insertEvent: db.prepare(
      `INSERT INTO label_events (utterance_id, annotator_id, field, old_value, new_value, at, source, event_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
    ),
    upsertLabel: db.prepare(
      `INSERT INTO labels (utterance_id, annotator_id, field, value, seq) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (utterance_id, annotator_id, field) DO UPDATE SET value = excluded.value, seq = excluded.seq`
    ),
    deleteLabel: db.prepare('DELETE FROM labels WHERE utterance_id = ? AND annotator_id = ? AND field = ?'),
    utteranceExists: db.prepare('SELECT 1 FROM utterances WHERE id = ?').pluck(),
    account: db.prepare('SELECT * FROM accounts WHERE name = ?'),
    accounts: db.prepare('SELECT * FROM accounts ORDER BY name'),
    insertAccount: db.prepare(
      `INSERT INTO accounts (name, role, password_hash, must_change, disabled, failed_logins, created_at)
       VALUES (?, ?, ?, 1, 0, 0, ?)`
    ),
    insertSession: db.prepare(
      'INSERT INTO auth_sessions (token_hash, account, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'
    ),
    session: db.prepare(
      `SELECT s.csrf, s.expires_at, a.* FROM auth_sessions s JOIN accounts a ON a.name = s.account
       WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled = 0`
    ),
    deleteSession: db.prepare('DELETE FROM auth_sessions WHERE token_hash = ?'),
    deleteSessions: db.prepare('DELETE FROM auth_sessions WHERE account = ?'),
    task: db.prepare(TASK_SELECT + ' WHERE t.id = ?'),
    tasks: db.prepare(TASK_SELECT + ' ORDER BY t.id'),
    tasksOf: db.prepare(
      TASK_SELECT + ' WHERE EXISTS (SELECT 1 FROM task_pool p WHERE p.task_id = t.id AND p.annotator = ?) ORDER BY t.id'
    ),
    insertTask: db.prepare(
      'INSERT INTO tasks (name, filter, k, blind, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)'
    ),
    insertPool: db.prepare('INSERT OR IGNORE INTO task_pool (task_id, annotator) VALUES (?, ?)'),
    openAssignment: db
      .prepare(
        `SELECT utterance_id FROM assignments WHERE task_id = ? AND annotator = ? AND submitted_at IS NULL
         ORDER BY assigned_at, utterance_id LIMIT 1`
      )
      .pluck(),
    inPool: db.prepare('SELECT 1 FROM task_pool WHERE task_id = ? AND annotator = ?').pluck(),
    pick: db
      .prepare(
        `SELECT i.utterance_id FROM task_items i WHERE i.task_id = @task AND i.assigned < @k
           AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = i.task_id AND a.utterance_id = i.utterance_id
                           AND a.annotator = @annotator)
         ORDER BY i.assigned, i.ord LIMIT 1`
      )
      .pluck(),
    insertAssignment: db.prepare(
      'INSERT INTO assignments (task_id, utterance_id, annotator, assigned_at) VALUES (?, ?, ?, ?)'
    ),
    bumpAssigned: db.prepare('UPDATE task_items SET assigned = assigned + 1 WHERE task_id = ? AND utterance_id = ?'),
    submit: db.prepare(
      'UPDATE assignments SET submitted_at = ? WHERE utterance_id = ? AND annotator = ? AND submitted_at IS NULL'
    ),
    assignedTo: db
      .prepare('SELECT DISTINCT utterance_id FROM assignments WHERE annotator = ? ORDER BY utterance_id')
      .pluck(),
    isAssigned: db.prepare('SELECT 1 FROM assignments WHERE utterance_id = ? AND annotator = ? LIMIT 1').pluck(),
    isBlind: db
      .prepare(
        `SELECT 1 FROM task_items i JOIN tasks t ON t.id = i.task_id JOIN task_pool p ON p.task_id = t.id
         WHERE i.utterance_id = @u AND p.annotator = @a AND t.blind = 1
           AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.utterance_id = @u AND l.annotator_id = @a AND l.field = 'category')
         LIMIT 1`
      )
      .pluck(),
    items: db.prepare('SELECT utterance_id FROM task_items WHERE task_id = ? ORDER BY ord').pluck(),
    progressTotals: db.prepare(
      `SELECT (SELECT COUNT(*) FROM task_items WHERE task_id = @t) AS items,
              (SELECT COUNT(*) FROM assignments WHERE task_id = @t) AS assigned,
              (SELECT COUNT(*) FROM assignments WHERE task_id = @t AND submitted_at IS NOT NULL) AS submitted,
              (SELECT COUNT(*) FROM (SELECT utterance_id FROM assignments WHERE task_id = @t AND submitted_at IS NOT NULL
                 GROUP BY utterance_id HAVING COUNT(*) >= @k)) AS complete`
    ),
    progressPer: db.prepare(
      `SELECT p.annotator, COUNT(a.utterance_id) AS assigned, COUNT(a.submitted_at) AS submitted
       FROM task_pool p LEFT JOIN assignments a ON a.task_id = p.task_id AND a.annotator = p.annotator
       WHERE p.task_id = ? GROUP BY p.annotator ORDER BY p.annotator`
    ),
    batchCorpus: db.prepare('SELECT id, kind, root, imported_at AS importedAt FROM corpora WHERE id = ?'),
    batchDialogs: db.prepare(
      'SELECT id, corpus_id AS corpusId, session, audio_path AS audioPath FROM dialogs WHERE corpus_id = ? ORDER BY id'
    ),
    batchUtterances: db.prepare(
      `SELECT id, corpus_id AS corpusId, path, session, speaker_id AS speakerId, dialog_id AS dialogId,
         start_sec AS startSec, end_sec AS endSec, duration_sec AS durationSec, sample_rate AS sampleRate, channels,
         file_size AS fileSize, file_mtime_ms AS fileMtimeMs, transcript, ord
       FROM utterances WHERE corpus_id = ? ORDER BY ord`
    ),
    audio: db.prepare('SELECT u.path, c.root FROM utterances u JOIN corpora c ON c.id = u.corpus_id WHERE u.id = ?')
  }

  const append = immediate((events: SyncedLabelEvent[]): LabelEdit[] => {
    const added: LabelEdit[] = []
    const touched = new Set<string>()
    for (const e of events) {
      // our own events come back with the id we gave them (`origin:seq`); copied ones carry theirs
      if (e.eventId.startsWith(origin + ':') || st.hasEvent.get(e.eventId)) continue
      if (!st.utteranceExists.get(e.utteranceId)) {
        throw new SerError('NOT_FOUND', `utteranceId: no utterance '${e.utteranceId}' in ${location}`, {
          field: 'utteranceId'
        })
      }
      writer.ensureAnnotator(e.annotator, e.annotatorKind, e.annotatorCorpus)
      const seq = Number(
        st.insertEvent.run(e.utteranceId, e.annotator, e.field, e.oldValue, e.newValue, e.at, e.source, e.eventId)
          .lastInsertRowid
      )
      // the newest event of an (utterance, annotator, field) is its current value, as rebuildDerived() has it
      if (e.newValue === null) st.deleteLabel.run(e.utteranceId, e.annotator, e.field)
      else st.upsertLabel.run(e.utteranceId, e.annotator, e.field, e.newValue, seq)
      touched.add(e.utteranceId)
      added.push({
        seq,
        utteranceId: e.utteranceId,
        annotator: e.annotator,
        field: e.field,
        oldValue: e.oldValue,
        newValue: e.newValue,
        at: e.at,
        source: e.source
      })
    }
    for (const u of touched) writer.refreshConsensus(u)
    return added
  })

  const putCorpus = immediate((b: Parameters<Store['putCorpus']>[0]) => {
    db.prepare(
      `INSERT INTO corpora (id, kind, root, imported_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, root = excluded.root`
    ).run(b.corpus.id, b.corpus.kind, b.corpus.root, b.corpus.importedAt)
    for (const s of b.speakers) corpus.writes.upsertSpeaker(s)
    for (const d of b.dialogs) corpus.writes.upsertDialog(d)
    for (const u of b.utterances) corpus.writes.upsertUtterance(u)
  })

  const createTask = immediate((t: Parameters<Store['createTask']>[0], ids: string[]): number => {
    const id = Number(
      st.insertTask.run(t.name, JSON.stringify(t.filter), t.k, t.blind ? 1 : 0, t.createdBy, new Date().toISOString())
        .lastInsertRowid
    )
    for (const a of t.pool) st.insertPool.run(id, a)
    const insert = db.prepare('INSERT INTO task_items (task_id, utterance_id, ord) VALUES (?, ?, ?)')
    ids.forEach((u, i) => insert.run(id, u, i))
    return id
  })

  const claim = immediate((taskId: number, annotator: string): string | null => {
    const task = st.task.get(taskId) as TaskRow | undefined
    if (!task) throw notFoundTask(taskId)
    const open = st.openAssignment.get(taskId, annotator) as string | undefined
    if (open) return open
    if (!st.inPool.get(taskId, annotator)) {
      throw new SerError('CONFLICT', `annotator: '${annotator}' is not in the pool of task ${taskId}`, {
        field: 'annotator'
      })
    }
    const u = st.pick.get({ task: taskId, k: task.k, annotator }) as string | undefined
    if (!u) return null
    st.insertAssignment.run(taskId, u, annotator, new Date().toISOString())
    st.bumpAssigned.run(taskId, u)
    return u
  })

  const store: Store = {
    engine: 'sqlite',
    location,
    corpora: async () => corpus.corpora(),
    sessions: async (c) => corpus.sessions(c),
    speakers: async (c) => corpus.speakers(c),
    utterancesPage: async (f) => corpus.utterances(f),
    utterance: async (id) => corpus.utterance(id),
    async audioLocation(id) {
      const r = st.audio.get(id) as { path: string; root: string } | undefined
      if (!r) throw new SerError('NOT_FOUND', `id: no utterance '${id}' in the index`, { field: 'id' })
      return r
    },
    putCorpus: async (b) => putCorpus(b),
    async corpusBatch(corpusId) {
      const c = st.batchCorpus.get(corpusId) as CorpusBatchCorpus | undefined
      if (!c) throw new SerError('NOT_FOUND', `corpusId: no corpus '${corpusId}' in ${location}`, { field: 'corpusId' })
      return {
        corpus: c,
        speakers: corpus.speakers(corpusId),
        dialogs: st.batchDialogs.all(corpusId) as CorpusBatchDialog[],
        utterances: st.batchUtterances.all(corpusId) as UtteranceRecord[]
      }
    },
    async setLabel(req: SetLabelRequest, source = 'edit') {
      const edits = labels.setLabel(req, source)
      emit(edits)
      return edits
    },
    labelHistory: async (u) => labels.history(u),
    currentLabels: async (u) => labels.current(u),
    annotators: async () => labels.annotators(),
    labelEventsAfter: async (after, limit) =>
      st.eventsAfter.all({ origin, after, limit }) as (SyncedLabelEvent & { seq: number })[],
    async appendLabelEvents(events) {
      const added = append(events)
      emit(added)
      return added.length
    },
    async ratings(field: LabelField, ids) {
      const out: Awaited<ReturnType<Store['ratings']>> = []
      const q = db.prepare(
        `SELECT l.utterance_id AS utteranceId, u.session, l.annotator_id AS annotator, l.value
         FROM labels l JOIN annotators a ON a.id = l.annotator_id JOIN utterances u ON u.id = l.utterance_id
         WHERE l.field = ? AND a.kind IN ('evaluator', 'human') AND l.utterance_id IN (SELECT value FROM json_each(?))`
      )
      for (let i = 0; i < ids.length; i += 5000)
        out.push(...(q.all(field, JSON.stringify(ids.slice(i, i + 5000))) as never[]))
      return out
    },
    onLabelsChanged(l) {
      listeners.add(l)
      return () => void listeners.delete(l)
    },

    async createAccount(name, role, hash) {
      if (st.account.get(name)) throw new SerError('CONFLICT', `name: an account '${name}' exists`, { field: 'name' })
      st.insertAccount.run(name, role, hash, new Date().toISOString())
      return toAccount(st.account.get(name) as AccountRow)
    },
    async account(name) {
      const r = st.account.get(name) as AccountRow | undefined
      return r ? accountRecord(r) : null
    },
    accounts: async () => (st.accounts.all() as AccountRow[]).map(toAccount),
    async updateAccount(name, patch) {
      const sets: string[] = []
      const vals: unknown[] = []
      const col = (c: string, v: unknown) => (sets.push(`${c} = ?`), vals.push(v))
      if (patch.passwordHash !== undefined) col('password_hash', patch.passwordHash)
      if (patch.mustChangePassword !== undefined) col('must_change', patch.mustChangePassword ? 1 : 0)
      if (patch.disabled !== undefined) col('disabled', patch.disabled ? 1 : 0)
      if (patch.failedLogins !== undefined) col('failed_logins', patch.failedLogins)
      if (patch.lastFailedAt !== undefined) col('last_failed_at', patch.lastFailedAt)
      if (patch.role !== undefined) col('role', patch.role)
      if (sets.length === 0) return
      const r = db.prepare(`UPDATE accounts SET ${sets.join(', ')} WHERE name = ?`).run(...vals, name)
      if (r.changes === 0) throw new SerError('NOT_FOUND', `name: no account '${name}'`, { field: 'name' })
    },
    async createSession(hash, account, csrf, expiresAt) {
      st.insertSession.run(hash, account, csrf, new Date().toISOString(), expiresAt)
    },
    async session(hash) {
      const r = st.session.get(hash, new Date().toISOString()) as
        (AccountRow & { csrf: string; expires_at: string }) | undefined
      return r ? { account: toAccount(r), csrf: r.csrf, expiresAt: r.expires_at } : null
    },
    deleteSession: async (hash) => void st.deleteSession.run(hash),
    deleteSessions: async (account) => st.deleteSessions.run(account).changes,

    async createTask(t) {
      const w = taskWhere(t.filter)
      const ids = db
        .prepare(
          `SELECT u.id FROM utterances u LEFT JOIN consensus c ON c.utterance_id = u.id ${w.sql} ORDER BY u.corpus_id, u.ord`
        )
        .pluck()
        .all(...w.params) as string[]
      return store.task(createTask(t, ids))
    },
    async task(id) {
      const r = st.task.get(id) as TaskRow | undefined
      if (!r) throw notFoundTask(id)
      return toTask(r)
    },
    tasks: async (annotator) => ((annotator ? st.tasksOf.all(annotator) : st.tasks.all()) as TaskRow[]).map(toTask),
    claimNext: async (taskId, annotator) => claim(taskId, annotator),
    async submitAssignments(u, a) {
      st.submit.run(new Date().toISOString(), u, a)
    },
    assignedTo: async (a) => st.assignedTo.all(a) as string[],
    isAssigned: async (u, a) => st.isAssigned.get(u, a) !== undefined,
    isBlind: async (u, a) => st.isBlind.get({ u, a }) !== undefined,
    async taskProgress(taskId) {
      const t = await store.task(taskId)
      const rows: ProgressRows = {
        totals: st.progressTotals.get({ t: taskId, k: t.k }) as ProgressRows['totals'],
        per: st.progressPer.all(taskId) as ProgressRows['per']
      }
      return progressOf(t, rows)
    },
    taskItems: async (taskId) => st.items.all(taskId) as string[],
    async close() {
      listeners.clear()
      if (owns) db.close()
    }
  }
  return store
}

type CorpusBatchCorpus = Awaited<ReturnType<Store['corpusBatch']>>['corpus']
type CorpusBatchDialog = Awaited<ReturnType<Store['corpusBatch']>>['dialogs'][number]

function accountRecord(r: AccountRow): AccountRecord {
  return {
    ...toAccount(r),
    passwordHash: r.password_hash,
    failedLogins: r.failed_logins,
    lastFailedAt: r.last_failed_at
  }
}

function taskWhere(f: TaskFilter): { sql: string; params: unknown[] } {
  const conds: string[] = []
  const params: unknown[] = []
  const where = (sql: string, ...values: unknown[]) => {
    conds.push(sql)
    params.push(...values)
  }
  const marks = (xs: readonly unknown[]) => xs.map(() => '?').join(', ')
  if (f.corpusId) where('u.corpus_id = ?', f.corpusId)
  if (f.sessions?.length) where(`u.session IN (${marks(f.sessions)})`, ...f.sessions)
  if (f.speakers?.length) where(`u.speaker_id IN (${marks(f.speakers)})`, ...f.speakers)
  if (f.disagree) conds.push('c.disagree = 1')
  if (f.flagged) conds.push('c.flagged = 1')
  return { sql: conds.length ? 'WHERE ' + conds.join(' AND ') : '', params }
}
