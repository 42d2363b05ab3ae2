import type { CorpusFilter, CorpusStats, UtteranceDetail } from '../../../shared/api/corpus'
import type { CategoryCode } from '../../../shared/domain/categories'
import { FOUR_CLASSES, toFourClass } from '../../../shared/domain/categories'
import type { Corpus, CorpusKind, Dialog, Gender, Session, Speaker, Utterance } from '../../../shared/domain/corpus'
import { SerError } from '../../../shared/errors'
import type { Db } from '../db/open-db'
import type { LabelStore } from '../labels/label-store'
import { resolveInCorpus } from './corpus-paths'

/** Read access to the corpus index, and the upserts importers use. */
export interface CorpusIndex {
  corpora(): Corpus[]
  corpus(id: string): Corpus
  /** The corpus to use when a request names none: the only one, or the most recently imported */
  defaultCorpusId(): string | null
  sessions(corpusId?: string): Session[]
  speakers(corpusId?: string): Speaker[]
  dialogs(corpusId?: string, session?: string): Dialog[]
  utterances(filter?: CorpusFilter): Utterance[]
  utterance(id: string): Utterance
  detail(id: string): UtteranceDetail
  stats(filter?: CorpusFilter): CorpusStats
  /** Absolute path of an utterance's audio, checked to lie inside its corpus */
  audioPath(id: string): string
  /** Absolute path of a dialog's whole audio, or null when the corpus has none */
  dialogAudioPath(dialogId: string, corpusId?: string): string | null
  writes: CorpusWrites
}

export interface UtteranceRecord {
  id: string
  corpusId: string
  path: string
  session: string | null
  speakerId: string | null
  dialogId: string | null
  startSec: number | null
  endSec: number | null
  durationSec: number
  sampleRate: number
  channels: number
  fileSize: number
  fileMtimeMs: number
  transcript: string | null
  ord: number
}

export interface CorpusWrites {
  upsertCorpus(c: { id: string; kind: CorpusKind; root: string }): void
  upsertSpeaker(s: { id: string; corpusId: string; gender: Gender | null; session: string | null }): void
  upsertDialog(d: { id: string; corpusId: string; session: string | null; audioPath: string | null }): void
  upsertUtterance(u: UtteranceRecord): void
  /** Corpus that already holds an utterance id, if any */
  ownerOf(utteranceId: string): string | null
}

export interface UtteranceRow {
  id: string
  corpus_id: string
  path: string
  session: string | null
  speaker_id: string | null
  gender: Gender | null
  dialog_id: string | null
  start_sec: number | null
  end_sec: number | null
  duration_sec: number
  sample_rate: number
  channels: number
  transcript: string | null
  category: CategoryCode | null
  valence: number | null
  arousal: number | null
  dominance: number | null
  raters: number | null
  disagree: number | null
  flagged: number | null
}

export function toUtterance(r: UtteranceRow): Utterance {
  return {
    id: r.id,
    corpusId: r.corpus_id,
    path: r.path,
    session: r.session,
    speaker: r.speaker_id,
    gender: r.gender,
    dialog: r.dialog_id,
    startSec: r.start_sec,
    endSec: r.end_sec,
    durationSec: r.duration_sec,
    sampleRate: r.sample_rate,
    channels: r.channels,
    transcript: r.transcript,
    category: r.category,
    valence: r.valence,
    arousal: r.arousal,
    dominance: r.dominance,
    raters: r.raters ?? 0,
    ratersDisagree: (r.disagree ?? 0) === 1,
    flagged: (r.flagged ?? 0) === 1
  }
}

const SELECT_UTTERANCE = `
  SELECT u.id, u.corpus_id, u.path, u.session, u.speaker_id, s.gender, u.dialog_id, u.start_sec, u.end_sec,
         u.duration_sec, u.sample_rate, u.channels, u.transcript,
         c.category, c.valence, c.arousal, c.dominance, c.raters, c.disagree, c.flagged
  FROM utterances u
  LEFT JOIN speakers s ON s.corpus_id = u.corpus_id AND s.id = u.speaker_id
  LEFT JOIN consensus c ON c.utterance_id = u.id`

/** WHERE clause and parameters of a corpus filter (shared by the list and the counts). */
function whereOf(f: CorpusFilter): { sql: string; params: Record<string, unknown> } {
  const conds: string[] = []
  const params: Record<string, unknown> = {}
  const equals = (value: unknown, cond: string, param: string): void => {
    if (!value) return
    conds.push(cond)
    params[param] = value
  }
  equals(f.corpusId, 'u.corpus_id = @corpusId', 'corpusId')
  equals(f.session, 'u.session = @session', 'session')
  equals(f.speaker, 'u.speaker_id = @speaker', 'speaker')
  equals(f.gender, 's.gender = @gender', 'gender')
  equals(f.dialog, 'u.dialog_id = @dialog', 'dialog')
  equals(f.category, 'c.category = @category', 'category')
  if (f.unlabeled) conds.push('c.category IS NULL')
  if (f.disagree) conds.push('c.disagree = 1')
  if (f.flagged) conds.push('c.flagged = 1')
  if (f.search) {
    conds.push(`(u.id LIKE @search ESCAPE '\\' OR u.transcript LIKE @search ESCAPE '\\')`)
    params.search = '%' + f.search.replace(/[\\%_]/g, (m) => '\\' + m) + '%'
  }
  return { sql: conds.length ? ' WHERE ' + conds.join(' AND ') : '', params }
}

