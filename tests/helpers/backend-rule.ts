/**
 * The trainer's backend rule, asserted wherever a run reports its backend, so the suite passes on any machine: the
 * candidates are listed in order of preference (BACKEND_NAMES), the one chosen is the first available one, every
 * faster one says why it was not used, and the slower ones were not tried. Which backend that is depends on which
 * optional packages installed (tfjs-node on a GPU workstation, WASM here); a test never names it.
 */
import { expect } from 'vitest'
import type { BackendInfo } from '../../src/shared/domain/runs'
import { BACKEND_NAMES } from '../../src/shared/domain/training'

export function expectBackendRule(backend: BackendInfo | null | undefined): void {
  expect(backend, 'the run reports its backend').toBeTruthy()
  const b = backend!
  expect(b.candidates.map((c) => c.name)).toEqual([...BACKEND_NAMES])
  const chosen = b.candidates.findIndex((c) => c.available)
  expect(chosen, 'an available candidate').toBeGreaterThanOrEqual(0)
  expect(b.name).toBe(b.candidates[chosen].name)
  for (const [i, c] of b.candidates.entries()) {
    expect(c.reason, `${c.name} gives a reason`).toMatch(/\S/)
    if (i < chosen) {
      expect(c.available, `${c.name} is faster than ${b.name}, so it was not available`).toBe(false)
      expect(c.reason).toMatch(/^(not installed|failed to load: .+)$/)
    }
    if (i > chosen) expect(c.reason).toBe('not tried: a faster one loaded')
  }
  expect(['conv', 'matmul']).toContain(b.convForm)
}
