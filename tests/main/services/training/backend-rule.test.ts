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
const gpuWorkstation: BackendInfo = {
  name: 'tensorflow-gpu',
  convForm: 'conv',
  candidates: [
    { name: 'tensorflow-gpu', module: '@tensorflow/tfjs-node-gpu', available: true, reason: 'native libtensorflow' },
    { name: 'tensorflow', module: '@tensorflow/tfjs-node', available: false, reason: NOT_TRIED },
    { name: 'wasm', module: '@tensorflow/tfjs-backend-wasm', available: false, reason: NOT_TRIED },
    { name: 'cpu', module: '@tensorflow/tfjs', available: false, reason: NOT_TRIED }
  ]
}
const cpuWorkstation: BackendInfo = {
  name: 'tensorflow',
  convForm: 'conv',
  candidates: [
    {
      name: 'tensorflow-gpu',
      module: '@tensorflow/tfjs-node-gpu',
      available: false,
      reason: 'failed to load: libcudart.so.11.0: cannot open shared object file'
    },
    { name: 'tensorflow', module: '@tensorflow/tfjs-node', available: true, reason: 'native libtensorflow' },
    { name: 'wasm', module: '@tensorflow/tfjs-backend-wasm', available: false, reason: NOT_TRIED },
    { name: 'cpu', module: '@tensorflow/tfjs', available: false, reason: NOT_TRIED }
  ]
}
const noNative: BackendInfo = {
  name: 'wasm',
  convForm: 'matmul',
  candidates: [
    { name: 'tensorflow-gpu', module: '@tensorflow/tfjs-node-gpu', available: false, reason: 'not installed' },
    { name: 'tensorflow', module: '@tensorflow/tfjs-node', available: false, reason: 'not installed' },
    { name: 'wasm', module: '@tensorflow/tfjs-backend-wasm', available: true, reason: 'SIMD on, threads off' },
    { name: 'cpu', module: '@tensorflow/tfjs', available: false, reason: NOT_TRIED }
  ]
}

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
