import { defineStore } from 'pinia'
import { ref, shallowRef, triggerRef } from 'vue'
import type { Session } from '@shared/domain/corpus'
import type { HeldOutScore, RunEvaluation } from '@shared/domain/evaluation'
import type { SerErrorInfo } from '@shared/errors'
import { useClient } from '../api/use-client'
import { attempt } from './attempt'

/**
 * A run's evaluation (evaluation.metrics: every head, per fold and pooled, with precision/F1/support) and the
 * held-out scores asked for in this window (evaluation.score), newest first per run.
 */
export const useEvaluationStore = defineStore('evaluation', () => {
  const byRun = shallowRef(new Map<string, RunEvaluation>())
  const error = ref<SerErrorInfo | null>(null)
  const scores = ref<HeldOutScore[]>([])
  const scoring = ref(false)
  const scoreError = ref<SerErrorInfo | null>(null)
  /** Sessions per corpus, for the held-out choice */
  const sessions = shallowRef(new Map<string, Session[]>())

  function load(runId: string): Promise<RunEvaluation | null> {
    return attempt(async () => {
      const e = await useClient().call('evaluation.metrics', { runId })
      byRun.value.set(runId, e)
      triggerRef(byRun)
      return e
    }, error)
  }

  async function loadSessions(corpusId: string): Promise<void> {
    if (sessions.value.has(corpusId)) return
    const list = await useClient().call('corpus.sessions', { corpusId })
    sessions.value.set(corpusId, list)
    triggerRef(sessions)
  }

  /** Scores the session with the fold model that never saw it; a refusal (CONFLICT: it trained on it) is shown */
  function score(runId: string, session: string, corpusId?: string): Promise<HeldOutScore | null> {
    scoreError.value = null
    return attempt(
      async () => {
        const s = await useClient().call('evaluation.score', { runId, session, ...(corpusId ? { corpusId } : {}) })
        scores.value = [s, ...scores.value.filter((x) => !(x.runId === s.runId && x.session === s.session && x.corpusId === s.corpusId))]
        return s
      },
      scoreError,
      scoring
    )
  }

  return { byRun, error, scores, scoring, scoreError, sessions, load, loadSessions, score }
})
