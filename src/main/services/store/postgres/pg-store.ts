/**
 * The team engine: the Store on PostgreSQL through a pg pool. The same operations as the SQLite engine, each one
 * transaction; writes to one utterance's labels are serialised by a transaction-level advisory lock on the
 * utterance, so the old value, the new event and the consensus are computed from a state nobody else is changing.
 * Every label write NOTIFYs in its transaction (pg-listen.ts carries it to every server process).
 */
import type { PoolClient } from 'pg'
import type { CorpusFilter } from '../../../../shared/api/corpus'
import type { Corpus, Session, Speaker, Utterance } from '../../../../shared/domain/corpus'
import type { Annotator, AnnotatorKind, LabelEdit, LabelField } from '../../../../shared/domain/labels'
import { LABEL_FIELDS } from '../../../../shared/domain/labels'
import { SerError } from '../../../../shared/errors'
import { toUtterance as toUtteranceRow, type UtteranceRow } from '../../corpus/corpus-index'
import type { Vote } from '../../labels/consensus'
import { deriveConsensus } from '../../labels/consensus'
import { encodeValue } from '../../labels/label-store'
import { currentFromRows, toEdit, type CurrentRow, type EventRow } from '../../labels/current-labels'
import type { Store, SyncedLabelEvent } from '../store'
import { createPgTeam } from './pg-team'
import { EDITS_PER_NOTIFY, LABELS_CHANNEL, listenForLabels } from './pg-listen'
import { migratePg } from './pg-migrate'
import { createPool, inTransaction, redactUrl } from './pg-pool'

const SELECT_UTTERANCE = `
  SELECT u.id, u.corpus_id, u.path, u.session, u.speaker_id, s.gender, u.dialog_id, u.start_sec, u.end_sec,
         u.duration_sec, u.sample_rate, u.channels, u.transcript,
         c.category, c.valence, c.arousal, c.dominance, c.raters, c.disagree, c.flagged
  FROM utterances u
  LEFT JOIN speakers s ON s.corpus_id = u.corpus_id AND s.id = u.speaker_id
  LEFT JOIN consensus c ON c.utterance_id = u.id`

function whereOf(f: CorpusFilter, params: unknown[]): string {
  const conds: string[] = []
  const p = (v: unknown) => (params.push(v), `$${params.length}`)
  if (f.corpusId) conds.push(`u.corpus_id = ${p(f.corpusId)}`)
  if (f.session) conds.push(`u.session = ${p(f.session)}`)
  if (f.speaker) conds.push(`u.speaker_id = ${p(f.speaker)}`)
  if (f.gender) conds.push(`s.gender = ${p(f.gender)}`)
  if (f.dialog) conds.push(`u.dialog_id = ${p(f.dialog)}`)
  if (f.category) conds.push(`c.category = ${p(f.category)}`)
  if (f.unlabeled) conds.push('c.category IS NULL')
  if (f.disagree) conds.push('c.disagree = 1')
  if (f.flagged) conds.push('c.flagged = 1')
  if (f.search) {
    const s = p('%' + f.search.replace(/[\\%_]/g, (m) => '\\' + m) + '%')
    conds.push(`(u.id ILIKE ${s} ESCAPE '\\' OR u.transcript ILIKE ${s} ESCAPE '\\')`)
  }
  return conds.length ? ' WHERE ' + conds.join(' AND ') : ''
}

async function notifyEdits(c: PoolClient, edits: LabelEdit[]): Promise<void> {
  for (let i = 0; i < edits.length; i += EDITS_PER_NOTIFY) {
    await c.query('SELECT pg_notify($1, $2)', [LABELS_CHANNEL, JSON.stringify(edits.slice(i, i + EDITS_PER_NOTIFY))])
  }
}

/** Appends one event and moves the derived current label to it (the newest event of a field is its value). */
async function writeEvent(
  c: PoolClient,
  e: {
    utteranceId: string
    annotator: string
    field: LabelField
    oldValue: string | null
    newValue: string | null
    at: string
    source: LabelEdit['source']
    eventId?: string
  }
): Promise<number> {
  const cols = e.eventId ? ', event_id' : ''
  const vals = e.eventId ? ', $8' : ''
  const params: unknown[] = [e.utteranceId, e.annotator, e.field, e.oldValue, e.newValue, e.at, e.source]
  if (e.eventId) params.push(e.eventId)
  const seq = (
    await c.query<{ seq: number }>(
      `INSERT INTO label_events (utterance_id, annotator_id, field, old_value, new_value, at, source${cols})
       VALUES ($1, $2, $3, $4, $5, $6, $7${vals}) RETURNING seq`,
      params
    )
  ).rows[0].seq
  if (e.newValue === null) {
    await c.query('DELETE FROM labels WHERE utterance_id = $1 AND annotator_id = $2 AND field = $3', [
      e.utteranceId,
      e.annotator,
      e.field
    ])
  } else {
    await c.query(
      `INSERT INTO labels (utterance_id, annotator_id, field, value, seq) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (utterance_id, annotator_id, field) DO UPDATE SET value = excluded.value, seq = excluded.seq`,
      [e.utteranceId, e.annotator, e.field, e.newValue, seq]
    )
  }
  return seq
}

