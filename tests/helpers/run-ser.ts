import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const REPO = resolve(__dirname, '..', '..')
const BIN = join(REPO, 'bin', 'ser.mjs')

export interface SerResult {
  status: number
  stdout: string
  stderr: string
}

/**
 * Runs the built `ser` CLI as a user would (bin/ser.mjs → out/main/cli.js). `npm test` builds before vitest; run
 * `npx electron-vite build` first when running one test file by hand.
 */
export function ser(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): SerResult {
  if (!existsSync(join(REPO, 'out', 'main', 'cli.js')))
    throw new Error('the CLI is not built: run `npx electron-vite build`')
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  })
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

export function serJson<T>(
  args: string[],
  options: { env?: Record<string, string> } = {}
): { status: number; json: T; stderr: string } {
  const r = ser([...args, '--json'], options)
  let json: T
  try {
    json = JSON.parse(r.stdout) as T
  } catch {
    throw new Error(`ser ${args.join(' ')} printed no JSON (exit ${r.status}): ${r.stderr}`)
  }
  return { status: r.status, json, stderr: r.stderr }
}