export function createCorpusIndex(db: Db, labels: LabelStore): CorpusIndex {
  const st = {
    corpora: db.prepare(
      `SELECT c.id, c.kind, c.root, c.imported_at AS importedAt, COUNT(u.id) AS utterances
       FROM corpora c LEFT JOIN utterances u ON u.corpus_id = c.id GROUP BY c.id ORDER BY c.imported_at DESC`
    ),
    utterance: db.prepare(SELECT_UTTERANCE + ' WHERE u.id = ?'),
    previous: db
      .prepare(
        `SELECT p.id FROM utterances u JOIN utterances p ON p.corpus_id = u.corpus_id AND p.ord < u.ord
         WHERE u.id = ? ORDER BY p.ord DESC LIMIT 1`
      )
      .pluck(),
    next: db
      .prepare(
        `SELECT n.id FROM utterances u JOIN utterances n ON n.corpus_id = u.corpus_id AND n.ord > u.ord
         WHERE u.id = ? ORDER BY n.ord LIMIT 1`
      )
      .pluck(),
    sessions: db.prepare(
      `SELECT u.session AS id, u.corpus_id AS corpusId, COUNT(*) AS utterances,
              GROUP_CONCAT(DISTINCT u.speaker_id) AS speakers
       FROM utterances u WHERE u.session IS NOT NULL AND (@corpusId IS NULL OR u.corpus_id = @corpusId)
       GROUP BY u.corpus_id, u.session ORDER BY u.corpus_id, u.session`
    ),
    speakers: db.prepare(
      `SELECT id, corpus_id AS corpusId, gender, session FROM speakers
       WHERE @corpusId IS NULL OR corpus_id = @corpusId ORDER BY id`
    ),
    dialogs: db.prepare(
      `SELECT id, corpus_id AS corpusId, session, audio_path AS audioPath FROM dialogs
       WHERE (@corpusId IS NULL OR corpus_id = @corpusId) AND (@session IS NULL OR session = @session) ORDER BY id`
    ),
    upsertCorpus: db.prepare(
      `INSERT INTO corpora (id, kind, root, imported_at) VALUES (@id, @kind, @root, @at)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, root = excluded.root, imported_at = excluded.imported_at`
    ),
    upsertSpeaker: db.prepare(
      `INSERT INTO speakers (id, corpus_id, gender, session) VALUES (@id, @corpusId, @gender, @session)
       ON CONFLICT (corpus_id, id) DO UPDATE SET gender = excluded.gender, session = excluded.session`
    ),
    upsertDialog: db.prepare(
      `INSERT INTO dialogs (id, corpus_id, session, audio_path) VALUES (@id, @corpusId, @session, @audioPath)
       ON CONFLICT (corpus_id, id) DO UPDATE SET session = excluded.session, audio_path = excluded.audio_path`
    ),
    upsertUtterance: db.prepare(
      `INSERT INTO utterances (id, corpus_id, path, session, speaker_id, dialog_id, start_sec, end_sec, duration_sec,
         sample_rate, channels, file_size, file_mtime_ms, transcript, ord)
       VALUES (@id, @corpusId, @path, @session, @speakerId, @dialogId, @startSec, @endSec, @durationSec,
         @sampleRate, @channels, @fileSize, @fileMtimeMs, @transcript, @ord)
       ON CONFLICT (id) DO UPDATE SET path = excluded.path, session = excluded.session,
         speaker_id = excluded.speaker_id, dialog_id = excluded.dialog_id, start_sec = excluded.start_sec,
         end_sec = excluded.end_sec, duration_sec = excluded.duration_sec, sample_rate = excluded.sample_rate,
         channels = excluded.channels, file_size = excluded.file_size, file_mtime_ms = excluded.file_mtime_ms,
         transcript = excluded.transcript, ord = excluded.ord`
    ),
    ownerOf: db.prepare('SELECT corpus_id FROM utterances WHERE id = ?').pluck(),
    dialogAudio: db.prepare(
      `SELECT d.audio_path, c.root FROM dialogs d JOIN corpora c ON c.id = d.corpus_id
       WHERE d.id = @dialogId AND (@corpusId IS NULL OR d.corpus_id = @corpusId)`
    ),
    audio: db.prepare('SELECT u.path, c.root FROM utterances u JOIN corpora c ON c.id = u.corpus_id WHERE u.id = ?')
  }

  const index: CorpusIndex = {
    corpora: () => st.corpora.all() as Corpus[],
    corpus(id) {
      const c = (st.corpora.all() as Corpus[]).find((x) => x.id === id)
      if (!c) throw new SerError('NOT_FOUND', `corpusId: no corpus '${id}' in the index`, { field: 'corpusId' })
      return c
    },
    defaultCorpusId() {
      const all = st.corpora.all() as Corpus[]
      return all.length > 0 ? all[0].id : null
    },
    sessions(corpusId) {
      return (
        st.sessions.all({ corpusId: corpusId ?? null }) as {
          id: string
          corpusId: string
          utterances: number
          speakers: string | null
        }[]
      ).map((r) => ({ ...r, speakers: r.speakers ? r.speakers.split(',').sort() : [] }))
    },
    speakers: (corpusId) => st.speakers.all({ corpusId: corpusId ?? null }) as Speaker[],
    dialogs: (corpusId, session) =>
      st.dialogs.all({ corpusId: corpusId ?? null, session: session ?? null }) as Dialog[],
    utterances(filter = {}) {
      const w = whereOf(filter)
      let sql = SELECT_UTTERANCE + w.sql + ' ORDER BY u.corpus_id, u.ord'
      if (filter.limit !== undefined) sql += ` LIMIT ${filter.limit} OFFSET ${filter.offset ?? 0}`
      return (db.prepare(sql).all(w.params) as UtteranceRow[]).map(toUtterance)
    },
    utterance(id) {
      const row = st.utterance.get(id) as UtteranceRow | undefined
      if (!row) throw new SerError('NOT_FOUND', `id: no utterance '${id}' in the index`, { field: 'id' })
      return toUtterance(row)
    },
    detail(id) {
      return {
        utterance: index.utterance(id),
        labels: labels.current(id),
        history: labels.history(id),
        previous: (st.previous.get(id) as string | undefined) ?? null,
        next: (st.next.get(id) as string | undefined) ?? null
      }
    },
    stats(filter = {}) {
      const w = whereOf({ ...filter, limit: undefined, offset: undefined })
      const rows = db
        .prepare(
          `SELECT c.category AS category, COUNT(*) AS n, COUNT(DISTINCT u.session) AS sessions
           FROM utterances u LEFT JOIN speakers s ON s.corpus_id = u.corpus_id AND s.id = u.speaker_id
           LEFT JOIN consensus c ON c.utterance_id = u.id ${w.sql} GROUP BY c.category`
        )
        .all(w.params) as { category: CategoryCode | null; n: number }[]
      const totals = db
        .prepare(
          `SELECT COUNT(*) AS utterances, COUNT(DISTINCT u.corpus_id || '/' || u.session) AS sessions,
                  COUNT(DISTINCT u.speaker_id) AS speakers
           FROM utterances u LEFT JOIN speakers s ON s.corpus_id = u.corpus_id AND s.id = u.speaker_id
           LEFT JOIN consensus c ON c.utterance_id = u.id ${w.sql}`
        )
        .get(w.params) as { utterances: number; sessions: number; speakers: number }
      const byCategory: Record<string, number> = {}
      const fourClass: Record<string, number> = Object.fromEntries(FOUR_CLASSES.map((c) => [c, 0]))
      let labeled = 0
      for (const r of rows) {
        byCategory[r.category ?? 'null'] = r.n
        if (r.category) labeled += r.n
        const four = toFourClass(r.category)
        if (four) fourClass[four] += r.n
      }
      return { ...totals, labeled, byCategory, fourClass }
    },
    audioPath(id) {
      const r = st.audio.get(id) as { path: string; root: string } | undefined
      if (!r) throw new SerError('NOT_FOUND', `id: no utterance '${id}' in the index`, { field: 'id' })
      return resolveInCorpus(r.root, r.path, 'id')
    },
    dialogAudioPath(dialogId, corpusId) {
      const r = st.dialogAudio.get({ dialogId, corpusId: corpusId ?? null }) as
        { audio_path: string | null; root: string } | undefined
      if (!r) throw new SerError('NOT_FOUND', `dialog: no dialog '${dialogId}' in the index`, { field: 'dialog' })
      return r.audio_path ? resolveInCorpus(r.root, r.audio_path, 'dialog') : null
    },
    writes: {
      upsertCorpus: (c) => void st.upsertCorpus.run({ ...c, at: new Date().toISOString() }),
      upsertSpeaker: (s) => void st.upsertSpeaker.run(s),
      upsertDialog: (d) => void st.upsertDialog.run(d),
      upsertUtterance: (u) => void st.upsertUtterance.run(u),
      ownerOf: (id) => (st.ownerOf.get(id) as string | undefined) ?? null
    }
  }
  return index
}
