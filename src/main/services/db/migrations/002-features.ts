/**
 * The feature cache (services/features/feature-cache.ts). A feature set is one corpus feature kind under one
 * exact configuration (its canonical JSON and that JSON's hash); a cached matrix belongs to one set and one
 * utterance and records the size and mtime of the audio file it was computed from, so a changed file or a changed
 * configuration makes it stale. Matrices are float32 little-endian, frames × dims, row-major, in a BLOB kept last
 * in the row so that validity checks never read it. docs/features.md has the measurement behind blobs-in-the-index.
 */
export const sql = `
CREATE TABLE feature_sets (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL,
  config_hash     TEXT NOT NULL,
  config          TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  UNIQUE (kind, config_hash)
);

CREATE TABLE feature_cache (
  set_id          INTEGER NOT NULL REFERENCES feature_sets(id) ON DELETE CASCADE,
  utterance_id    TEXT NOT NULL REFERENCES utterances(id) ON DELETE CASCADE,
  file_size       INTEGER NOT NULL,
  file_mtime_ms   INTEGER NOT NULL,
  frames          INTEGER NOT NULL,
  dims            INTEGER NOT NULL,
  frame_shift_sec REAL NOT NULL,
  names           TEXT NOT NULL,
  computed_at     TEXT NOT NULL,
  data            BLOB NOT NULL,
  UNIQUE (set_id, utterance_id)
);
CREATE INDEX feature_cache_utterance ON feature_cache (utterance_id);
`
