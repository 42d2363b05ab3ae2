import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

/**
 * Every file named `*-process.ts` or `*-worker.ts` under src/main/services is the entry of a child process or worker
 * thread; each becomes its own bundle in out/main/, where services/runtime/worker-entry.ts finds it by name.
 */
function workerEntries(dir: string): Record<string, string> {
  const entries: Record<string, string> = {}
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (/-(process|worker)\.ts$/.test(f)) entries[basename(f, '.ts')] = join(dir, f)
  }
  return entries
}

// main, preload and shared import relatively; only the renderer has aliases
const shared = resolve('src/shared')

// Without Electron's package (its runtime download failed, so npm dropped it) electron-vite cannot read the major
// version it targets; tell it the version package.json asks for, so the bundles target the same Node and Chrome.
if (!process.env.ELECTRON_MAJOR_VER && !existsSync(resolve('node_modules/electron/package.json'))) {
  const pkg = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as {
    optionalDependencies: Record<string, string>
  }
  process.env.ELECTRON_MAJOR_VER = /\d+/.exec(pkg.optionalDependencies.electron)?.[0] ?? ''
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src/main/shell/index.ts'),
          cli: resolve('src/main/transports/cli/index.ts'),
          ...workerEntries(resolve('src/main/services'))
        }
      }
    }
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // a sandboxed preload can require only 'electron' (and a few Node shims), so its dependencies (zod, for the
      // contract's method names) are bundled in rather than left as require() calls
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/main/shell/preload.ts') },
        // sandboxed preload scripts cannot be ES modules
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: 'src/renderer',
    resolve: { alias: { '@renderer': resolve('src/renderer/src'), '@shared': shared } },
    plugins: [vue()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } }
    }
  }
})
