import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { JobProgress } from '@shared/api/common'
import { useClient } from '../api/use-client'

export interface JobView {
  jobId: string
  /** What kind of work, as the user reads it: "Import", "Features", "Training" … */
  label: string
  done: number
  total: number
  item: string | null
  finished: boolean
  /** Progress messages received, so a view (and a test) can tell a live stream from a single final answer */
  updates: number
}

/** Finished jobs kept on screen, newest first, so the user sees what just completed */
const KEEP_FINISHED = 3
/** How long a finished job stays before it goes by itself (JobsBar fades it out); × still closes it at once */
export const FINISHED_STAYS_MS = 6000

/**
 * Long-running work anywhere in the app (imports now; feature extraction, training and recipes as their areas add
 * their progress events here), fed only by pushed events: worker → service → transport → this store → JobsBar.
 */
export const useJobsStore = defineStore('jobs', () => {
  const jobs = ref<JobView[]>([])
  const leaving = new Map<string, ReturnType<typeof setTimeout>>()

  function track(label: string, p: JobProgress): void {
    const finished = p.total > 0 && p.done >= p.total
    const existing = jobs.value.find((j) => j.jobId === p.jobId)
    // a finished job leaves by itself a moment later, unless it reports again (a resumed recipe)
    clearTimeout(leaving.get(p.jobId))
    leaving.delete(p.jobId)
    if (finished)
      leaving.set(
        p.jobId,
        setTimeout(() => dismiss(p.jobId), FINISHED_STAYS_MS)
      )
    if (existing) {
      Object.assign(existing, { done: p.done, total: p.total, item: p.item ?? existing.item, finished })
      existing.updates++
    } else {
      jobs.value.unshift({
        jobId: p.jobId,
        label,
        done: p.done,
        total: p.total,
        item: p.item ?? null,
        finished,
        updates: 1
      })
    }
    const done = jobs.value.filter((j) => j.finished)
    for (const old of done.slice(KEEP_FINISHED)) jobs.value.splice(jobs.value.indexOf(old), 1)
  }

  /** Work that ended short of its total (a cancelled or failed recipe): shown as ended, then leaves like a done one */
  function end(jobId: string, how: string): void {
    const job = jobs.value.find((j) => j.jobId === jobId)
    if (!job || job.finished) return
    Object.assign(job, { finished: true, item: how })
    clearTimeout(leaving.get(jobId))
    leaving.set(
      jobId,
      setTimeout(() => dismiss(jobId), FINISHED_STAYS_MS)
    )
  }

  function dismiss(jobId: string): void {
    clearTimeout(leaving.get(jobId))
    leaving.delete(jobId)
    jobs.value = jobs.value.filter((j) => j.jobId !== jobId)
  }

  function start(): () => void {
    const client = useClient()
    const offs = [
      client.on('corpus.importProgress', (p) => track('Import', p)),
      // a run's feature extraction and dataset assembly, before its first epoch (jobId = runId)
      client.on('training.prepareProgress', (p) => track('Features', p)),
      // a recipe's progress over its whole grid (jobId = recipeId)
      client.on('recipes.progress', (p) => track('Recipe', p)),
      // a dataset export for another trainer (jobId = export:<folder>)
      client.on('interop.exportProgress', (p) => track('Export', p)),
      client.on('recipes.ended', (e) => end(e.recipeId, e.status))
    ]
    return () => offs.forEach((off) => off())
  }

  const active = computed(() => jobs.value.filter((j) => !j.finished))
  return { jobs, active, track, end, dismiss, start }
})