async function refreshConsensus(c: PoolClient, utteranceId: string): Promise<void> {
  const votes = (
    await c.query<Vote>(
      `SELECT a.kind AS kind, l.field AS field, l.value AS value, l.seq AS seq
       FROM labels l JOIN annotators a ON a.id = l.annotator_id WHERE l.utterance_id = $1`,
      [utteranceId]
    )
  ).rows
  const d = deriveConsensus(votes)
  await c.query(
    `INSERT INTO consensus (utterance_id, category, valence, arousal, dominance, raters, disagree, flagged)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (utterance_id) DO UPDATE SET category = excluded.category, valence = excluded.valence,
       arousal = excluded.arousal, dominance = excluded.dominance, raters = excluded.raters,
       disagree = excluded.disagree, flagged = excluded.flagged`,
    [utteranceId, d.category, d.valence, d.arousal, d.dominance, d.raters, d.disagree ? 1 : 0, d.flagged ? 1 : 0]
  )
}

/** Serialises writers of one utterance's labels until the transaction ends */
const lockUtterance = (c: PoolClient, id: string) =>
  c.query(`SELECT pg_advisory_xact_lock(hashtext('utt:' || $1))`, [id])

export async function openPgStore(url: string, options: { poolSize?: number } = {}): Promise<Store> {
  const location = redactUrl(url)
  const pool = createPool(url, options.poolSize)
  try {
    const client = await pool.connect()
    try {
      await migratePg(client, location)
    } finally {
      client.release()
    }
  } catch (e) {
    await pool.end().catch(() => undefined)
    if (e instanceof SerError) throw e
    throw new SerError('FILE_UNREADABLE', `${location}: cannot open the team database (${(e as Error).message})`, {
      file: location
    })
  }
  const listener = listenForLabels(url)
  await Promise.race([listener.ready, new Promise((r) => setTimeout(r, 10_000))])
  const q = async <R extends object>(sql: string, params: unknown[] = []): Promise<R[]> =>
    (await pool.query<R>(sql, params)).rows
  const team = createPgTeam(pool, location)

  const store: Store = {
    engine: 'postgres',
    location,
    corpora: () =>
      q<Corpus>(
        `SELECT c.id, c.kind, c.root, c.imported_at AS "importedAt", COUNT(u.id)::int AS utterances
         FROM corpora c LEFT JOIN utterances u ON u.corpus_id = c.id GROUP BY c.id ORDER BY c.imported_at DESC`
      ),
    async sessions(corpusId) {
      const rows = await q<{ id: string; corpusId: string; utterances: number; speakers: string | null }>(
        `SELECT u.session AS id, u.corpus_id AS "corpusId", COUNT(*)::int AS utterances,
                string_agg(DISTINCT u.speaker_id, ',') AS speakers
         FROM utterances u WHERE u.session IS NOT NULL AND ($1::text IS NULL OR u.corpus_id = $1)
         GROUP BY u.corpus_id, u.session ORDER BY u.corpus_id, u.session`,
        [corpusId ?? null]
      )
      return rows.map((r) => ({ ...r, speakers: r.speakers ? r.speakers.split(',').sort() : [] })) as Session[]
    },
    speakers: (corpusId) =>
      q<Speaker>(
        `SELECT id, corpus_id AS "corpusId", gender, session FROM speakers
         WHERE $1::text IS NULL OR corpus_id = $1 ORDER BY id`,
        [corpusId ?? null]
      ),
    async utterancesPage(filter) {
      const params: unknown[] = []
      let sql = SELECT_UTTERANCE + whereOf(filter, params) + ' ORDER BY u.corpus_id, u.ord'
      if (filter.limit !== undefined) {
        params.push(filter.limit, filter.offset ?? 0)
        sql += ` LIMIT $${params.length - 1} OFFSET $${params.length}`
      }
      return (await q<UtteranceRow>(sql, params)).map(toUtteranceRow)
    },
    async utterance(id) {
      const rows = await q<UtteranceRow>(SELECT_UTTERANCE + ' WHERE u.id = $1', [id])
      if (rows.length === 0) throw new SerError('NOT_FOUND', `id: no utterance '${id}' in the index`, { field: 'id' })
      return toUtteranceRow(rows[0]) as Utterance
    },
    async audioLocation(id) {
      const rows = await q<{ path: string; root: string }>(
        'SELECT u.path, c.root FROM utterances u JOIN corpora c ON c.id = u.corpus_id WHERE u.id = $1',
        [id]
      )
      if (rows.length === 0) throw new SerError('NOT_FOUND', `id: no utterance '${id}' in the index`, { field: 'id' })
      return rows[0]
    },
    putCorpus: (b) =>
      inTransaction(pool, async (c) => {
        await c.query(
          `INSERT INTO corpora (id, kind, root, imported_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, root = excluded.root`,
          [b.corpus.id, b.corpus.kind, b.corpus.root, b.corpus.importedAt]
        )
        for (const s of b.speakers) {
          await c.query(
            `INSERT INTO speakers (corpus_id, id, gender, session) VALUES ($1, $2, $3, $4)
             ON CONFLICT (corpus_id, id) DO UPDATE SET gender = excluded.gender, session = excluded.session`,
            [s.corpusId, s.id, s.gender, s.session]
          )
        }
        for (const d of b.dialogs) {
          await c.query(
            `INSERT INTO dialogs (corpus_id, id, session, audio_path) VALUES ($1, $2, $3, $4)
             ON CONFLICT (corpus_id, id) DO UPDATE SET session = excluded.session, audio_path = excluded.audio_path`,
            [d.corpusId, d.id, d.session, d.audioPath]
          )
        }
        // in slices of 500 rows, one statement each: a 10k-utterance corpus is 20 round trips, not 10,000
        for (let i = 0; i < b.utterances.length; i += 500) {
          const slice = b.utterances.slice(i, i + 500)
          const params: unknown[] = []
          const rows = slice.map((u) => {
            const vals = [
              u.id,
              u.corpusId,
              u.path,
              u.session,
              u.speakerId,
              u.dialogId,
              u.startSec,
              u.endSec,
              u.durationSec,
              u.sampleRate,
              u.channels,
              u.fileSize,
              u.fileMtimeMs,
              u.transcript,
              u.ord
            ]
            const at = params.length
            params.push(...vals)
            return '(' + vals.map((_, j) => `$${at + j + 1}`).join(', ') + ')'
          })
          await c.query(
            `INSERT INTO utterances (id, corpus_id, path, session, speaker_id, dialog_id, start_sec, end_sec,
               duration_sec, sample_rate, channels, file_size, file_mtime_ms, transcript, ord)
             VALUES ${rows.join(', ')}
             ON CONFLICT (id) DO UPDATE SET path = excluded.path, session = excluded.session,
               speaker_id = excluded.speaker_id, dialog_id = excluded.dialog_id, start_sec = excluded.start_sec,
               end_sec = excluded.end_sec, duration_sec = excluded.duration_sec, sample_rate = excluded.sample_rate,
               channels = excluded.channels, file_size = excluded.file_size, file_mtime_ms = excluded.file_mtime_ms,
               transcript = excluded.transcript, ord = excluded.ord`,
            params
          )
        }
      }),
    async corpusBatch(corpusId) {
      const corpus = await q<{ id: string; kind: never; root: string; importedAt: string }>(
        'SELECT id, kind, root, imported_at AS "importedAt" FROM corpora WHERE id = $1',
        [corpusId]
      )
      if (corpus.length === 0)
        throw new SerError('NOT_FOUND', `corpusId: no corpus '${corpusId}' in ${location}`, { field: 'corpusId' })
      return {
        corpus: corpus[0],
        speakers: await store.speakers(corpusId),
        dialogs: await q(
          'SELECT id, corpus_id AS "corpusId", session, audio_path AS "audioPath" FROM dialogs WHERE corpus_id = $1 ORDER BY id',
          [corpusId]
        ),
        utterances: await q(
          `SELECT id, corpus_id AS "corpusId", path, session, speaker_id AS "speakerId", dialog_id AS "dialogId",
             start_sec AS "startSec", end_sec AS "endSec", duration_sec AS "durationSec", sample_rate AS "sampleRate",
             channels, file_size AS "fileSize", file_mtime_ms AS "fileMtimeMs", transcript, ord
           FROM utterances WHERE corpus_id = $1 ORDER BY ord`,
          [corpusId]
        )
      }
    },

    setLabel: (req, source = 'edit') =>
      inTransaction(pool, async (c) => {
        await lockUtterance(c, req.utteranceId)
        if ((await c.query('SELECT 1 FROM utterances WHERE id = $1', [req.utteranceId])).rowCount === 0) {
          throw new SerError('NOT_FOUND', `utteranceId: no utterance '${req.utteranceId}' in the index`, {
            field: 'utteranceId'
          })
        }
        const kind = (
          await c.query<{ kind: AnnotatorKind }>('SELECT kind FROM annotators WHERE id = $1', [req.annotator])
        ).rows[0]?.kind
        if (kind !== undefined && kind !== 'human') {
          throw new SerError('FIELD_INVALID', `annotator: '${req.annotator}' is a corpus rater, not a person`, {
            field: 'annotator'
          })
        }
        await c.query(`INSERT INTO annotators (id, kind) VALUES ($1, 'human') ON CONFLICT (id) DO NOTHING`, [
          req.annotator
        ])
        const at = new Date().toISOString()
        const edits: LabelEdit[] = []
        for (const field of LABEL_FIELDS) {
          const given = req[field]
          if (given === undefined) continue
          const value = encodeValue(field, given)
          const old =
            (
              await c.query<{ value: string }>(
                'SELECT value FROM labels WHERE utterance_id = $1 AND annotator_id = $2 AND field = $3',
                [req.utteranceId, req.annotator, field]
              )
            ).rows[0]?.value ?? null
          if (old === value) continue
          const e = {
            utteranceId: req.utteranceId,
            annotator: req.annotator,
            field,
            oldValue: old,
            newValue: value,
            at,
            source
          }
          edits.push({ seq: await writeEvent(c, e), ...e })
        }
        if (edits.length > 0) {
          await refreshConsensus(c, req.utteranceId)
          await notifyEdits(c, edits)
        }
        return edits
      }),
    async labelHistory(utteranceId) {
      return (await q<EventRow>('SELECT * FROM label_events WHERE utterance_id = $1 ORDER BY seq', [utteranceId])).map(
        toEdit
      )
    },
    async currentLabels(utteranceId) {
      return currentFromRows(
        await q<CurrentRow>(
          `SELECT l.annotator_id AS annotator, a.kind AS kind, l.field AS field, l.value AS value
           FROM labels l JOIN annotators a ON a.id = l.annotator_id WHERE l.utterance_id = $1
           ORDER BY a.kind, l.annotator_id`,
          [utteranceId]
        )
      )
    },
    annotators: () =>
      q<Annotator>(
        `SELECT a.id AS id, a.kind AS kind, COUNT(DISTINCT l.utterance_id)::int AS labels
         FROM annotators a LEFT JOIN labels l ON l.annotator_id = a.id GROUP BY a.id ORDER BY a.kind, a.id`
      ),
    labelEventsAfter: (after, limit) =>
      q(
        `SELECT e.seq, e.event_id AS "eventId", e.utterance_id AS "utteranceId", e.annotator_id AS annotator,
           a.kind AS "annotatorKind", a.corpus_id AS "annotatorCorpus", e.field, e.old_value AS "oldValue",
           e.new_value AS "newValue", e.at, e.source
         FROM label_events e JOIN annotators a ON a.id = e.annotator_id WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`,
        [after, limit]
      ),
    appendLabelEvents: (events: SyncedLabelEvent[]) =>
      inTransaction(pool, async (c) => {
        const added: LabelEdit[] = []
        const touched = new Set<string>()
        for (const u of [...new Set(events.map((e) => e.utteranceId))].sort()) await lockUtterance(c, u)
        for (const e of events) {
          if ((await c.query('SELECT 1 FROM label_events WHERE event_id = $1', [e.eventId])).rowCount) continue
          if ((await c.query('SELECT 1 FROM utterances WHERE id = $1', [e.utteranceId])).rowCount === 0) {
            throw new SerError('NOT_FOUND', `utteranceId: no utterance '${e.utteranceId}' in ${location}`, {
              field: 'utteranceId'
            })
          }
          await c.query(
            'INSERT INTO annotators (id, kind, corpus_id) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
            [e.annotator, e.annotatorKind, e.annotatorCorpus]
          )
          const seq = await writeEvent(c, e)
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
        for (const u of touched) await refreshConsensus(c, u)
        await notifyEdits(c, added)
        return added.length
      }),
    ratings: (field, ids) =>
      q(
        `SELECT l.utterance_id AS "utteranceId", u.session, l.annotator_id AS annotator, l.value
         FROM labels l JOIN annotators a ON a.id = l.annotator_id JOIN utterances u ON u.id = l.utterance_id
         WHERE l.field = $1 AND a.kind IN ('evaluator', 'human') AND l.utterance_id = ANY($2::text[])`,
        [field, ids]
      ),
    onLabelsChanged: (l) => listener.on(l),
    ...team,
    async close() {
      await listener.close()
      await pool.end()
    }
  }
  return store
}
