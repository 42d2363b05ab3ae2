#!/usr/bin/env node
// `npm start`, the README's first command: the app on the demo corpus.
// - Electron's runtime installed (users' machines): make sure better-sqlite3 is built for Electron's ABI
//   (scripts/electron-sqlite.mjs), then launch the desktop app with --demo, which puts the demo corpus in its index.
// - Runtime absent (npm dropped the optional `electron` package because its download failed): say so in one line and
//   run `ser serve --demo`, the same renderer and API on a printed http://127.0.0.1:PORT/?token=… URL.
// Arguments after `npm start --` go to `ser serve` (e.g. `--port 8080`, `--db FILE`).
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { electronExecutable, electronVersion, ensureBuilt } from './electron-runtime.mjs'
import { electronSqliteBinding } from './electron-sqlite.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)

/** Runs a child with our stdio; Ctrl+C reaches it directly (same process group), so we only wait for its exit. */
function runChild(command, childArgs, env) {
  const child = spawn(command, childArgs, { cwd: root, stdio: 'inherit', env })
  const forward = (signal) => child.kill(signal)
  process.on('SIGINT', () => undefined)
  process.on('SIGTERM', forward)
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

ensureBuilt(root)
const electron = electronExecutable(root)
if (electron) {
  const version = electronVersion(root)
  let binding
  try {
    binding = electronSqliteBinding(root, version)
  } catch (e) {
    process.stderr.write(`npm start: ${e.message}\n`)
    process.exit(1)
  }
  // ELECTRON_RUN_AS_NODE would make the binary a plain Node and ignore the app
  const { ELECTRON_RUN_AS_NODE: _ignored, ...env } = process.env
  runChild(electron, [root, '--demo', ...args], { ...env, SER_SQLITE_BINDING: binding })
} else {
  process.stdout.write(
    "Electron's runtime is not installed here (node_modules/electron), so the app runs in web mode at the URL below.\n"
  )
  runChild(process.execPath, [join(root, 'bin', 'ser.mjs'), 'serve', '--demo', ...args], process.env)
}
