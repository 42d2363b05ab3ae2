import { SerError } from '../../../shared/errors'
import type { Routes } from '../dispatch'

export const corpusRoutes: Routes<
  | 'corpus.import'
  | 'corpus.open'
  | 'corpus.list'
  | 'corpus.sessions'
  | 'corpus.speakers'
  | 'corpus.dialogs'
  | 'corpus.utterances'
  | 'corpus.utterance'
  | 'corpus.stats'
> = {
  // on a team store the corpus (its index, the audio's location, its labels) is published before this answers
  'corpus.import': async (s, req) => {
    const summary = await s.importer.importCorpus(req)
    await s.team?.push({ corpora: [summary.corpus] })
    return summary
  },
  // answered by the app and `ser serve` (transports/index-switch.ts), which can swap their services; not here
  'corpus.open': () => {
    throw new SerError('UNAVAILABLE', 'db: opening another index is for the app and ser serve; give --db instead', {
      field: 'db'
    })
  },
  'corpus.list': (s) => s.corpus.corpora(),
  'corpus.sessions': (s, req) => s.corpus.sessions(req.corpusId),
  'corpus.speakers': (s, req) => s.corpus.speakers(req.corpusId),
  'corpus.dialogs': (s, req) => s.corpus.dialogs(req.corpusId, req.session),
  'corpus.utterances': (s, req) => (s.team ? s.team.store.utterancesPage(req) : s.corpus.utterances(req)),
  'corpus.utterance': (s, req) => s.corpus.detail(req.id),
  'corpus.stats': (s, req) => s.corpus.stats(req)
}
