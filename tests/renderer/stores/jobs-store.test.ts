/**
 * Finished jobs leave the bar by themselves (issue 16: finished bars used to stack until closed one by one): a job
 * that reaches its total goes FINISHED_STAYS_MS later; one still running stays; × closes one at once.
 */
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FINISHED_STAYS_MS, useJobsStore } from '@renderer/stores/jobs'

beforeEach(() => {
  setActivePinia(createPinia())
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

describe('the jobs bar', () => {
  it('lets finished jobs go by themselves and keeps running ones', () => {
    const jobs = useJobsStore()
    jobs.track('Import', { jobId: 'a', done: 3, total: 3 })
    jobs.track('Recipe', { jobId: 'b', done: 1, total: 4 })
    jobs.track('Features', { jobId: 'c', done: 2, total: 2 })
    expect(jobs.jobs.map((j) => j.jobId).sort()).toEqual(['a', 'b', 'c'])
    vi.advanceTimersByTime(FINISHED_STAYS_MS - 1)
    expect(jobs.jobs).toHaveLength(3)
    vi.advanceTimersByTime(1)
    expect(jobs.jobs.map((j) => j.jobId)).toEqual(['b'])
    // a job that reports again after finishing (resumed) stays while it runs
    jobs.track('Recipe', { jobId: 'b', done: 4, total: 4 })
    jobs.track('Recipe', { jobId: 'b', done: 1, total: 8 })
    vi.advanceTimersByTime(2 * FINISHED_STAYS_MS)
    expect(jobs.jobs.map((j) => j.jobId)).toEqual(['b'])
    jobs.dismiss('b')
    expect(jobs.jobs).toEqual([])
    // a recipe cancelled half-way never reaches its total: its end lets it go too
    jobs.track('Recipe', { jobId: 'r', done: 5, total: 150 })
    jobs.end('r', 'cancelled')
    expect(jobs.jobs[0]).toMatchObject({ jobId: 'r', finished: true, item: 'cancelled' })
    vi.advanceTimersByTime(FINISHED_STAYS_MS)
    expect(jobs.jobs).toEqual([])
  })
})
