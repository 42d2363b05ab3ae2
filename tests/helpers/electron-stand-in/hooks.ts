/**
 * Module resolution hook for the boot test's child process: `import 'electron'` (and 'electron/main') resolves to
 * the stand-in (electron.ts in this folder), whatever node_modules holds. Registered by register.ts; the child runs
 * with tsx's loader first, which compiles the stand-in. The main bundle is ESM (out/main/index.js imports
 * 'electron'), which is what these hooks cover.
 */
const STAND_IN = new URL('./electron.ts', import.meta.url).href

interface ResolveResult {
  url: string
  shortCircuit?: boolean
  format?: string | null
}
type NextResolve = (specifier: string, context: unknown) => Promise<ResolveResult>

export async function resolve(specifier: string, context: unknown, nextResolve: NextResolve): Promise<ResolveResult> {
  if (specifier === 'electron' || specifier === 'electron/main') return { url: STAND_IN, shortCircuit: true }
  return nextResolve(specifier, context)
}
