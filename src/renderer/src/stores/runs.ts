import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, triggerRef } from 'vue'
import type { RunDetail, RunSummary } from '@shared/domain/runs'
import type { ModelKind, RunStatus, TaskKind, TrainFeatures } from '@shared/domain/training'
import type { SerErrorInfo } from '@shared/errors'
import { useClient } from '../api/use-client'
import { runLine } from '../research/config-text'
import { attempt } from './attempt'

export interface RunFilter {
  text: string
  features: TrainFeatures | ''
  model: ModelKind | ''
  task: TaskKind | ''
  status: RunStatus | ''
}

/** A list reload at most this often while points stream in (a new run appears without waiting for its end) */
const RELOAD_MS = 2000

/**
 * Every stored run (runs.list), filtered as the table shows it, the runs picked for a comparison, and run details
 * (runs.get, with their curves) read once and kept until the run changes.
 */
export const useRunsStore = defineStore('runs', () => {
  const runs = ref<RunSummary[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<SerErrorInfo | null>(null)
  const filter = reactive<RunFilter>({ text: '', features: '', model: '', task: '', status: '' })
  const picked = ref<string[]>([])
  /** Run details by id; a plain Map in a shallowRef (a detail holds thousands of curve points) */
  const details = shallowRef(new Map<string, RunDetail>())
  const detailError = ref<SerErrorInfo | null>(null)
  let lastReload = 0

  async function load(): Promise<void> {
    await attempt(
      async () => {
        runs.value = await useClient().call('runs.list', {})
        loaded.value = true
        lastReload = Date.now()
        picked.value = picked.value.filter((id) => runs.value.some((r) => r.id === id))
      },
      error,
      loading
    )
  }

  /** A run's detail, from the cache unless `fresh` (or it was still training when read) */
  async function detail(runId: string, fresh = false): Promise<RunDetail | null> {
    const cached = details.value.get(runId)
    if (cached && !fresh && cached.status !== 'running' && cached.status !== 'queued') return cached
    return attempt(async () => {
      const d = await useClient().call('runs.get', { runId })
      details.value.set(runId, d)
      triggerRef(details)
      return d
    }, detailError)
  }

  async function remove(runId: string): Promise<void> {
    const removed = await attempt(async () => {
      await useClient().call('runs.delete', { runId })
      details.value.delete(runId)
      triggerRef(details)
      return true
    }, error)
    if (removed) await load()
  }

  /** Names a run and/or sets its note; the list and the cached detail show it at once */
  async function annotate(runId: string, patch: { name?: string; note?: string }): Promise<boolean> {
    const saved = await attempt(() => useClient().call('runs.annotate', { runId, ...patch }), detailError)
    if (!saved) return false
    runs.value = runs.value.map((r) => (r.id === runId ? saved : r))
    const cached = details.value.get(runId)
    if (cached) {
      const { name: _n, note: _o, ...rest } = cached
      details.value.set(runId, {
        ...rest,
        ...(saved.name ? { name: saved.name } : {}),
        ...(saved.note ? { note: saved.note } : {})
      })
      triggerRef(details)
    }
    return true
  }

  function toggle(runId: string): void {
    picked.value = picked.value.includes(runId) ? picked.value.filter((id) => id !== runId) : [...picked.value, runId]
  }

  const visible = computed(() => {
    const text = filter.text.trim().toLowerCase()
    return runs.value.filter(
      (r) =>
        (!filter.features || (!r.source && r.config.features === filter.features)) &&
        (!filter.model || r.config.model === filter.model) &&
        (!filter.task || r.config.task === filter.task) &&
        (!filter.status || r.status === filter.status) &&
        (!text ||
          `${r.id} ${r.name ?? ''} ${r.note ?? ''} ${r.corpusId} ${runLine(r)} ${r.backend?.name ?? ''}`
            .toLowerCase()
            .includes(text))
    )
  })

  /** Keeps the list current: a run that ends is re-read, and a new run shows up while it trains */
  function start(): () => void {
    const client = useClient()
    const offs = [
      client.on('training.ended', (e) => {
        details.value.delete(e.runId)
        void load()
      }),
      client.on('training.progress', (p) => {
        const known = runs.value.find((r) => r.id === p.runId)
        if ((!known || known.status !== 'running') && Date.now() - lastReload > RELOAD_MS) void load()
      })
    ]
    return () => offs.forEach((off) => off())
  }

  return {
    runs,
    loading,
    loaded,
    error,
    filter,
    picked,
    details,
    detailError,
    visible,
    load,
    detail,
    remove,
    annotate,
    toggle,
    start
  }
})
