import { defineStore } from 'pinia'
import { ref, shallowRef, triggerRef } from 'vue'
import type { Session } from '@shared/domain/corpus'
import type { BaselineComparison, HeldOutScore, RunEvaluation } from '@shared/domain/evaluation'
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
  /** The eGeMAPS baseline on each run's folds (evaluation.baselineComparison), by run */
  const baselines = shallowRef(new Map<string, BaselineComparison>())
  const baselineError = ref<SerErrorInfo | null>(null)
  const baselineLoading = ref(false)
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

  /** The first call for a fold plan fits the baseline (seconds); later ones read it from the service's cache */
  function loadBaseline(runId: string): Promise<BaselineComparison | null> {
    baselineError.value = null
    return attempt(
      async () => {
        const c = await useClient().call('evaluation.baselineComparison', { runId })
        baselines.value.set(runId, c)
        triggerRef(baselines)
        return c
      },
      baselineError,
      baselineLoading
    )
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
        scores.value = [
          s,
          ...scores.value.filter((x) => !(x.runId === s.runId && x.session === s.session && x.corpusId === s.corpusId))
        ]
        return s
      },
      scoreError,
      scoring
    )
  }

  return {
    byRun,
    error,
    scores,
    scoring,
    scoreError,
    sessions,
    baselines,
    baselineError,
    baselineLoading,
    load,
    loadBaseline,
    loadSessions,
    score
  }
})
