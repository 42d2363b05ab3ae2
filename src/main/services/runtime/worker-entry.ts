import { existsSync, readdirSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { appRoot, runningFromBundle } from './app-paths'

/**
 * How to start a child process or worker thread whose entry is `src/main/services/**\/<name>.ts` (named
 * `*-process.ts` or `*-worker.ts`; electron.vite.config.ts bundles each to out/main/<name>.js). From the bundle we
 * start the bundled file; from sources (vitest, tsx) we start the .ts file through tsx's loader.
 */
export interface WorkerEntry {
  file: string
  execArgv: string[]
}

function findSource(name: string): string | null {
  const dir = join(appRoot(), 'src', 'main', 'services')
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (f.endsWith(`${name}.ts`) && f.split(/[\\/]/).pop() === `${name}.ts`) return join(dir, f)
  }
  return null
}

export function workerEntry(name: string): WorkerEntry {
  if (!/-(process|worker)$/.test(name)) throw new Error(`worker entries are named *-process or *-worker, got ${name}`)
  const built = join(appRoot(), 'out', 'main', `${name}.js`)
  if (runningFromBundle() && existsSync(built)) return { file: built, execArgv: [] }
  const src = findSource(name)
  if (!src) throw new Error(`no entry ${name}.ts under src/main/services (${relative(process.cwd(), appRoot())})`)
  return { file: src, execArgv: tsxExecArgv() }
}

/** Node flags that let a child process run TypeScript sources (tests, tsx scripts): tsx's loader by absolute URL. */
export function tsxExecArgv(): string[] {
  return ['--import', pathToFileURL(join(appRoot(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href]
}

/**
 * Starts a `*-worker.ts` entry as a worker thread. From the bundle it is a plain file. From sources (vitest, tsx,
 * the benches) Node 20 does not apply an `--import` loader to worker threads, so the thread registers tsx's ESM
 * hooks itself and then imports the .ts entry; messages posted meanwhile wait in the port until the entry listens.
 */
export function startWorkerThread(name: string): Worker {
  const entry = workerEntry(name)
  if (entry.execArgv.length === 0) return new Worker(entry.file)
  const api = pathToFileURL(join(appRoot(), 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs')).href
  const file = pathToFileURL(entry.file).href
  return new Worker(
    `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(file)}) })`,
    { eval: true }
  )
}
