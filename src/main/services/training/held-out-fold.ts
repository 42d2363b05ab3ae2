/**
 * Which fold of a stored run may score a session: the one whose model never trained or selected epochs on the
 * session's utterances or speakers. Shared by the neural scorer (evaluation/held-out-scoring.ts) and the baseline's
 * (baseline/baseline-scoring.ts), so it sits with the stored run, below both.
 */
import { SerError } from '../../../shared/errors'
import { foldLabel } from '../../../shared/domain/fold-name'
import type { StoredRun } from './stored-run'

const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })

/** The fold whose model never trained or selected epochs on the session's utterances or speakers. */
export function pickFold(
  run: StoredRun,
  corpusId: string,
  session: string,
  speakers: ReadonlySet<string>,
  ids: ReadonlySet<string>
): number {
  const { detail, meta, plans } = run
  const sameCorpus = corpusId === detail.config.corpusId
  const seen = (indices: number[]) =>
    indices.some((i) => {
      const u = meta.utterances[i]
      return ids.has(u.id) || (sameCorpus && (u.session === session || (u.speaker !== null && speakers.has(u.speaker))))
    })
  const clean = plans.filter((p) => !seen(p.train) && !seen(p.dev))
  if (clean.length === 0) {
    const trained = [
      ...new Set(
        plans
          .flatMap((p) => [...p.train, ...p.dev])
          .map((i) => meta.utterances[i].session)
          .filter((s): s is string => s !== null)
      )
    ].sort(natural)
    const tested = [...new Set(plans.flatMap((p) => p.testGroups))].sort(natural)
    throw new SerError(
      'CONFLICT',
      `session: '${session}' was in the training or dev data of run ${detail.id} (it trained on ${trained.join(', ')}); score a session it never saw${tested.length ? ` (tested: ${tested.join(', ')})` : ''}`,
      { field: 'session' }
    )
  }
  // prefer the fold that tested exactly this session (its stored predictions are the same utterances)
  const own = clean.find((p) => p.testGroups.includes(session))
  const fold = (own ?? clean[0]).fold
  const summary = detail.foldSummaries.find((f) => f.fold === fold)
  if (detail.source) {
    const { name, file } = detail.source
    throw new SerError(
      'CONFLICT',
      `runId: run ${detail.id} ('${name}') holds predictions imported from ${file}, not a model; it cannot score new sessions`,
      { field: 'runId' }
    )
  }
  if (!summary || summary.status !== 'done' || !summary.modelDir) {
    throw new SerError(
      'CONFLICT',
      `runId: ${foldLabel(fold)} of run ${detail.id} has no saved model (${summary?.status ?? 'not started'}); finish the run first`,
      { field: 'runId' }
    )
  }
  return fold
}
