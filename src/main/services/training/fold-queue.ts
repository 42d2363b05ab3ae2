/**
 * The folds of a run as a queue drained by `parallel` workers (one trainer child each on WASM/CPU, where a process
 * uses one core; one on native TensorFlow, which already uses every core), and the backend probe that decides it.
 */
import { availableParallelism } from 'node:os'
import type { BackendInfo } from '../../../shared/domain/runs'
import type { RunConfig } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'
import { forkTrainer } from './trainer-client'

/** Runs `work` on every item, at most `parallel` at once, in order; stops taking items once `stop()` holds. */
export async function drainQueue<T>(
  items: readonly T[],
  parallel: number,
  stop: () => boolean,
  work: (item: T) => Promise<void>
): Promise<void> {
  const queue = [...items]
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let item = queue.shift(); item && !stop(); item = queue.shift()) await work(item)
    })
  )
}

/** Asks a trainer child which backend it would use; one probe at a time is shared, a failed one is retried. */
export function backendProbe(log: (line: string) => void): () => Promise<BackendInfo> {
  let probe: Promise<BackendInfo> | null = null
  return () => {
    probe ??= new Promise<BackendInfo>((resolve, reject) => {
      let answer: BackendInfo | null = null
      const child = forkTrainer((m) => void (m.kind === 'backend' && (answer = m.backend)), log)
      child.send({ kind: 'probe' })
      void child.exited.then(({ code, signal }) =>
        answer
          ? resolve(answer)
          : reject(
              new SerError(
                'UNAVAILABLE',
                `backend: the trainer process ended (${signal ?? `code ${code}`}) before naming a backend`
              )
            )
      )
    })
    probe.catch(() => (probe = null))
    return probe
  }
}

/** Folds trained at once: parallelFolds if set, else one per core on WASM/CPU and one on native TensorFlow. */
export async function foldParallelism(
  config: RunConfig,
  folds: number,
  probe: () => Promise<BackendInfo>
): Promise<number> {
  if (config.parallelFolds > 0) return Math.min(config.parallelFolds, folds)
  const name = config.backend === 'auto' ? (await probe()).name : config.backend
  // native TensorFlow already uses every core in one process; WASM and CPU use one core each
  return Math.min(name.startsWith('tensorflow') ? 1 : availableParallelism(), folds)
}
