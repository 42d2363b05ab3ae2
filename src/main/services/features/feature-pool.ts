/**
 * A pool of feature worker threads (feature-worker.ts): jobs go to whichever worker is free, results come back
 * in completion order. Used for corpus-wide runs; single matrices are computed inline (starting a thread costs
 * more than computing one utterance). `close()` terminates the threads, which is also how a run is cancelled.
 */
import type { Worker } from 'node:worker_threads'
import type { FeatureMatrix } from '../../../shared/domain/features'
import { startWorkerThread } from '../runtime/worker-entry'
import type { FileStamp } from './feature-cache'
import type { CorpusFeatureKind, CorpusKindDef } from './feature-kinds'

export interface PoolJob {
  seq: number
  path: string
  /** What errors call the file (its corpus-relative path) */
  name: string
  kind: CorpusFeatureKind
  def: CorpusKindDef
  /** Speed perturbation factor of the audio (training augmentation); 1 or absent = the audio as it is */
  speed?: number
}

export type PoolReply =
  { seq: number; ok: true; stamp: FileStamp; matrix: FeatureMatrix } | { seq: number; ok: false; error: string }

export interface FeaturePool {
  readonly size: number
  run(job: Omit<PoolJob, 'seq'>): Promise<PoolReply>
  close(): Promise<void>
}

export function createFeaturePool(size: number): FeaturePool {
  const idle: Worker[] = []
  const all: Worker[] = []
  const waiting: { job: PoolJob; resolve: (r: PoolReply) => void; reject: (e: Error) => void }[] = []
  const pending = new Map<number, { worker: Worker; resolve: (r: PoolReply) => void; reject: (e: Error) => void }>()
  let seq = 0
  let closed = false

  function spawn(): Worker {
    const w = startWorkerThread('feature-worker')
    w.on('message', (r: PoolReply) => {
      const p = pending.get(r.seq)
      if (!p) return
      pending.delete(r.seq)
      p.resolve(r)
      release(w)
    })
    w.on('error', (e) => fail(w, e))
    w.on('exit', (code) => {
      if (!closed) fail(w, new Error(`feature worker exited with code ${code}`))
    })
    all.push(w)
    return w
  }

  /** A worker that died takes its job down with it; the pool replaces it for the jobs still waiting. */
  function fail(w: Worker, e: Error): void {
    for (const [s, p] of pending) {
      if (p.worker !== w) continue
      pending.delete(s)
      p.reject(e)
    }
    const i = all.indexOf(w)
    if (i >= 0) all.splice(i, 1)
    if (!closed && waiting.length > 0) release(spawn())
  }

  function release(w: Worker): void {
    const next = waiting.shift()
    if (!next) {
      idle.push(w)
      return
    }
    pending.set(next.job.seq, { worker: w, resolve: next.resolve, reject: next.reject })
    w.postMessage(next.job)
  }

  return {
    size,
    run(job) {
      if (closed) return Promise.reject(new Error('feature pool is closed'))
      const full: PoolJob = { ...job, seq: ++seq }
      return new Promise<PoolReply>((resolve, reject) => {
        waiting.push({ job: full, resolve, reject })
        const w = idle.pop() ?? (all.length < size ? spawn() : null)
        if (w) release(w)
      })
    },
    async close() {
      closed = true
      for (const { reject } of waiting.splice(0)) reject(new Error('feature pool closed'))
      for (const [, p] of pending) p.reject(new Error('feature pool closed'))
      pending.clear()
      await Promise.all(all.splice(0).map((w) => w.terminate()))
      idle.length = 0
    }
  }
}
