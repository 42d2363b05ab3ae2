import type { Routes } from '../dispatch'

export const corpusRoutes: Routes<
  | 'corpus.import'
  | 'corpus.list'
  | 'corpus.sessions'
  | 'corpus.speakers'
  | 'corpus.dialogs'
  | 'corpus.utterances'
  | 'corpus.utterance'
  | 'corpus.stats'
> = {
  'corpus.import': (s, req) => s.importer.importCorpus(req),
  'corpus.list': (s) => s.corpus.corpora(),
  'corpus.sessions': (s, req) => s.corpus.sessions(req.corpusId),
  'corpus.speakers': (s, req) => s.corpus.speakers(req.corpusId),
  'corpus.dialogs': (s, req) => s.corpus.dialogs(req.corpusId, req.session),
  'corpus.utterances': (s, req) => s.corpus.utterances(req),
  'corpus.utterance': (s, req) => s.corpus.detail(req.id),
  'corpus.stats': (s, req) => s.corpus.stats(req)
}
