/**
 * Training runs (services/training/run-store.ts). A run is one `ser train` / training.start: its config and the
 * corpus snapshot it saw, the backend it ran on, and per fold the split sizes, epochs and test metrics. Per-epoch
 * metrics and the sampled progress points (≈ 4 a second) make the curves a reattached view redraws. `predictions`
 * holds every test utterance's class probabilities, from which the evaluation area computes metrics, the "second
 * look" list and held-out scores. Models and checkpoints live in files next to the index (`<db>.runs/<run id>/`).
 */
export const sql = `
CREATE TABLE runs (
  id          TEXT PRIMARY KEY,
  corpus_id   TEXT NOT NULL,
  config      TEXT NOT NULL,            -- RunConfig JSON
  snapshot    TEXT,                     -- CorpusSnapshot JSON, once the dataset is assembled
  backend     TEXT,                     -- BackendInfo JSON of the first fold that started
  status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'cancelled', 'failed')),
  error       TEXT,
  created_at  TEXT NOT NULL,
  started_at  TEXT,
  ended_at    TEXT,
  seconds     REAL NOT NULL DEFAULT 0,  -- training wall time over every session of the run
  owner_pid   INTEGER,                  -- process running it while status = running (a dead one = interrupted)
  metrics     TEXT                      -- pooled Metrics JSON
);
CREATE INDEX runs_corpus ON runs (corpus_id, created_at);

CREATE TABLE run_folds (
  run_id       TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  fold         INTEGER NOT NULL,
  test_groups  TEXT NOT NULL,           -- JSON array of sessions (or speakers)
  status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'cancelled', 'failed')),
  train_count  INTEGER NOT NULL,
  dev_count    INTEGER NOT NULL,
  test_count   INTEGER NOT NULL,
  epochs       INTEGER NOT NULL DEFAULT 0,
  best_epoch   INTEGER,
  parameters   INTEGER,
  conv_form    TEXT,
  norm         TEXT,                    -- {mean, std} JSON of the training utterances
  counts       TEXT,                    -- ClassCounts JSON of the training utterances
  metrics      TEXT,
  model_dir    TEXT,                    -- relative to the run folder
  error        TEXT,
  PRIMARY KEY (run_id, fold)
);

CREATE TABLE run_epochs (
  run_id    TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  fold      INTEGER NOT NULL,
  epoch     INTEGER NOT NULL,
  loss      REAL NOT NULL,
  acc       REAL NOT NULL,
  val_loss  REAL,
  val_acc   REAL,
  lr        REAL NOT NULL,
  seconds   REAL NOT NULL,
  PRIMARY KEY (run_id, fold, epoch)
);

CREATE TABLE run_points (
  run_id  TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  fold    INTEGER NOT NULL,
  epoch   INTEGER NOT NULL,
  batch   INTEGER NOT NULL,
  loss    REAL NOT NULL,
  acc     REAL NOT NULL,
  at      INTEGER NOT NULL,
  PRIMARY KEY (run_id, fold, epoch, batch)
);

CREATE TABLE predictions (
  run_id        TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  fold          INTEGER NOT NULL,
  utterance_id  TEXT NOT NULL,          -- no foreign key: a run is history, and outlives a re-import
  true_label    TEXT NOT NULL,          -- the class code the model was trained towards
  predicted     TEXT NOT NULL,
  probabilities TEXT NOT NULL,          -- JSON {code: p} over the run's classes
  activation    TEXT,                   -- JSON [low, mid, high] of the multi-task head, else null
  valence       TEXT,
  PRIMARY KEY (run_id, utterance_id)
);
CREATE INDEX predictions_utterance ON predictions (utterance_id);
`
