import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Where the app's own files are, whether this code runs from the TypeScript sources (tests, tsx, bench) or from
 * the electron-vite bundles in out/ (the CLI bin, the web mode, Electron). Found by walking up to package.json.
 */
let root: string | null = null

export function appRoot(): string {
  if (root) return root
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'ser-workbench') break
      } catch {
        // not ours; keep walking
      }
    }
    const up = dirname(dir)
    if (up === dir)
      throw new Error('cannot find the ser-workbench package root above ' + fileURLToPath(import.meta.url))
    dir = up
  }
  root = dir
  return dir
}

/** True when running the bundled JavaScript in out/, false when running TypeScript sources. */
export function runningFromBundle(): boolean {
  return !fileURLToPath(import.meta.url).endsWith('.ts')
}

export function resourcesDir(): string {
  return join(appRoot(), 'resources')
}

/** The built renderer (index.html and assets) that Electron and the web mode both serve. */
export function rendererDir(): string {
  return join(appRoot(), 'out', 'renderer')
}
