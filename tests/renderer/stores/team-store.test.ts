/**
 * The team store keeps a task's progress and agreement live (docs/team.md, "In the app"): one re-read for a burst
 * of label events and more while they keep coming, a poll in case the stream dropped one, nothing after the
 * teardown; and an older read that answers late never overwrites a newer one (another task chosen meanwhile).
 */
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MethodName, Req } from '@shared/api'
import type { TaskProgress } from '@shared/domain/team'
import type { ApiClient } from '@renderer/api/client'
import { setClient } from '@renderer/api/use-client'
import { useTeamStore } from '@renderer/stores/team'

const progressOf = (taskId: number, submitted: number): TaskProgress => ({
  taskId,
  items: 3,
  slots: 6,
  assigned: submitted,
  submitted,
  complete: 0,
  perAnnotator: []
})

/** A server whose team.progress counts the reads; `hold` makes the next calls wait until released */
function fakeServer() {
  const listeners = new Set<(...args: unknown[]) => void>()
  const reads: number[] = []
  let submitted = 0
  let held: (() => void)[] | null = null
  const client: ApiClient = {
    host: 'web',
    async call<M extends MethodName>(method: M, req: Req<M>) {
      const { taskId } = req as { taskId: number }
      if (method === 'team.progress') reads.push(taskId)
      const at = submitted
      if (held) await new Promise<void>((resolve) => held!.push(resolve))
      if (method === 'team.progress') return progressOf(taskId, at) as never
      return {
        taskId,
        field: (req as { field: string }).field,
        items: 0,
        annotators: 0,
        fleissKappa: null,
        krippendorffAlpha: null
      } as never
    },
    on(name, listener) {
      if (name !== 'labels.changed') return () => undefined
      const l = listener as (...args: unknown[]) => void
      listeners.add(l)
      return () => listeners.delete(l)
    },
    mediaUrl: () => '',
    onStatus: () => () => undefined
  }
  return {
    client,
    reads,
    label() {
      submitted++
      for (const l of listeners) l([])
    },
    hold: () => void (held = []),
    /** Answers the held reads, the newest first */
    release() {
      const waiting = held ?? []
      held = null
      waiting.reverse().forEach((r) => r())
    }
  }
}

let server: ReturnType<typeof fakeServer>
beforeEach(() => {
  setActivePinia(createPinia())
  server = fakeServer()
  setClient(server.client)
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

function signedInAdmin() {
  const team = useTeamStore()
  team.account = { name: 'boss', role: 'admin', disabled: false, mustChangePassword: false, createdAt: '' }
  return team
}

describe('the team store', () => {
  it('re-reads progress once after a burst of label events, polls, and stops at the teardown', async () => {
    const team = signedInAdmin()
    await team.chooseTask(7)
    expect(server.reads).toEqual([7])
    const stop = team.follow(15_000)
    for (let i = 0; i < 5; i++) server.label()
    await vi.advanceTimersByTimeAsync(1000)
    expect(server.reads).toEqual([7, 7])
    expect(team.progress?.submitted).toBe(5)
    expect(team.agreements.category?.taskId).toBe(7)
    // no events: the poll still reads
    await vi.advanceTimersByTimeAsync(15_000)
    expect(server.reads).toEqual([7, 7, 7])
    stop()
    server.label()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(server.reads).toEqual([7, 7, 7])
  })

  it('keeps re-reading while a team labels without pause, not only once they stop', async () => {
    const team = signedInAdmin()
    await team.chooseTask(7)
    const stop = team.follow(15_000)
    // a label every 100 ms for 3 s: well before the first poll, the figures have moved several times
    for (let t = 0; t < 3000; t += 100) {
      server.label()
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(server.reads.length).toBeGreaterThanOrEqual(6)
    expect(team.progress?.submitted).toBeGreaterThan(20)
    stop()
  })

  it('keeps the newest task’s figures when an older read answers last', async () => {
    const team = signedInAdmin()
    server.hold()
    const first = team.chooseTask(1)
    const second = team.chooseTask(2)
    server.release()
    await Promise.all([first, second])
    expect(team.taskId).toBe(2)
    expect(team.progress?.taskId).toBe(2)
    expect(team.agreements.category?.taskId).toBe(2)
  })

  it('reads no progress for an annotator (the server would refuse it)', async () => {
    const team = signedInAdmin()
    team.account = { ...team.account!, role: 'annotator' }
    await team.chooseTask(3)
    expect(server.reads).toEqual([])
  })
})
