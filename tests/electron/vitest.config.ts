/**
 * `npm run test:electron` only (scripts/test-electron.mjs passes `--config tests/electron/vitest.config.ts`): the
 * real-Electron end-to-end files, named *.e2e.ts so that `npm test` (vitest.config.ts: tests/**\/*.test.ts) never
 * runs them on machines without Electron's runtime.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('../..', import.meta.url))

export default defineConfig({
  root,
  resolve: { alias: { '@shared': `${root}src/shared`, '@renderer': `${root}src/renderer/src` } },
  test: {
    include: ['tests/electron/**/*.e2e.ts'],
    environment: 'node',
    // one app at a time, its tests in order: they share the launched window
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks'
  }
})
