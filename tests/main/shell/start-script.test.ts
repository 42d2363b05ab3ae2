/**
 * scripts/start.mjs (`npm start`) and scripts/test-electron.mjs (`npm run test:electron`) decide on Electron's
 * runtime; both are run here from a copy of scripts/ in a temporary root, so the runtime can be present or absent at
 * will. "Present" is a stand-in executable that writes down how it was started (its arguments and environment),
 * behind a node_modules/electron whose main returns its path, as Electron's package does; the better-sqlite3 build
 * for Electron is a placeholder already in .cache/. What Electron then does with the app is boot.test.ts's and
 * `npm run test:electron`'s business.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { REPO } from '../../helpers/run-ser'
import { tempDir } from '../../helpers/temp-dir'

const VERSION = '38.0.0-standin'

let tmp: { dir: string; cleanup: () => void } | null = null
afterEach(() => tmp?.cleanup())

/** A root with scripts/ and a built-looking out/; with `electron`, the stand-in runtime and its better-sqlite3 */
function fakeRoot(electron: boolean): { root: string; launched: string } {
  tmp = tempDir('ser-start-')
  const root = tmp.dir
  cpSync(join(REPO, 'scripts'), join(root, 'scripts'), { recursive: true })
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'ser-workbench', type: 'module' }))
  for (const f of ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    mkdirSync(join(root, f, '..'), { recursive: true })
    writeFileSync(join(root, f), '')
  }
  const launched = join(root, 'launched.json')
  if (electron) {
    const pkg = join(root, 'node_modules', 'electron')
    mkdirSync(pkg, { recursive: true })
    // inside the package (no "type": CommonJS), as Electron's own dist/electron is
    const exe = join(pkg, 'dist', 'electron')
    mkdirSync(join(pkg, 'dist'))
    writeFileSync(
      exe,
      `#!${process.execPath}\n` +
        `require('fs').writeFileSync(${JSON.stringify(launched)}, JSON.stringify({ argv: process.argv.slice(2), ` +
        `binding: process.env.SER_SQLITE_BINDING ?? null, runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null }))\n` +
        'process.exit(7)\n'
    )
    chmodSync(exe, 0o755)
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'electron', version: VERSION, main: 'index.js' }))
    writeFileSync(join(pkg, 'index.js'), `module.exports = ${JSON.stringify(exe)}\n`)
    const addon = join(
      root,
      '.cache',
      `better-sqlite3-electron-${VERSION}-${process.platform}-${process.arch}`,
      'build',
      'Release'
    )
    mkdirSync(addon, { recursive: true })
    writeFileSync(join(addon, 'better_sqlite3.node'), '')
  }
  return { root, launched }
}

describe('npm start with Electron’s runtime installed', () => {
  it('launches Electron on the app with --demo and Electron’s better-sqlite3, passing its exit on', () => {
    const { root, launched } = fakeRoot(true)
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'start.mjs'), '--port', '0'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }
    })
    expect(r.status, r.stderr).toBe(7)
    expect(r.stdout).not.toMatch(/web mode/)
    const how = JSON.parse(readFileSync(launched, 'utf8')) as {
      argv: string[]
      binding: string | null
      runAsNode: string | null
    }
    expect(how.argv).toEqual([root, '--demo', '--port', '0'])
    expect(how.binding).toBe(
      join(
        root,
        '.cache',
        `better-sqlite3-electron-${VERSION}-${process.platform}-${process.arch}`,
        'build',
        'Release',
        'better_sqlite3.node'
      )
    )
    // ELECTRON_RUN_AS_NODE would turn Electron into a plain Node and ignore the app
    expect(how.runAsNode).toBeNull()
  })
})

describe('npm run test:electron without the runtime', () => {
  it('says so in one line and exits 1, running nothing', () => {
    const { root } = fakeRoot(false)
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'test-electron.mjs')], { cwd: root, encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^test:electron: Electron's runtime is not installed/)
    ])
  })
})
