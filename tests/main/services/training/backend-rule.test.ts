/**
 * The backend rule the training tests assert (tests/helpers/backend-rule.ts) holds for what a GPU workstation
 * reports as much as for this machine: it accepts native TensorFlow chosen with the slower ones not tried, and WASM
 * chosen with the native ones missing, and rejects reports that break the rule.
 */
import { describe, expect, it } from 'vitest'
import type { BackendInfo } from '../../../../src/shared/domain/runs'
import { describeBackend } from '../../../../src/shared/domain/runs'
import { expectBackendRule } from '../../../helpers/backend-rule'

const NOT_TRIED = 'not tried: a faster one loaded'
const MODULE = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs'
} as const
type Name = keyof typeof MODULE
/** Made-up reports of other machines, fastest candidate first: [name, available, reason] each */
const report = (name: Name, convForm: BackendInfo['convForm'], rows: [Name, boolean, string][]): BackendInfo => ({
  name,
  convForm,
  candidates: rows.map(([n, available, reason]) => ({ name: n, module: MODULE[n], available, reason }))
})

const gpuWorkstation = report('tensorflow-gpu', 'conv', [
  ['tensorflow-gpu', true, 'native libtensorflow'],
  ['tensorflow', false, NOT_TRIED],
  ['wasm', false, NOT_TRIED],
  ['cpu', false, NOT_TRIED]
])
const cpuWorkstation = report('tensorflow', 'conv', [
  ['tensorflow-gpu', false, 'failed to load: libcudart.so.11.0: cannot open shared object file'],
  ['tensorflow', true, 'native libtensorflow'],
  ['wasm', false, NOT_TRIED],
  ['cpu', false, NOT_TRIED]
])
const noNative = report('wasm', 'matmul', [
  ['tensorflow-gpu', false, 'not installed'],
  ['tensorflow', false, 'not installed'],
  ['wasm', true, 'SIMD on, threads off'],
  ['cpu', false, NOT_TRIED]
])

describe('the backend rule the tests assert', () => {
  it('holds wherever the optional packages do or do not install', () => {
    for (const b of [gpuWorkstation, cpuWorkstation, noNative]) expect(() => expectBackendRule(b), b.name).not.toThrow()
    expect(describeBackend(cpuWorkstation)).toBe(
      'tensorflow [native libtensorflow] (tensorflow-gpu: failed to load: libcudart.so.11.0: cannot open shared object file)'
    )
  })

  it('rejects a report that breaks it', () => {
    // a slower backend chosen while a faster one was available
    const skipped: BackendInfo = {
      ...noNative,
      candidates: noNative.candidates.map((c) => (c.name === 'tensorflow' ? { ...c, available: true } : c))
    }
    expect(() => expectBackendRule(skipped)).toThrow()
    // a missing candidate without a reason
    const silent: BackendInfo = {
      ...noNative,
      candidates: noNative.candidates.map((c) => (c.name === 'tensorflow-gpu' ? { ...c, reason: '' } : c))
    }
    expect(() => expectBackendRule(silent)).toThrow()
    expect(() => expectBackendRule(null)).toThrow()
  })
})
