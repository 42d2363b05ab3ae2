import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import type { JobProgress } from '@shared/api/common'
import type { Session } from '@shared/domain/corpus'
import type { BackendInfo, RunSummary } from '@shared/domain/runs'
import type { SerErrorInfo } from '@shared/errors'
import { toErrorInfo } from '@shared/errors'
import { useClient } from '../api/use-client'
import type { LaunchDraft } from '../research/launch-draft'
import { defaultDraft, toRequest } from '../research/launch-draft'
import type { LiveRun } from '../research/live-run'
import { applyEnded, applyHistory, applyProgress, emptyRun } from '../research/live-run'
import { attempt } from './attempt'

/** localStorage key of the last launch settings, so the next launch starts from them */
const DRAFT_KEY = 'ser.launchDraft'

function readDraft(): LaunchDraft {
  try {
    const saved = globalThis.localStorage?.getItem(DRAFT_KEY)
    return saved ? { ...defaultDraft(), ...(JSON.parse(saved) as Partial<LaunchDraft>) } : defaultDraft()
  } catch {
    return defaultDraft()
  }
}

/**
 * Launching a run and watching one live (docs/style.md "Progress: trainer → … → store → view"). The watched run is
 * reattached from the stored history (runs.get) whenever the view mounts, then follows the pushed points, so a
 * reloaded window, or one that comes back from another workspace, shows the whole curve and keeps drawing.
 */
export const useTrainingStore = defineStore('training', () => {
  const draft = reactive<LaunchDraft>(readDraft())
  watch(draft, (d) => {
    try {
      globalThis.localStorage?.setItem(DRAFT_KEY, JSON.stringify(d))
    } catch {
      // not remembered; the launch still uses it
    }
  })
  const backend = ref<BackendInfo | null>(null)
  /** The corpus's sessions, for the test-session choice */
  const sessions = ref<Session[]>([])
  const backendError = ref<SerErrorInfo | null>(null)
  const launching = ref(false)
  const launchError = ref<SerErrorInfo | null>(null)
  const actionError = ref<SerErrorInfo | null>(null)
  /** The run on screen; mutated in place, with `version` bumped so views recompute */
  const run = shallowRef<LiveRun | null>(null)
  const version = ref(0)
  const prepare = ref<JobProgress | null>(null)
  /** Runs now training, for switching between them */
  const active = ref<RunSummary[]>([])
  let attaching = 0

  const bump = () => version.value++

  async function loadBackend(): Promise<void> {
    await attempt(async () => (backend.value = await useClient().call('training.backend', {})), backendError)
  }

  async function loadSessions(corpusId: string | null): Promise<void> {
    // no corpus yet (the corpus store is still loading): keep the remembered session until there is one to check
    if (!corpusId) return
    sessions.value = await useClient().call('corpus.sessions', { corpusId })
    if (draft.testSession && !sessions.value.some((s) => s.id === draft.testSession)) draft.testSession = ''
  }

  async function loadActive(): Promise<RunSummary[]> {
    const all = await useClient().call('runs.list', {})
    active.value = all.filter((r) => r.status === 'running' || r.status === 'queued')
    return all
  }

  /** Shows a run: its stored history first, then every point pushed since (none is lost in between) */
  async function attach(runId: string): Promise<void> {
    const token = ++attaching
    const live = emptyRun(runId)
    run.value = live
    prepare.value = null
    bump()
    try {
      const detail = await useClient().call('runs.get', { runId })
      if (token !== attaching) return
      applyHistory(live, detail)
      actionError.value = null
    } catch (e) {
      if (token !== attaching) return
      live.pending = null
      actionError.value = toErrorInfo(e)
    }
    bump()
  }

  /** Re-reads the watched run's stored summary (folds, metrics) without touching its curve */
  async function refresh(): Promise<void> {
    const live = run.value
    if (!live) return
    const detail = await useClient().call('runs.get', { runId: live.runId })
    if (run.value !== live) return
    live.detail = detail
    if (!live.ended || detail.status !== 'running') live.status = detail.status
    bump()
  }

  function launch(corpusId: string | null): Promise<string | null> {
    launchError.value = null
    return attempt(
      async () => {
        const { runId } = await useClient().call('training.start', toRequest(draft, corpusId))
        await attach(runId)
        void loadActive()
        return runId
      },
      launchError,
      launching
    )
  }

  async function cancel(): Promise<void> {
    const live = run.value
    if (live) await attempt(() => useClient().call('training.cancel', { runId: live.runId }), actionError)
  }

  async function resume(): Promise<void> {
    const live = run.value
    if (!live) return
    await attempt(async () => {
      await useClient().call('training.resume', { runId: live.runId })
      live.ended = null
      live.status = 'running'
      bump()
      void loadActive()
    }, actionError)
  }

  /** Fills the form from a preset, keeping the protocol (folds, test session) */
  function applyPreset(preset: LaunchDraft['preset']): void {
    const { folds, testSession } = draft
    Object.assign(draft, defaultDraft(preset), { folds, testSession })
  }

  function resetDraft(): void {
    Object.assign(draft, defaultDraft())
  }

  /** Follows the pushed events; returns the unsubscribe (the view calls it when it unmounts) */
  function start(): () => void {
    const client = useClient()
    const offs = [
      client.on('training.progress', (p) => {
        const live = run.value
        if (live?.runId !== p.runId) return
        applyProgress(live, p)
        bump()
      }),
      client.on('training.ended', (e) => {
        void loadActive()
        const live = run.value
        if (live?.runId !== e.runId) return
        applyEnded(live, e)
        bump()
        void refresh().catch(() => {
          // the ended event already carries status and metrics; the folds table waits for the next look
        })
      }),
      client.on('training.prepareProgress', (p) => {
        if (run.value?.runId === p.jobId) prepare.value = p
      })
    ]
    return () => offs.forEach((off) => off())
  }

  const runId = computed(() => run.value?.runId ?? null)

  return {
    draft,
    backend,
    backendError,
    sessions,
    loadSessions,
    launching,
    launchError,
    actionError,
    run,
    runId,
    version,
    prepare,
    active,
    loadBackend,
    loadActive,
    attach,
    refresh,
    launch,
    cancel,
    resume,
    resetDraft,
    applyPreset,
    start
  }
})
