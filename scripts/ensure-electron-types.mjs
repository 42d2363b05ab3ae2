#!/usr/bin/env node
// Electron is an optional dependency: on machines where its postinstall cannot download the runtime, npm drops the
// whole package, and with it electron.d.ts. The shell (src/main/shell) must still type-check there, so this fetches
// the same version's package tarball from the npm registry (no binary) and keeps only its type declarations in
// .cache/electron-types, which tsconfig.node.json includes (the file declares `module 'electron'` ambiently).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const target = join(root, '.cache', 'electron-types', 'electron.d.ts')
if (existsSync(join(root, 'node_modules', 'electron', 'electron.d.ts'))) {
  // the real package is present: its own declarations win, and two copies would clash
  rmSync(dirname(target), { recursive: true, force: true })
  process.exit(0)
}
if (existsSync(target)) process.exit(0)

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const spec = `electron@${pkg.optionalDependencies.electron}`
const tmp = mkdtempSync(join(tmpdir(), 'ser-electron-types-'))
try {
  const out = execFileSync('npm', ['pack', spec, '--silent', '--ignore-scripts', '--pack-destination', tmp], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const tarball = join(tmp, out.trim().split('\n').pop())
  execFileSync('tar', ['-xzf', tarball, '-C', tmp, 'package/electron.d.ts'])
  mkdirSync(dirname(target), { recursive: true })
  copyFileSync(join(tmp, 'package', 'electron.d.ts'), target)
  console.log(`electron runtime absent: type declarations of ${spec} kept in .cache/electron-types`)
} catch (e) {
  console.warn(`could not fetch Electron's type declarations (${e.message}); the shell will not type-check`)
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
