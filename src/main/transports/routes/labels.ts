import type { Routes } from '../dispatch'

export const labelsRoutes: Routes<
  'labels.set' | 'labels.history' | 'labels.annotators' | 'labels.agreement' | 'labels.export' | 'labels.import'
> = {
  // labels.changed is the service's: emitted once the edit is on disk. On a team store the edit is made there
  // first (durable in PostgreSQL when this answers), then copied into the local replica
  'labels.set': (s, req) => (s.team ? s.team.setLabel(req) : s.labels.setLabel(req)),
  'labels.history': async (s, req) => {
    if (s.team) {
      await s.team.store.utterance(req.utteranceId)
      return s.team.store.labelHistory(req.utteranceId)
    }
    s.corpus.utterance(req.utteranceId)
    return s.labels.history(req.utteranceId)
  },
  'labels.annotators': (s) => s.labels.annotators(),
  'labels.agreement': (s, req) =>
    s.agreement.agreement({
      field: req.field ?? 'category',
      corpusId: req.corpusId,
      session: req.session,
      annotators: req.annotators
    }),
  'labels.export': (s, req) => s.labelExport.exportLabels(req),
  // long work: batched transactions, yielding to the event loop between them, progress as labels.importProgress
  // on a team store the file's edits are copied to PostgreSQL before this answers
  'labels.import': async (s, req) => {
    const result = await s.labelImport.importFile(req)
    await s.team?.push()
    return result
  }
}
