/**
 * The import rules of the house style's layout (docs/style.md), as a check over source text, like VS Code's
 * `code-layering` lint rule: imports only point down the list shared → services → transports → shell, Electron
 * stays in the shell (the app and its preload, which must use contextBridge), Node stays out of shared and the renderer.
 */
import { builtinModules } from 'node:module'
import { dirname, join, normalize, relative, sep } from 'node:path'

export interface SourceFile {
  /** Relative to the repository root, with forward slashes */
  path: string
  text: string
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
/** Pure libraries the contract may use (no Node, no DOM) */
const SHARED_PACKAGES = new Set(['zod'])

/** Import specifiers of a TS/Vue file: static and dynamic imports, re-exports, require(); comments ignored. */
export function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
  const out: string[] = []
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})(?:\s+as\s+\w+)?\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g
  ]
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(m[1])
  return out
}

const isElectron = (s: string) => s === 'electron' || s.startsWith('electron/')
const isNode = (s: string) => NODE_BUILTINS.has(s) || NODE_BUILTINS.has(s.split('/')[0])

/** Where a specifier points inside the repository (relative or renderer alias), or null for a package. */
function target(from: string, spec: string): string | null {
  if (spec.startsWith('@shared/') || spec === '@shared')
    return normalize(join('src/shared', spec.slice('@shared'.length)))
      .split(sep)
      .join('/')
  if (spec.startsWith('@renderer/'))
    return normalize(join('src/renderer/src', spec.slice('@renderer'.length)))
      .split(sep)
      .join('/')
  if (!spec.startsWith('.')) return null
  return normalize(join(dirname(from), spec))
    .split(sep)
    .join('/')
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(dir + '/')

/** The preload runs in the renderer's process: it may use only Electron's bridge and the contract */
const PRELOAD = 'src/main/shell/preload.ts'

/** Every broken rule, as `file: imports 'x' (why)`. */
export function layeringViolations(files: SourceFile[]): string[] {
  const problems: string[] = []
  for (const f of files) {
    const bad = (spec: string, why: string) => problems.push(`${f.path}: imports '${spec}' (${why})`)
    for (const spec of importsOf(f.text)) {
      const to = target(f.path, spec)
      if (isElectron(spec) && !inside(f.path, 'src/main/shell')) {
        bad(spec, 'only src/main/shell (the app and its preload) may import electron')
      }
      if (inside(f.path, 'src/shared')) {
        if (to === null ? !SHARED_PACKAGES.has(spec) : !inside(to, 'src/shared')) {
          bad(spec, `src/shared imports only itself and ${[...SHARED_PACKAGES].join(', ')}`)
        }
      }
      if (inside(f.path, 'src/renderer')) {
        if (isNode(spec)) bad(spec, 'the renderer is a web page: no Node modules')
        if (to !== null && !inside(to, 'src/renderer') && !inside(to, 'src/shared'))
          bad(spec, 'the renderer reaches main only through its ApiClient')
      }
      if (f.path === PRELOAD) {
        if (to === null ? !isElectron(spec) : !inside(to, 'src/shared')) {
          bad(spec, 'the preload imports only electron and the contract')
        }
      }
      if (
        inside(f.path, 'src/main/services') &&
        to !== null &&
        (inside(to, 'src/main/transports') || inside(to, 'src/main/shell'))
      ) {
        bad(spec, 'services know no transport and no shell')
      }
      if (
        inside(f.path, 'src/main/services/labels') &&
        to !== null &&
        inside(to, 'src/main/services/corpus/importers')
      ) {
        bad(spec, 'labels do not reach into the corpus importers: what both parse lives in src/shared/domain')
      }
      if (
        (inside(f.path, 'src/main/services/training') || inside(f.path, 'src/main/services/baseline')) &&
        to !== null &&
        inside(to, 'src/main/services/evaluation')
      ) {
        bad(spec, 'training and the baseline sit below evaluation: what both use lives in services/metrics or training')
      }
      if (inside(f.path, 'src/main/transports') && to !== null && inside(to, 'src/main/shell')) {
        bad(spec, 'transports do not depend on the Electron shell')
      }
      if (to !== null && !inside(to, 'src')) bad(spec, `points outside src (${relative('.', to)})`)
    }
  }
  return problems
}
