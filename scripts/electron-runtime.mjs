// What `npm start` (start.mjs) and `npm run test:electron` (test-electron.mjs) both need: the built app, and
// Electron's executable where its runtime is installed.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

/** `npm install` builds (prepare); a checkout that was not built yet is built here, once. */
export function ensureBuilt(root) {
  const outputs = ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html']
  if (outputs.every((f) => existsSync(join(root, f)))) return
  process.stderr.write('building the app (electron-vite build)…\n')
  build(root)
}

/** `electron-vite build` into out/, exiting with its status when it fails */
export function build(root) {
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: 'inherit'
    }
  )
  if (r.status !== 0) process.exit(r.status ?? 1)
}

/** The Electron executable, or null. The package's main returns its path, and throws when the runtime is missing. */
export function electronExecutable(root) {
  try {
    const path = createRequire(join(root, 'package.json'))('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

/** The installed Electron's version (node_modules/electron/package.json) */
export function electronVersion(root) {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version
}
