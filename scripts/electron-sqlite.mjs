// better-sqlite3 for Electron's ABI. npm builds node_modules/better-sqlite3 for the Node that ran `npm install`;
// Electron embeds another V8, so that build fails to load inside it (NODE_MODULE_VERSION mismatch). Rather than
// rebuilding node_modules in place (which would break the CLI, the web mode and the tests, all plain Node), this
// keeps a second copy of the addon per Electron version in .cache/ and hands its path to the app, whose
// createServices passes it to better-sqlite3's `nativeBinding` option.
//
// How the copy is made (Electron's docs, "Using Native Node Modules"):
//   1. prebuild-install --runtime=electron --target=<version>: better-sqlite3 publishes prebuilt binaries for
//      Electron on its GitHub releases; this is what its own install script tries first for Node.
//   2. else node-gyp rebuild --runtime=electron --target=<version> --dist-url=https://electronjs.org/headers:
//      compiles the same sources against Electron's headers (needs a C++ toolchain, ~1–2 minutes).
// Each step works in a temporary copy that is renamed into place only when it produced the addon, so an
// interrupted build never leaves a half-made binding behind.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'

const ADDON = join('build', 'Release', 'better_sqlite3.node')

/** npm runs scripts with npm_config_node_gyp set to its bundled node-gyp; otherwise look next to this Node's npm. */
function nodeGypScript() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js'
    ),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  ]
  return candidates.find((c) => c && existsSync(c)) ?? null
}

function run(args, cwd, log) {
  log(`  $ node ${args.map((a) => a.replace(/^.*node_modules[\\/]/, '')).join(' ')}`)
  const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] })
  return r.status === 0
}

/**
 * The addon for `runtime` (electron or node) `target` (its version) and `arch`, built once into .cache/; returns
 * its path. `distUrl` is where node-gyp fetches that runtime's headers.
 */
export function buildSqliteBinding({
  root,
  runtime,
  target,
  arch = process.arch,
  distUrl,
  log = (m) => process.stderr.write(m + '\n')
}) {
  const dir = join(root, '.cache', `better-sqlite3-${runtime}-${target}-${process.platform}-${arch}`)
  if (existsSync(join(dir, ADDON))) return join(dir, ADDON)

  const source = join(root, 'node_modules', 'better-sqlite3')
  const tmp = `${dir}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp, { recursive: true })
  for (const part of ['package.json', 'binding.gyp', 'src', 'deps'])
    cpSync(join(source, part), join(tmp, part), { recursive: true })

  log(`better-sqlite3 for ${runtime} ${target} (${arch}) is not built yet; making it once into ${dir}`)
  const common = [`--runtime=${runtime}`, `--target=${target}`, `--arch=${arch}`]
  const prebuild = join(root, 'node_modules', 'prebuild-install', 'bin.js')
  let ok = existsSync(prebuild) && run([prebuild, ...common], tmp, log) && existsSync(join(tmp, ADDON))
  if (!ok) {
    const gyp = nodeGypScript()
    if (!gyp)
      throw new Error('node-gyp not found (it comes with npm); run `npm start` rather than this script directly')
    log('no prebuilt binary; compiling it with node-gyp')
    ok =
      run([gyp, 'rebuild', '--release', ...common, ...(distUrl ? [`--dist-url=${distUrl}`] : [])], tmp, log) &&
      existsSync(join(tmp, ADDON))
  }
  if (!ok) {
    rmSync(tmp, { recursive: true, force: true })
    throw new Error(`could not build better-sqlite3 for ${runtime} ${target}; see the output above`)
  }
  rmSync(dir, { recursive: true, force: true })
  renameSync(tmp, dir)
  return join(dir, ADDON)
}

/** better_sqlite3.node for the installed Electron (`electronVersion`, e.g. '38.8.6'). */
export function electronSqliteBinding(root, electronVersion) {
  return buildSqliteBinding({
    root,
    runtime: 'electron',
    target: electronVersion,
    distUrl: 'https://electronjs.org/headers'
  })
}
