/**
 * The corpus index and the label history on PostgreSQL: the tables of the SQLite migrations 001 and 009
 * (src/main/services/db/migrations), in PostgreSQL's types. `label_events` is append-only here too: a trigger refuses
 * UPDATE, DELETE and TRUNCATE. Every event has a global `event_id` (push and pull between stores skip ids they
 * hold); events made here get a random UUID.
 */
export const sql = `
CREATE TABLE corpora (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  root        TEXT NOT NULL,
  imported_at TEXT NOT NULL
);

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
  start_sec     DOUBLE PRECISION,
  end_sec       DOUBLE PRECISION,
  duration_sec  DOUBLE PRECISION NOT NULL,
  sample_rate   INTEGER NOT NULL,
  channels      INTEGER NOT NULL,
  file_size     BIGINT NOT NULL,
  file_mtime_ms BIGINT NOT NULL,
  transcript    TEXT,
  ord           INTEGER NOT NULL,
  UNIQUE (corpus_id, path),
  FOREIGN KEY (corpus_id, speaker_id) REFERENCES speakers (corpus_id, id),
  FOREIGN KEY (corpus_id, dialog_id) REFERENCES dialogs (corpus_id, id)
);
CREATE INDEX utterances_corpus_ord ON utterances (corpus_id, ord);
CREATE INDEX utterances_session ON utterances (session);
CREATE INDEX utterances_speaker ON utterances (corpus_id, speaker_id);

CREATE TABLE annotators (
  id        TEXT PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('reference', 'evaluator', 'self', 'human', 'model')),
  corpus_id TEXT REFERENCES corpora(id)
);

CREATE TABLE label_events (
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id     TEXT NOT NULL UNIQUE DEFAULT gen_random_uuid()::text,
  utterance_id TEXT NOT NULL REFERENCES utterances(id),
  annotator_id TEXT NOT NULL REFERENCES annotators(id),
  field        TEXT NOT NULL CHECK (field IN ('category', 'valence', 'arousal', 'dominance', 'flag')),
  old_value    TEXT,
  new_value    TEXT,
  at           TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source IN ('import', 'edit', 'file'))
);
CREATE INDEX label_events_utterance ON label_events (utterance_id, seq);

CREATE FUNCTION label_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'label history is append-only';
END $$;
CREATE TRIGGER label_events_no_update BEFORE UPDATE OR DELETE ON label_events
  FOR EACH ROW EXECUTE FUNCTION label_events_append_only();
CREATE TRIGGER label_events_no_truncate BEFORE TRUNCATE ON label_events
  FOR EACH STATEMENT EXECUTE FUNCTION label_events_append_only();

CREATE TABLE labels (
  utterance_id TEXT NOT NULL REFERENCES utterances(id),
  annotator_id TEXT NOT NULL REFERENCES annotators(id),
  field        TEXT NOT NULL,
  value        TEXT NOT NULL,
  seq          BIGINT NOT NULL REFERENCES label_events(seq),
  PRIMARY KEY (utterance_id, annotator_id, field)
);
CREATE INDEX labels_annotator ON labels (annotator_id, field);

CREATE TABLE consensus (
  utterance_id TEXT PRIMARY KEY REFERENCES utterances(id),
  category     TEXT,
  valence      DOUBLE PRECISION,
  arousal      DOUBLE PRECISION,
  dominance    DOUBLE PRECISION,
  raters       INTEGER NOT NULL DEFAULT 0,
  disagree     INTEGER NOT NULL DEFAULT 0,
  flagged      INTEGER NOT NULL DEFAULT 0
);
`
