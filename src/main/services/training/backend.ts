/**
 * Picks the tfjs backend a trainer runs on: @tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node (native
 * libtensorflow, all cores), then @tensorflow/tfjs-backend-wasm (XNNPACK with SIMD; no threads in Node), then the
 * plain JavaScript CPU backend. The native packages are optional dependencies whose install can fail (their
 * libtensorflow download), so each is tried with a dynamic import and the reason it is missing is kept for the run's
 * record. Runs in the trainer child only: tfjs-node is reported to fail in a second worker thread (tfjs#8388), and
 * the parent must not load native TensorFlow into Electron's main process.
 */
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import type { BackendCandidate, BackendInfo } from '../../../shared/domain/runs'
import type { BackendName, BackendPreference } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'

interface Candidate {
  name: BackendName
  module: string
  /** tfjs's own name of the backend */
  tfName: string
  init(): Promise<string>
}

function notInstalled(e: unknown, module: string): boolean {
  const err = e as { code?: string; message?: string }
  return (
    (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND') && String(err.message).includes(module)
  )
}

async function importNative(module: string): Promise<string> {
  // a variable specifier, so bundlers leave the optional package to be resolved (or not) at run time
  const specifier: string = module
  await import(specifier)
  if (!tf.findBackend('tensorflow')) throw new Error(`${module} loaded but registered no 'tensorflow' backend`)
  await tf.setBackend('tensorflow')
  return 'native libtensorflow'
}

async function initWasm(): Promise<string> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm')
  const require = createRequire(import.meta.url)
  // the .wasm binaries sit next to the package's Node entry (dist/); an absolute path works offline and bundled
  wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/')
  if (!(await tf.setBackend('wasm'))) throw new Error('the WASM backend failed to initialise')
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT')
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')
  return `SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'}`
}

const CANDIDATES: Candidate[] = [
  {
    name: 'tensorflow-gpu',
    module: '@tensorflow/tfjs-node-gpu',
    tfName: 'tensorflow',
    init: () => importNative('@tensorflow/tfjs-node-gpu')
  },
  {
    name: 'tensorflow',
    module: '@tensorflow/tfjs-node',
    tfName: 'tensorflow',
    init: () => importNative('@tensorflow/tfjs-node')
  },
  { name: 'wasm', module: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm', init: initWasm },
  {
    name: 'cpu',
    module: '@tensorflow/tfjs',
    tfName: 'cpu',
    init: async () => {
      await tf.setBackend('cpu')
      return 'plain JavaScript'
    }
  }
]

/** Whether a backend has the kernel tfjs needs to train a convolution layer (the WASM backend does not). */
export function canTrainConv(tfName: string): boolean {
  return tf.getKernel('Conv2DBackpropFilter', tfName) !== undefined
}

/**
 * Initialises the preferred backend ('auto': the fastest one present) and says why each faster one was not used.
 * A named backend that is not available is an UNAVAILABLE error naming the `backend` field.
 */
export async function selectBackend(preference: BackendPreference = 'auto'): Promise<BackendInfo> {
  const candidates: BackendCandidate[] = []
  let chosen: Candidate | null = null
  for (const c of CANDIDATES) {
    if (chosen || (preference !== 'auto' && preference !== c.name)) {
      candidates.push({
        name: c.name,
        module: c.module,
        available: false,
        reason: chosen ? 'not tried: a faster one loaded' : 'not requested'
      })
      continue
    }
    try {
      const reason = await c.init()
      chosen = c
      candidates.push({ name: c.name, module: c.module, available: true, reason })
    } catch (e) {
      const reason = notInstalled(e, c.module)
        ? 'not installed'
        : `failed to load: ${String((e as Error).message ?? e).split('\n')[0]}`
      candidates.push({ name: c.name, module: c.module, available: false, reason })
    }
  }
  if (!chosen) {
    const why = candidates.find((c) => c.name === preference)?.reason ?? 'unknown'
    throw new SerError('UNAVAILABLE', `backend: ${preference} is not available here (${why})`, { field: 'backend' })
  }
  return { name: chosen.name, candidates, convForm: canTrainConv(chosen.tfName) ? 'conv' : 'matmul' }
}
