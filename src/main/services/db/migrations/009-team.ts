/**
 * Team labeling in the embedded engine too (src/main/services/store): a global id for label events, so that push and
 * pull between stores are idempotent, and the tables of accounts, sign-in sessions, tasks and assignments.
 * `event_id` is NULL for events made in this file: their id is `<origin>:<seq>` with this file's random origin; an
 * event copied from another store keeps the id it had there. ADD COLUMN rewrites no row, so the append-only
 * triggers stay untouched.
 */
export const sql = `
CREATE TABLE store_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO store_meta (key, value) VALUES ('origin', lower(hex(randomblob(16))));

ALTER TABLE label_events ADD COLUMN event_id TEXT;
CREATE UNIQUE INDEX label_events_event_id ON label_events (event_id) WHERE event_id IS NOT NULL;

CREATE TABLE accounts (
  name           TEXT PRIMARY KEY,
  role           TEXT NOT NULL CHECK (role IN ('admin', 'annotator', 'viewer')),
  password_hash  TEXT NOT NULL,
  must_change    INTEGER NOT NULL DEFAULT 1,
  disabled       INTEGER NOT NULL DEFAULT 0,
  failed_logins  INTEGER NOT NULL DEFAULT 0,
  last_failed_at TEXT,
  created_at     TEXT NOT NULL
);

CREATE TABLE auth_sessions (
  token_hash TEXT PRIMARY KEY,
  account    TEXT NOT NULL REFERENCES accounts(name),
  csrf       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX auth_sessions_account ON auth_sessions (account);

CREATE TABLE tasks (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL,
  filter     TEXT NOT NULL,
  k          INTEGER NOT NULL CHECK (k >= 1),
  blind      INTEGER NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE task_pool (
  task_id   INTEGER NOT NULL REFERENCES tasks(id),
  annotator TEXT NOT NULL,
  PRIMARY KEY (task_id, annotator)
);

CREATE TABLE task_items (
  task_id      INTEGER NOT NULL REFERENCES tasks(id),
  utterance_id TEXT NOT NULL REFERENCES utterances(id),
  ord          INTEGER NOT NULL,
  assigned     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (task_id, utterance_id)
);
CREATE INDEX task_items_next ON task_items (task_id, assigned, ord);

-- one row per (task, utterance, annotator): the primary key is what makes "never twice to one person" hold
CREATE TABLE assignments (
  task_id      INTEGER NOT NULL,
  utterance_id TEXT NOT NULL,
  annotator    TEXT NOT NULL,
  assigned_at  TEXT NOT NULL,
  submitted_at TEXT,
  PRIMARY KEY (task_id, utterance_id, annotator),
  FOREIGN KEY (task_id, utterance_id) REFERENCES task_items (task_id, utterance_id)
);
CREATE INDEX assignments_annotator ON assignments (annotator, utterance_id);
`
