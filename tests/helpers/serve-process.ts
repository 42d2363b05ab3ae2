import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from './run-ser'

export interface ServeProcess {
  url: string
  origin: string
  token: string
  child: ChildProcess
  /** stderr so far (progress bar, messages) */
  stderr(): string
  /** SIGTERM, then the exit code */
  stop(): Promise<number | null>
}

/**
 * `ser serve …` as a user runs it (bin/ser.mjs → the built CLI), resolved once it printed its URL. Needs the build
 * (`npm test` builds first).
 */
export function startServe(args: string[], options: { env?: Record<string, string> } = {}): Promise<ServeProcess> {
  if (!existsSync(join(REPO, 'out', 'main', 'cli.js')))
    throw new Error('the CLI is not built: run `npx electron-vite build`')
  const child = spawn(process.execPath, [join(REPO, 'bin', 'ser.mjs'), 'serve', ...args], {
    cwd: REPO,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`ser serve exited (${code}) before printing its URL:\n${err}`)))
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8')
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]+)/.exec(out)
      if (!m) return
      resolve({
        url: m[0],
        origin: m[1],
        token: m[2],
        child,
        stderr: () => err,
        stop() {
          child.kill('SIGTERM')
          return exited
        }
      })
    })
  })
}
