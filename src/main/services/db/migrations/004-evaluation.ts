/**
 * Recipes (services/recipes): the paper's experiments as grids of training runs. A recipe row is one start of a
 * recipe, its request and how it ended; a cell row is one grid point, the training request it stands for and the run
 * that answers it. Cells point at runs without a foreign key: a run deleted later only makes its cell pending again,
 * and the next start of the same recipe trains it anew. Metrics are never copied here; reports read them from the runs.
 */
export const sql = `
CREATE TABLE recipes (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('experiment1', 'experiment2')),
  corpus_id   TEXT NOT NULL,
  request     TEXT NOT NULL,            -- StartRecipeRequest JSON, as given
  status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'failed')),
  owner_pid   INTEGER,                  -- process running it while status = running (a dead one = interrupted)
  error       TEXT,
  created_at  TEXT NOT NULL,
  ended_at    TEXT
);
CREATE INDEX recipes_corpus ON recipes (corpus_id, created_at);

CREATE TABLE recipe_cells (
  recipe_id  TEXT NOT NULL REFERENCES recipes(id) ON DELETE CASCADE,
  ord        INTEGER NOT NULL,
  key        TEXT NOT NULL,             -- e.g. logmel/single, 7.5s
  request    TEXT NOT NULL,             -- the cell's StartTrainingRequest JSON
  run_id     TEXT,                      -- the run that answers it, once started or found
  reused     INTEGER NOT NULL DEFAULT 0, -- 1: a finished run with the same config was found; nothing trained
  PRIMARY KEY (recipe_id, ord)
);
`
