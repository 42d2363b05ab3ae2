/**
 * The corpus index and the label history. `label_events` is append-only (triggers refuse UPDATE and DELETE);
 * `labels` (each annotator's current value per field) and `consensus` are derived from it by label-store.ts in the
 * same transaction as every write, and can be rebuilt from it.
 */
export const sql = `
CREATE TABLE corpora (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  root        TEXT NOT NULL,
  imported_at TEXT NOT NULL
);

-- speaker and dialog names are only unique within a corpus (EmoDB's speaker 03 is not RAVDESS's)
CREATE TABLE speakers (
  corpus_id TEXT NOT NULL REFERENCES corpora(id),
  id        TEXT NOT NULL,
  gender    TEXT CHECK (gender IN ('F', 'M')),
  session   TEXT,
  PRIMARY KEY (corpus_id, id)
);

CREATE TABLE dialogs (
  corpus_id  TEXT NOT NULL REFERENCES corpora(id),
  id         TEXT NOT NULL,
  session    TEXT,
  audio_path TEXT,
  PRIMARY KEY (corpus_id, id)
);

CREATE TABLE utterances (
  id            TEXT PRIMARY KEY,
  corpus_id     TEXT NOT NULL REFERENCES corpora(id),
  path          TEXT NOT NULL,
  session       TEXT,
  speaker_id    TEXT,
  dialog_id     TEXT,
  start_sec     REAL,
  end_sec       REAL,
  duration_sec  REAL NOT NULL,
  sample_rate   INTEGER NOT NULL,
  channels      INTEGER NOT NULL,
  file_size     INTEGER NOT NULL,
  file_mtime_ms INTEGER NOT NULL,
  transcript    TEXT,
  ord           INTEGER NOT NULL,
  UNIQUE (corpus_id, path),
  FOREIGN KEY (corpus_id, speaker_id) REFERENCES speakers (corpus_id, id),
  FOREIGN KEY (corpus_id, dialog_id) REFERENCES dialogs (corpus_id, id)
);
CREATE INDEX utterances_corpus_ord ON utterances (corpus_id, ord);
CREATE INDEX utterances_session ON utterances (session);
CREATE INDEX utterances_speaker ON utterances (corpus_id, speaker_id);
CREATE INDEX utterances_dialog ON utterances (corpus_id, dialog_id, start_sec);

CREATE TABLE annotators (
  id        TEXT PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('reference', 'evaluator', 'self', 'human', 'model')),
  corpus_id TEXT REFERENCES corpora(id)
);

CREATE TABLE label_events (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  utterance_id TEXT NOT NULL REFERENCES utterances(id),
  annotator_id TEXT NOT NULL REFERENCES annotators(id),
  field        TEXT NOT NULL CHECK (field IN ('category', 'valence', 'arousal', 'dominance', 'flag')),
  old_value    TEXT,
  new_value    TEXT,
  at           TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source IN ('import', 'edit', 'file'))
);
CREATE INDEX label_events_utterance ON label_events (utterance_id, seq);
CREATE TRIGGER label_events_append_only_update BEFORE UPDATE ON label_events
BEGIN SELECT RAISE(ABORT, 'label history is append-only'); END;
CREATE TRIGGER label_events_append_only_delete BEFORE DELETE ON label_events
BEGIN SELECT RAISE(ABORT, 'label history is append-only'); END;

CREATE TABLE labels (
  utterance_id TEXT NOT NULL REFERENCES utterances(id),
  annotator_id TEXT NOT NULL REFERENCES annotators(id),
  field        TEXT NOT NULL,
  value        TEXT NOT NULL,
  seq          INTEGER NOT NULL REFERENCES label_events(seq),
  PRIMARY KEY (utterance_id, annotator_id, field)
) WITHOUT ROWID;
CREATE INDEX labels_annotator ON labels (annotator_id, field);

CREATE TABLE consensus (
  utterance_id TEXT PRIMARY KEY REFERENCES utterances(id),
  category     TEXT,
  valence      REAL,
  arousal      REAL,
  dominance    REAL,
  raters       INTEGER NOT NULL DEFAULT 0,
  disagree     INTEGER NOT NULL DEFAULT 0,
  flagged      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX consensus_category ON consensus (category);
`
