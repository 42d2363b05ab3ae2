/**
 * Where a run came from (services/interop): a row for every run that was not trained here — today the runs made by
 * `ser import-predictions` from a model trained elsewhere. Trained runs have no row, so the runs table is untouched.
 */
export const sql = `
CREATE TABLE run_sources (
  run_id       TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('imported')),
  name         TEXT NOT NULL,             -- the name the user gave (--name)
  file         TEXT NOT NULL,             -- the predictions file it was read from
  imported_at  TEXT NOT NULL
);
`
