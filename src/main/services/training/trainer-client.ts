/**
 * The parent's handle on one trainer child process (trainer-process.ts): fork it, send it a ParentMessage, hear its
 * TrainerMessages, learn how it exited. The child's stdout and stderr (tfjs's console notes) are passed to `log`
 * line by line, never to our stdout, which `ser … --json` keeps for its one JSON document.
 */
import type { ChildProcess } from 'node:child_process'
import { fork } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { ParentMessage, TrainerMessage } from '../../../shared/api/training'
import { workerEntry } from '../runtime/worker-entry'

export interface TrainerChild {
  readonly pid: number | undefined
  send(message: ParentMessage): void
  /** Resolves when the process has exited: the code, or the signal that ended it */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  kill(signal?: NodeJS.Signals): void
}

export function forkTrainer(onMessage: (m: TrainerMessage) => void, log: (line: string) => void): TrainerChild {
  const entry = workerEntry('trainer-process')
  const child: ChildProcess = fork(entry.file, [], {
    execArgv: entry.execArgv,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc']
  })
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => line.trim() && log(line))
  }
  child.on('message', (m) => onMessage(m as TrainerMessage))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close', not 'exit': it comes after the IPC channel and stdio have delivered everything the child sent
    child.on('close', (code, signal) => resolve({ code, signal }))
    child.on('error', () => resolve({ code: -1, signal: null }))
  })
  return {
    pid: child.pid,
    send(message) {
      if (child.connected) child.send(message)
    },
    exited,
    kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    }
  }
}
