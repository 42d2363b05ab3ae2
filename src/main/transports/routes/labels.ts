import type { Routes } from '../dispatch'

export const labelsRoutes: Routes<
  'labels.set' | 'labels.history' | 'labels.annotators' | 'labels.agreement' | 'labels.export' | 'labels.import'
> = {
  // labels.changed is the service's: emitted once the edit is on disk
  'labels.set': (s, req) => s.labels.setLabel(req),
  'labels.history': (s, req) => {
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
  'labels.import': (s, req) => s.labelImport.importFile(req)
}
