/**
 * The training store reattaching to a running run (issue 10: "a run survives the window being reloaded"): the view
 * reads the stored history with runs.get, then appends the pushed points. Pushes race the answer both ways (the
 * service stores a point before it pushes it), so the store must neither lose a point nor draw one twice. The fake
 * client below behaves like the service in that respect: runs.get answers with what is stored when it answers.
 */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ApiEvents, EventName, MethodName, Req, Res } from '@shared/api'
import type { TrainingProgress } from '@shared/api/training'
import type { CurvePoint, EpochRecord, RunDetail } from '@shared/domain/runs'
import { RUN_DEFAULTS } from '@shared/domain/runs'
import type { ApiClient } from '@renderer/api/client'
import { setClient } from '@renderer/api/use-client'
import { liveSeries } from '@renderer/research/curves'
import { useTrainingStore } from '@renderer/stores/training'

const RUN = '20250101-000000-abcd'
const BATCHES = 4
const EPOCHS = 20

/** A run on the "server": stored points and epochs, pushed to subscribers as the trainer reports them */
function fakeServer(readAt: 'call' | 'answer' = 'answer') {
  const points: CurvePoint[] = []
  const epochs: EpochRecord[] = []
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>()
  const waiting: (() => void)[] = []
  let clock = 1_700_000_000_000

  const detail = (): RunDetail => ({
    id: RUN,
    corpusId: 'demo',
    config: {
      ...RUN_DEFAULTS,
      corpusId: 'demo',
      classes: ['neu', 'hap', 'ang', 'sad'],
      epochs: EPOCHS,
      testSession: '1'
    },
    backend: null,
    status: 'running',
    createdAt: new Date(clock).toISOString(),
    startedAt: null,
    endedAt: null,
    seconds: 0,
    metrics: null,
    trainUtterances: 62,
    testUtterances: 21,
    epochs: epochs.length,
    folds: 1,
    error: null,
    snapshot: null,
    foldSummaries: [],
    epochHistory: epochs.map((e) => ({ ...e })),
    curve: points.map((p) => ({ ...p })),
    dir: '/tmp/run'
  })

  function emit<E extends EventName>(name: E, ...args: ApiEvents[E]): void {
    for (const l of listeners.get(name) ?? []) l(...args)
  }

  /** The trainer reports a batch: stored first, then pushed (training-service.ts does the same) */
  function report(epoch: number, batch: number): void {
    clock += 250
    const loss = 2 / (epoch + batch / BATCHES)
    const acc = 0.25 + 0.02 * epoch
    const point: CurvePoint = { fold: 0, epoch, batch, loss, acc, at: clock }
    const ends = batch === BATCHES
    // a resumed epoch starts over: the service drops stored points past the checkpoint
    for (let i = points.length - 1; i >= 0; i--)
      if (points[i].epoch === epoch && points[i].batch >= batch) points.splice(i, 1)
    points.push(point)
    if (ends) epochs.push({ fold: 0, epoch, loss, acc, valLoss: loss * 1.1, valAcc: acc - 0.05, lr: 0.001, seconds: 1 })
    const p: TrainingProgress = {
      ...point,
      runId: RUN,
      folds: 1,
      epochs: EPOCHS,
      batches: BATCHES,
      lr: 0.001,
      throughput: 120,
      etaSec: 10,
      ...(ends ? { valLoss: loss * 1.1, valAcc: acc - 0.05 } : {})
    }
    emit('training.progress', p)
  }

  function epochsOf(from: number, to: number): void {
    for (let e = from; e <= to; e++) for (let b = 1; b <= BATCHES; b++) report(e, b)
  }

  const client: ApiClient = {
    host: 'web',
    call<M extends MethodName>(method: M, req: Req<M>): Promise<Res<M>> {
      void req
      if (method === 'runs.get') {
        // answered later, with what was stored when the server read it: at the call (pushes since then are not in
        // it) or at the answer (a push may already have delivered some of it)
        const early = readAt === 'call' ? detail() : null
        return new Promise<Res<M>>((resolve) => waiting.push(() => resolve((early ?? detail()) as unknown as Res<M>)))
      }
      if (method === 'runs.list') return Promise.resolve([] as unknown as Res<M>)
      return Promise.reject(new Error(`${method}: not part of this test`))
    },
    on<E extends EventName>(name: E, listener: (...args: ApiEvents[E]) => void) {
      const set = listeners.get(name) ?? new Set()
      listeners.set(name, set)
      const l = listener as (...args: unknown[]) => void
      set.add(l)
      return () => void set.delete(l)
    },
    mediaUrl: () => '',
    onStatus(listener) {
      listener('open')
      return () => undefined
    }
  }

  /** Lets runs.get answer now */
  async function answer(): Promise<void> {
    for (const go of waiting.splice(0)) go()
    await new Promise((r) => setTimeout(r, 0))
  }

  return { client, points, epochs, report, epochsOf, answer, listeners }
}

