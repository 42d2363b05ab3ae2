/** `ser team serve` as an admin runs it (the built CLI), resolved once it printed its address. */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { request } from 'node:http'
import type { EventMessage } from '../../src/shared/api/transport'
import { REPO } from './run-ser'

export interface TeamServeProcess {
  origin: string
  child: ChildProcess
  /** What it printed on stdout so far */
  stdout(): string
  stderr(): string
  /** SIGTERM (or the signal given) and the exit */
  stop(signal?: NodeJS.Signals): Promise<void>
}

export function startTeamServe(args: string[]): Promise<TeamServeProcess> {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'ser.mjs'), 'team', 'serve', ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    child.on('exit', (code) =>
      reject(new Error(`ser team serve exited (${code}) before printing its address:\n${err}`))
    )
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8')
      const m = /team server: (https?:\/\/[^/\s]+)\//.exec(out)
      if (!m) return
      resolve({
        origin: m[1],
        child,
        stdout: () => out,
        stderr: () => err,
        stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal)
          return exited
        }
      })
    })
  })
}

/** The server's event stream with a session cookie: every message so far, until closed */
export function openEvents(origin: string, cookie: string): Promise<{ messages: EventMessage[]; close(): void }> {
  return new Promise((resolve, reject) => {
    const messages: EventMessage[] = []
    const req = request(`${origin}/events`, { headers: { Cookie: cookie, Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events: HTTP ${res.statusCode}`))
      let buf = ''
      res.on('data', (c: Buffer) => {
        buf += c.toString('utf8')
        let i: number
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i)
          buf = buf.slice(i + 2)
          for (const line of block.split('\n'))
            if (line.startsWith('data: ')) messages.push(JSON.parse(line.slice(6)) as EventMessage)
        }
      })
      res.on('error', () => undefined)
      resolve({ messages, close: () => req.destroy() })
    })
    req.on('error', reject)
    req.end()
  })
}
