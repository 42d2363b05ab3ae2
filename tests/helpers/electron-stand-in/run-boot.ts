/**
 * Runs boot-driver.ts in a child Node process (tsx's loader, then hooks.ts, so 'electron' is the stand-in) and
 * returns its record once the child has exited — by itself: after `limitMs` it is killed and `timedOut` says so,
 * with the resources the driver found still active. Build first (`npx electron-vite build`): it loads out/main.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from '../run-ser'
import type { BootRecord } from './boot-driver'

const HERE = join(REPO, 'tests', 'helpers', 'electron-stand-in')

export interface BootRun {
  record: BootRecord
  code: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
  stderr: string
}

export function runBoot(options: { dir: string; env?: Record<string, string>; limitMs?: number }): Promise<BootRun> {
  if (!existsSync(join(REPO, 'out', 'main', 'index.js')))
    throw new Error('out/main/index.js: not built (run `npx electron-vite build`)')
  const recordPath = join(options.dir, `boot-record-${Date.now()}-${Math.random().toString(36).slice(2)}.json`)
  const { ELECTRON_RUN_AS_NODE: _a, SER_SQLITE_BINDING: _b, SER_DB: _c, ...env } = process.env
  const child = spawn(
    process.execPath,
    ['--import', 'tsx/esm', '--import', join(HERE, 'register.ts'), join(HERE, 'boot-driver.ts')],
    {
      cwd: REPO,
      env: { ...env, SER_BOOT_RECORD: recordPath, SER_BOOT_HOME: join(options.dir, 'home'), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => void (stderr += d.toString()))
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()))
  return new Promise((resolve, reject) => {
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, options.limitMs ?? 90_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (!existsSync(recordPath))
        return reject(new Error(`the boot driver wrote no record (exit ${code ?? signal}):\n${stderr}`))
      const record = JSON.parse(readFileSync(recordPath, 'utf8')) as BootRecord
      resolve({ record, code, signal, timedOut, stderr })
    })
  })
}