type Server = ReturnType<typeof fakeServer>

/** A window: its own Pinia, subscribed to the pushes, showing the run */
async function openWindow(server: Server, beforeAnswer: () => void = () => undefined) {
  setClient(server.client)
  setActivePinia(createPinia())
  const store = useTrainingStore()
  const stop = store.start()
  const attached = store.attach(RUN)
  beforeAnswer()
  await server.answer()
  await attached
  return { store, stop }
}

const keys = (points: readonly CurvePoint[]) => points.map((p) => `${p.fold}:${p.epoch}:${p.batch}`)

describe('training store: a reattached view of a running run', () => {
  let server: Server
  beforeEach(() => {
    server = fakeServer()
  })

  it.each(['call', 'answer'] as const)(
    'shows the stored history, then every pushed point once (history read at the %s)',
    async (readAt) => {
      server = fakeServer(readAt)
      server.epochsOf(1, 3)
      const { store, stop } = await openWindow(server, () => {
        // pushed while runs.get is on its way; runs.get then answers with them too (they were stored first)
        server.report(4, 1)
        server.report(4, 2)
      })
      server.report(4, 3)
      server.report(4, 4)
      server.epochsOf(5, 6)
      const run = store.run!
      expect(keys(run.points)).toEqual(keys(server.points))
      expect(run.points).toHaveLength(6 * BATCHES)
      expect(run.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6])
      expect(run.epochs[3]).toMatchObject({
        epoch: 4,
        valLoss: server.epochs[3].valLoss,
        valAcc: server.epochs[3].valAcc
      })
      expect(run.status).toBe('running')
      // what the chart draws: every point, on an epoch axis that ends at 6
      const drawn = liveSeries(run.points, run.epochs, 0, run.batches.get(0) ?? 0, 0.6)
      expect(drawn.points).toBe(6 * BATCHES)
      expect(drawn.loss[0][drawn.points - 1]).toBe(6)
      // the dev loss of each epoch sits on that epoch's last point, nowhere else
      expect(drawn.loss[4].filter((v) => v !== null)).toEqual(server.epochs.map((e) => e.valLoss))
      stop()
    }
  )

  it('draws the same curve as a window that watched the run from its start', async () => {
    const first = await openWindow(server)
    server.epochsOf(1, 5)
    server.report(6, 1)
    server.report(6, 2)
    // the second window opens mid-epoch (a reload), while the first keeps receiving
    const second = await openWindow(server, () => server.report(6, 3))
    server.report(6, 4)
    server.epochsOf(7, 8)
    const a = first.store.run!
    const b = second.store.run!
    expect(keys(b.points)).toEqual(keys(a.points))
    const curveA = liveSeries(a.points, a.epochs, 0, a.batches.get(0) ?? 0, 0.6)
    const curveB = liveSeries(b.points, b.epochs, 0, b.batches.get(0) ?? 0, 0.6)
    expect(curveB.points).toBe(8 * BATCHES)
    expect(curveB.loss).toEqual(curveA.loss)
    expect(curveB.acc).toEqual(curveA.acc)
    first.stop()
    second.stop()
  })

  it('after a cancel and resume, keeps the path that was trained: the interrupted epoch is drawn once, from its restart', async () => {
    const watcher = await openWindow(server)
    server.epochsOf(1, 2)
    server.report(3, 1)
    server.report(3, 2)
    // cancelled here; the checkpoint holds epoch 2, so the resume starts epoch 3 from batch 1
    server.epochsOf(3, 4)
    const live = watcher.store.run!
    const drawnLive = liveSeries(live.points, live.epochs, 0, BATCHES, 0)
    expect(drawnLive.points).toBe(4 * BATCHES)
    expect(drawnLive.loss[0]).toEqual([...Array(4 * BATCHES).keys()].map((i) => (i + 1) / BATCHES))
    const reopened = await openWindow(server)
    const r = reopened.store.run!
    expect(keys(r.points)).toEqual(keys(server.points))
    expect(liveSeries(r.points, r.epochs, 0, BATCHES, 0).loss).toEqual(drawnLive.loss)
    watcher.stop()
    reopened.stop()
  })
})
