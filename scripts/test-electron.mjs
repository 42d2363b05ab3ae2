#!/usr/bin/env node
// `npm run test:electron`: the desktop app end to end in a real Electron (tests/electron/app.e2e.ts). Not part of
// `npm test`, which runs where Electron's runtime cannot be downloaded; run it on a machine that has it.
// - Runtime absent: one line says so, and the exit status is 1 (never a silent pass).
// - Runtime present: build (electron-vite), better-sqlite3 for Electron's ABI (electron-sqlite.mjs, once into
//   .cache/), then vitest with tests/electron/vitest.config.ts. As root, Chromium's sandbox cannot start, so Electron
//   gets --no-sandbox (and says so); run as a normal user to test with the sandbox on. Linux without a display: run
//   it under `xvfb-run -a`.
// Arguments after `npm run test:electron --` go to vitest (e.g. `-t 'labels'`).
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, electronExecutable, electronVersion } from './electron-runtime.mjs'
import { electronSqliteBinding } from './electron-sqlite.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

const electron = electronExecutable(root)
if (!electron) {
  process.stderr.write(
    "test:electron: Electron's runtime is not installed here (node_modules/electron), so nothing was tested.\n"
  )
  process.exit(1)
}
build(root)
let binding
try {
  binding = electronSqliteBinding(root, electronVersion(root))
} catch (e) {
  process.stderr.write(`test:electron: ${e.message}\n`)
  process.exit(1)
}
const extraArgs = []
if (process.getuid?.() === 0) {
  process.stderr.write(
    'test:electron: running as root, so Electron starts with --no-sandbox (Chromium refuses root otherwise)\n'
  )
  extraArgs.push('--no-sandbox')
}
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')
const child = spawn(
  process.execPath,
  [vitest, 'run', '--config', 'tests/electron/vitest.config.ts', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      SER_ELECTRON_EXECUTABLE: electron,
      SER_SQLITE_BINDING: binding,
      SER_ELECTRON_ARGS: extraArgs.join(' ')
    }
  }
)
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
