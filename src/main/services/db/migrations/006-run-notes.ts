/**
 * A run's name and note (runs.annotate): what a researcher calls it ("baseline, no dropout") and why it was run, so
 * a list of thirty runs reads as more than ids. Both optional; shown and searched in the runs table, and part of
 * every RunSummary (`ser runs --json`, the API), so they travel with the runs' exports.
 */
export const sql = `
ALTER TABLE runs ADD COLUMN name TEXT;
ALTER TABLE runs ADD COLUMN note TEXT;
`
