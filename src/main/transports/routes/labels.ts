import type { Routes } from '../dispatch'

export const labelsRoutes: Routes<
  'labels.set' | 'labels.history' | 'labels.annotators' | 'labels.agreement' | 'labels.export' | 'labels.import'
> = {
  'labels.set': (s, req) => {
    const edits = s.labels.setLabel(req)
    // emitted after the transaction committed: whoever hears it can rely on the edit being on disk
    if (edits.length > 0) s.events.emit('labels.changed', edits)
    return edits
  },
  'labels.history': (s, req) => {
    s.corpus.utterance(req.utteranceId)
    return s.labels.history(req.utteranceId)
  },
  'labels.annotators': (s) => s.labels.annotators(),
  'labels.agreement': (s, req) => s.agreement.agreement({ field: req.field ?? 'category', corpusId: req.corpusId, session: req.session, annotators: req.annotators }),
  'labels.export': (s, req) => s.labelExport.exportLabels(req),
  // long work: batched transactions, yielding to the event loop between them, progress as labels.importProgress
  'labels.import': async (s, req) => {
    const summary = await s.labelImport.importFile(req)
    if (summary.edits > 0) s.events.emit('labels.changed', [])
    return summary
  }
}
