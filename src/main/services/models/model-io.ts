/**
 * Models on disk in tfjs's layers format: `model.json` (topology + weights manifest) and `weights.bin`, what
 * tfjs-node's `file://` handler writes and tf.loadLayersModel reads. Written through our own handler because the
 * `file://` scheme only exists where tfjs-node is installed. Writes go to a temporary folder renamed into place, so a
 * crash never leaves half a model. A model saved in one convolution form loads in the other (`form` on load).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { SerError } from '../../../shared/errors'
import { registerCustomLayers } from './build-model'
import type { ConvComputeForm } from './time-conv-pool'

/** A tensor with its name (tfjs-core's NamedTensor, which the union package does not re-export) */
export interface NamedTensor {
  name: string
  tensor: tf.Tensor
}

const MODEL_JSON = 'model.json'
const WEIGHTS_BIN = 'weights.bin'

function toArrayBuffer(data: tf.io.WeightData): ArrayBuffer {
  return tf.io.CompositeArrayBuffer.join(data)
}

/** Writes `dir` atomically (dir.tmp, then rename), replacing what was there. `extra` files go in the same folder. */
export async function saveModel(
  model: tf.LayersModel,
  dir: string,
  extra: Record<string, unknown> = {}
): Promise<void> {
  const tmp = `${dir}.tmp`
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp, { recursive: true })
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }]
      }
      writeFileSync(join(tmp, MODEL_JSON), JSON.stringify(json))
      writeFileSync(join(tmp, WEIGHTS_BIN), Buffer.from(toArrayBuffer(artifacts.weightData ?? new ArrayBuffer(0))))
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    })
  )
  for (const [name, value] of Object.entries(extra)) writeFileSync(join(tmp, name), JSON.stringify(value, null, 1))
  rmSync(dir, { recursive: true, force: true })
  renameSync(tmp, dir)
}

interface LayerJson {
  class_name: string
  config: Record<string, unknown>
}

/** Sets `form` on every TimeConvPool in a (keras-format) topology, nested models included. */
function patchForm(node: unknown, form: ConvComputeForm): void {
  if (Array.isArray(node)) {
    for (const n of node) patchForm(n, form)
  } else if (node && typeof node === 'object') {
    const layer = node as LayerJson
    if (layer.class_name === 'TimeConvPool' && layer.config) layer.config.form = form
    for (const v of Object.values(node)) patchForm(v, form)
  }
}

export async function loadModel(dir: string, options: { form?: ConvComputeForm } = {}): Promise<tf.LayersModel> {
  registerCustomLayers()
  const jsonPath = join(dir, MODEL_JSON)
  if (!existsSync(jsonPath)) throw new SerError('NOT_FOUND', `${jsonPath}: no saved model here`, { file: jsonPath })
  let json: { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] }
  try {
    json = JSON.parse(readFileSync(jsonPath, 'utf8'))
  } catch (e) {
    throw new SerError('FILE_FORMAT', `${jsonPath}: not a tfjs model (${(e as Error).message})`, { file: jsonPath })
  }
  if (options.form) patchForm(json.modelTopology, options.form)
  const specs = json.weightsManifest.flatMap((g) => g.weights)
  const buffers = json.weightsManifest
    .flatMap((g) => g.paths)
    .map((p) => {
      const b = readFileSync(join(dir, p))
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer
    })
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: buffers })
  )
}

/** Named tensors (weights, optimizer slots) to two files, `<base>.bin` and `<base>.json`, in order. */
export async function writeTensors(dir: string, base: string, tensors: NamedTensor[]): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors)
  writeFileSync(join(dir, `${base}.bin`), Buffer.from(toArrayBuffer(data)))
  writeFileSync(join(dir, `${base}.json`), JSON.stringify(specs))
}

/** Reads what writeTensors wrote, in the same order. */
export function readTensors(dir: string, base: string): NamedTensor[] {
  const specs = JSON.parse(readFileSync(join(dir, `${base}.json`), 'utf8')) as tf.io.WeightsManifestEntry[]
  const b = readFileSync(join(dir, `${base}.bin`))
  const map = tf.io.decodeWeights(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer, specs)
  return specs.map((s) => ({ name: s.name, tensor: map[s.name] }))
}
