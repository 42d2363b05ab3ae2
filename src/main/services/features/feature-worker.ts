/**
 * Worker-thread entry (electron.vite.config.ts bundles every *-worker.ts; runtime/worker-entry.ts starts it): takes
 * one utterance at a time from the pool (feature-pool.ts), stamps its file, computes its corpus features, and
 * sends the matrix back with its buffer transferred rather than copied.
 */
import { statSync } from 'node:fs'
import { parentPort } from 'node:worker_threads'
import { computeCorpusFeatures } from './corpus-features'
import type { PoolJob, PoolReply } from './feature-pool'

const port = parentPort
if (port) {
  port.on('message', async (job: PoolJob) => {
    let reply: PoolReply
    try {
      const st = statSync(job.path)
      const m = await computeCorpusFeatures(job.path, job.name, job.kind, job.def, job.speed ?? 1)
      reply = { seq: job.seq, ok: true, stamp: { size: st.size, mtimeMs: Math.round(st.mtimeMs) }, matrix: m }
      // the matrix's own ArrayBuffer (a Float32Array built by new Float32Array(n)), moved instead of copied
      port.postMessage(reply, [m.data.buffer as ArrayBuffer])
    } catch (e) {
      reply = { seq: job.seq, ok: false, error: (e as Error).message }
      port.postMessage(reply)
    }
  })
}
