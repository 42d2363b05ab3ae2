import { AnnotatorName } from '../../../shared/api/common'
import type { SetLabelRequest } from '../../../shared/api/labels'
import { isCategoryCode } from '../../../shared/domain/categories'
import type { Annotator, AnnotatorKind, AnnotatorLabels, LabelEdit, LabelField } from '../../../shared/domain/labels'
import { LABEL_FIELDS, SCALE_MAX, SCALE_MIN } from '../../../shared/domain/labels'
import { SerError } from '../../../shared/errors'
import type { Db } from '../db/open-db'
import type { EventBus } from '../runtime/event-bus'
import { writeTransaction } from '../db/open-db'
import type { CurrentRow, EventRow } from './current-labels'
import { currentFromRows, toEdit } from './current-labels'
import type { Vote } from './consensus'
import { deriveConsensus } from './consensus'
import { raterNamed } from '../../../shared/domain/annotator-name'

/**
 * The label history and everything derived from it. Every write appends to `label_events` and updates the derived
 * `labels` (current value per annotator and field) and `consensus` rows in the same SQLite transaction, so a label
 * is durable (synchronous = FULL) and consistent the moment `setLabel` returns.
 */
export interface LabelStore {
  /** One person's edit of one or more fields; returns the stored edits (none for fields already at that value) */
  setLabel(req: SetLabelRequest, source?: LabelEdit['source']): LabelEdit[]
  /**
   * Many edits in one transaction (label files): each as setLabel (a refused one is passed to `onError` and leaves
   * nothing behind, the others are written), with each touched utterance's consensus refreshed once at the end.
   */
  setLabels(
    reqs: SetLabelRequest[],
    source: LabelEdit['source'],
    onError: (index: number, e: unknown) => void
  ): LabelEdit[][]
  history(utteranceId: string): LabelEdit[]
  /** Each annotator's current values for an utterance */
  current(utteranceId: string): AnnotatorLabels[]
  annotators(): Annotator[]
  /** Bulk writer for importers; call inside a transaction (see `transaction`) */
  writer(): LabelWriter
  transaction<T>(fn: () => T): T
  /** Recomputes labels and consensus from the history alone (repair, and the proof that they are derived) */
  rebuildDerived(): void
}

export interface LabelWriter {
  ensureAnnotator(id: string, kind: AnnotatorKind, corpusId?: string | null): void
  /** Appends an edit if it changes the annotator's current value; returns it, or null when nothing changed */
  record(
    utteranceId: string,
    annotator: string,
    field: LabelField,
    value: string | null,
    source: LabelEdit['source'],
    at?: string
  ): LabelEdit | null
  /** Recomputes the consensus row of one utterance from its current labels */
  refreshConsensus(utteranceId: string): void
}

/** Canonical text of a label value, validated; the one place that decides what a stored value looks like. */
export function encodeValue(field: LabelField, value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (field === 'category') {
    if (typeof value !== 'string' || !isCategoryCode(value)) {
      throw new SerError('FIELD_INVALID', `category: unknown category '${String(value)}'`, { field })
    }
    return value
  }
  if (field === 'flag') return value === true || value === '1' || value === 1 ? '1' : null
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(n) || n < SCALE_MIN || n > SCALE_MAX) {
    throw new SerError('FIELD_INVALID', `${field}: ${String(value)} is outside ${SCALE_MIN}–${SCALE_MAX}`, { field })
  }
  return String(n)
}

/**
 * With `events`, a setLabel that stored edits announces them as `labels.changed` (the app's store does; the team
 * engine's SQLite store announces its own).
 */
