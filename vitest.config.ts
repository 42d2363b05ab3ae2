import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { '@shared': resolve('src/shared'), '@renderer': resolve('src/renderer/src') } },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // real audio, real SQLite and real training are slow on two cores; no test asserts a timing
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks'
  }
})
