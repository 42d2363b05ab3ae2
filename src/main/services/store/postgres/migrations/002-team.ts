/** Accounts, sign-in sessions, tasks and assignments (the same tables as SQLite's 009-team). */
export const sql = `
CREATE TABLE accounts (
  name           TEXT PRIMARY KEY,
  role           TEXT NOT NULL CHECK (role IN ('admin', 'annotator', 'viewer')),
  password_hash  TEXT NOT NULL,
  must_change    BOOLEAN NOT NULL DEFAULT TRUE,
  disabled       BOOLEAN NOT NULL DEFAULT FALSE,
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
  id         INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       TEXT NOT NULL,
  filter     TEXT NOT NULL,
  k          INTEGER NOT NULL CHECK (k >= 1),
  blind      BOOLEAN NOT NULL DEFAULT TRUE,
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