export function createLabelStore(db: Db, events?: EventBus): LabelStore {
  const st = {
    utteranceExists: db.prepare('SELECT 1 FROM utterances WHERE id = ?').pluck(),
    annotatorKind: db.prepare('SELECT kind FROM annotators WHERE id = ?').pluck(),
    raters: db.prepare("SELECT id, kind FROM annotators WHERE kind != 'human'"),
    insertAnnotator: db.prepare('INSERT OR IGNORE INTO annotators (id, kind, corpus_id) VALUES (?, ?, ?)'),
    currentValue: db
      .prepare('SELECT value FROM labels WHERE utterance_id = ? AND annotator_id = ? AND field = ?')
      .pluck(),
    insertEvent: db.prepare(
      `INSERT INTO label_events (utterance_id, annotator_id, field, old_value, new_value, at, source)
       VALUES (?, ?, ?, ?, ?, ?, ?)`
    ),
    upsertLabel: db.prepare(
      `INSERT INTO labels (utterance_id, annotator_id, field, value, seq) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (utterance_id, annotator_id, field) DO UPDATE SET value = excluded.value, seq = excluded.seq`
    ),
    deleteLabel: db.prepare('DELETE FROM labels WHERE utterance_id = ? AND annotator_id = ? AND field = ?'),
    votes: db.prepare(
      `SELECT a.kind AS kind, l.field AS field, l.value AS value, l.seq AS seq
       FROM labels l JOIN annotators a ON a.id = l.annotator_id WHERE l.utterance_id = ?`
    ),
    upsertConsensus: db.prepare(
      `INSERT INTO consensus (utterance_id, category, valence, arousal, dominance, raters, disagree, flagged)
       VALUES (@id, @category, @valence, @arousal, @dominance, @raters, @disagree, @flagged)
       ON CONFLICT (utterance_id) DO UPDATE SET category = excluded.category, valence = excluded.valence,
         arousal = excluded.arousal, dominance = excluded.dominance, raters = excluded.raters,
         disagree = excluded.disagree, flagged = excluded.flagged`
    ),
    history: db.prepare('SELECT * FROM label_events WHERE utterance_id = ? ORDER BY seq'),
    current: db.prepare(
      `SELECT l.annotator_id AS annotator, a.kind AS kind, l.field AS field, l.value AS value
       FROM labels l JOIN annotators a ON a.id = l.annotator_id WHERE l.utterance_id = ?
       ORDER BY a.kind, l.annotator_id`
    ),
    annotators: db.prepare(
      `SELECT a.id AS id, a.kind AS kind, COUNT(DISTINCT l.utterance_id) AS labels
       FROM annotators a LEFT JOIN labels l ON l.annotator_id = a.id GROUP BY a.id ORDER BY a.kind, a.id`
    )
  }

  const writer: LabelWriter = {
    ensureAnnotator(id, kind, corpusId = null) {
      st.insertAnnotator.run(id, kind, corpusId)
    },
    record(utteranceId, annotator, field, value, source, at = new Date().toISOString()) {
      const old = (st.currentValue.get(utteranceId, annotator, field) as string | undefined) ?? null
      if (old === value) return null
      const seq = Number(st.insertEvent.run(utteranceId, annotator, field, old, value, at, source).lastInsertRowid)
      if (value === null) st.deleteLabel.run(utteranceId, annotator, field)
      else st.upsertLabel.run(utteranceId, annotator, field, value, seq)
      return { seq, utteranceId, annotator, field, oldValue: old, newValue: value, at, source }
    },
    refreshConsensus(utteranceId) {
      const c = deriveConsensus(st.votes.all(utteranceId) as Vote[])
      st.upsertConsensus.run({
        id: utteranceId,
        category: c.category,
        valence: c.valence,
        arousal: c.arousal,
        dominance: c.dominance,
        raters: c.raters,
        disagree: c.disagree ? 1 : 0,
        flagged: c.flagged ? 1 : 0
      })
    }
  }

  /** One person's edit; the consensus is refreshed now, or (in a batch) its utterance added to `touched` */
  const setLabelCore = (
    req: SetLabelRequest,
    source: LabelEdit['source'],
    touched: Set<string> | null
  ): LabelEdit[] => {
    // the contract's rule for a person's name, on every path into the store (requests, label files, tools)
    const name = AnnotatorName.safeParse(req.annotator)
    if (!name.success) {
      throw new SerError('FIELD_INVALID', `annotator: ${name.error.issues[0].message}`, { field: 'annotator' })
    }
    req = { ...req, annotator: name.data }
    if (!st.utteranceExists.get(req.utteranceId)) {
      throw new SerError('NOT_FOUND', `utteranceId: no utterance '${req.utteranceId}' in the index`, {
        field: 'utteranceId'
      })
    }
    const kind = st.annotatorKind.get(req.annotator) as AnnotatorKind | undefined
    if (kind !== undefined && kind !== 'human') {
      throw new SerError('FIELD_INVALID', `annotator: '${req.annotator}' is a corpus rater, not a person`, {
        field: 'annotator'
      })
    }
    const rater = raterNamed(req.annotator, st.raters.all() as { id: string; kind: AnnotatorKind }[])
    if (rater !== null) {
      throw new SerError(
        'FIELD_INVALID',
        `annotator: '${req.annotator}' reads as the corpus rater '${rater}'; choose another name`,
        {
          field: 'annotator'
        }
      )
    }
    writer.ensureAnnotator(req.annotator, 'human')
    const at = new Date().toISOString()
    const edits: LabelEdit[] = []
    for (const field of LABEL_FIELDS) {
      const given = req[field]
      if (given === undefined) continue
      const edit = writer.record(req.utteranceId, req.annotator, field, encodeValue(field, given), source, at)
      if (edit) edits.push(edit)
    }
    if (edits.length > 0) {
      if (touched) touched.add(req.utteranceId)
      else writer.refreshConsensus(req.utteranceId)
    }
    return edits
  }
  const setLabel = writeTransaction(db, (req: SetLabelRequest, source: LabelEdit['source']) =>
    setLabelCore(req, source, null)
  )
  // a savepoint per edit inside the batch's transaction: a refused edit rolls back alone
  const setOne = writeTransaction(db, setLabelCore)
  const setLabels = writeTransaction(
    db,
    (
      reqs: SetLabelRequest[],
      source: LabelEdit['source'],
      onError: (index: number, e: unknown) => void
    ): LabelEdit[][] => {
      const touched = new Set<string>()
      const out = reqs.map((req, i) => {
        try {
          return setOne(req, source, touched)
        } catch (e) {
          onError(i, e)
          return []
        }
      })
      for (const id of touched) writer.refreshConsensus(id)
      return out
    }
  )

  return {
    setLabel(req, source = 'edit') {
      const edits = setLabel(req, source)
      // emitted after the transaction committed: whoever hears it can rely on the edit being on disk
      if (edits.length > 0) events?.emit('labels.changed', edits)
      return edits
    },
    setLabels: (reqs, source, onError) => setLabels(reqs, source, onError),
    history: (utteranceId) => (st.history.all(utteranceId) as EventRow[]).map(toEdit),
    current(utteranceId) {
      return currentFromRows(st.current.all(utteranceId) as CurrentRow[])
    },
    annotators: () => st.annotators.all() as Annotator[],
    writer: () => writer,
    transaction: (fn) => writeTransaction(db, fn)(),
    rebuildDerived: writeTransaction(db, () => {
      db.exec('DELETE FROM labels; DELETE FROM consensus;')
      const rebuild = db.prepare(
        `INSERT INTO labels (utterance_id, annotator_id, field, value, seq)
         SELECT utterance_id, annotator_id, field, new_value, seq FROM label_events e
         WHERE seq = (SELECT MAX(seq) FROM label_events x WHERE x.utterance_id = e.utterance_id
                        AND x.annotator_id = e.annotator_id AND x.field = e.field)
           AND new_value IS NOT NULL`
      )
      rebuild.run()
      for (const id of db.prepare('SELECT id FROM utterances').pluck().all() as string[]) writer.refreshConsensus(id)
    })
  }
}
