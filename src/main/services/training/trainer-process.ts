/**
 * The trainer child process: one per fold being trained (services/runtime/worker-entry.ts starts it, bundled or
 * from source). It picks the tfjs backend, trains the fold it is sent, and reports with TrainerMessage
 * (shared/api/training.ts). It never opens the corpus index: the parent stores what it reports.
 * SIGINT is ignored: a Ctrl-C in a terminal reaches the whole process group, and the parent turns it into a clean
 * `cancel`. If the parent goes away (killed), the child stops at once; its last checkpoint is what a resume uses.
 */
import type { ParentMessage, TrainerMessage } from '../../../shared/api/training'
import { toErrorInfo } from '../../../shared/errors'
import { selectBackend } from './backend'
import { trainFold } from './train-loop'

function send(message: TrainerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve()
    process.send(message, undefined, undefined, () => resolve())
  })
}

let cancelled = false
let busy = false

async function handle(message: ParentMessage): Promise<void> {
  if (message.kind === 'cancel') {
    cancelled = true
    return
  }
  if (busy) return
  busy = true
  if (message.kind === 'probe') {
    try {
      await send({ kind: 'backend', backend: await selectBackend('auto') })
    } finally {
      process.exit(0)
    }
  }
  const { job } = message
  const base = { runId: job.runId, fold: job.fold }
  let epochs = 0
  try {
    const backend = await selectBackend(job.config.backend)
    const outcome = await trainFold(
      job,
      backend,
      {
        onStart: (info) => {
          epochs = info.resumedFromEpoch
          void send({ kind: 'started', ...base, backend, ...info })
        },
        onProgress: (p) => void send({ kind: 'progress', ...p }),
        onEpochSaved: (epoch, checkpoint, record) => {
          epochs = epoch
          void send({ kind: 'epoch-saved', ...base, epoch, checkpoint, record })
        }
      },
      () => cancelled
    )
    await send({ kind: 'ended', ...base, ...outcome })
  } catch (e) {
    await send({ kind: 'ended', ...base, status: 'failed', epochs, bestEpoch: null, error: toErrorInfo(e) })
  }
  process.exit(0)
}

process.on('SIGINT', () => {
  // the parent decides (see the header)
})
process.on('disconnect', () => process.exit(0))
process.on('message', (m: ParentMessage) => void handle(m))
