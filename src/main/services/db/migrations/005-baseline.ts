/**
 * The baseline model family (services/baseline): what a baseline or fusion fold chose (its C, the fusion weight …),
 * and the eGeMAPS baseline every run's evaluation page shows beside the run, computed once per corpus × fold plan ×
 * class set and kept here (key = sha256 of the run's dataset hash, its fold plan and the baseline's settings).
 */
export const sql = `
ALTER TABLE run_folds ADD COLUMN model_info TEXT;  -- JSON: baseline C, classifier, normalisation; fusion weight

CREATE TABLE baseline_comparisons (
  key         TEXT PRIMARY KEY,
  corpus_id   TEXT NOT NULL,
  result      TEXT NOT NULL,            -- BaselineResult JSON (shared/domain/evaluation.ts)
  created_at  TEXT NOT NULL
);
`
