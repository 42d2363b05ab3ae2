/**
 * A pretrained speech encoder from a local ONNX file, run with onnxruntime-node (docs/encoders.md). Nothing is ever
 * downloaded. The file must have Hugging Face's wav2vec2/HuBERT/WavLM names — input `input_values` float32
 * [batch, samples] at 16 kHz, output `last_hidden_state` [batch, frames, dim], optionally `hidden_states`
 * [layers, batch, frames, dim] — and is refused, with the names it has, otherwise. The CUDA execution provider is
 * used where onnxruntime-node has it, else the CPU one; which one ran, and why, is reported.
 */
import { statSync } from 'node:fs'
import type * as Ort from 'onnxruntime-node'
import type { EncoderOptions } from '../../../shared/domain/encoders'
import { ENCODER_INPUT, ENCODER_LAYERS_OUTPUT, ENCODER_OUTPUT, ENCODER_RATE } from '../../../shared/domain/encoders'
import type { FeatureMatrix } from '../../../shared/domain/features'
import { SerError } from '../../../shared/errors'

export interface ProviderCandidate {
  name: string
  available: boolean
  reason: string
}

export interface EncoderInfo {
  path: string
  /** The execution provider the session runs on ('cuda' or 'cpu') */
  provider: string
  providers: ProviderCandidate[]
  inputs: string[]
  outputs: string[]
  /** Layers in hidden_states (0 when the file has only last_hidden_state) */
  layers: number
  dim: number
  /** Samples per output frame at 16 kHz (320 for wav2vec2-style encoders: 20 ms) */
  hopSamples: number
}

export interface OnnxEncoder {
  info: EncoderInfo
  /** One utterance (mono, 16 kHz): its frames of the chosen layer(s) */
  embed(samples: Float32Array, options: Omit<EncoderOptions, 'path'>): Promise<FeatureMatrix>
  close(): Promise<void>
}

/** Zero mean, unit variance over the whole utterance, as Wav2Vec2FeatureExtractor's do_normalize (ε = 1e-7) */
export function normalizeUtterance(x: Float32Array): Float32Array {
  let mean = 0
  for (const v of x) mean += v
  mean /= Math.max(1, x.length)
  let variance = 0
  for (const v of x) variance += (v - mean) * (v - mean)
  variance /= Math.max(1, x.length)
  const scale = 1 / Math.sqrt(variance + 1e-7)
  return Float32Array.from(x, (v) => (v - mean) * scale)
}

/** Chunk boundaries [start, end) of n samples: chunks of `size`; a tail shorter than `minTail` joins the chunk before */
export function chunkBounds(n: number, size: number, minTail: number): [number, number][] {
  const out: [number, number][] = []
  for (let s = 0; s < n; s += size) out.push([s, Math.min(n, s + size)])
  if (out.length > 1 && out[out.length - 1][1] - out[out.length - 1][0] < minTail) {
    const [, end] = out.pop()!
    out[out.length - 1][1] = end
  }
  return out
}

let ortModule: Promise<typeof Ort> | null = null
/** onnxruntime-node, loaded on first use (its native library is not needed unless an encoder runs) */
function loadOrt(): Promise<typeof Ort> {
  ortModule ??= import('onnxruntime-node').catch((e: unknown) => {
    ortModule = null
    throw new SerError(
      'UNAVAILABLE',
      `features: onnxruntime-node cannot load (${(e as Error).message.split('\n')[0]})`,
      { field: 'features' }
    )
  })
  return ortModule
}

/** Execution providers, most capable first, with what onnxruntime-node says of each (ort.listSupportedBackends) */
export async function listProviders(): Promise<ProviderCandidate[]> {
  const ort = await loadOrt()
  const listed = ort.listSupportedBackends()
  const cuda = listed.find((b) => b.name === 'cuda')
  return [
    {
      name: 'cuda',
      available: !!cuda?.bundled,
      reason: !cuda
        ? 'not in this onnxruntime-node build'
        : cuda.bundled
          ? 'bundled'
          : "not installed (onnxruntime-node's CUDA libraries were not downloaded at install)"
    },
    { name: 'cpu', available: true, reason: 'bundled' }
  ]
}

async function createSession(
  path: string
): Promise<{ session: Ort.InferenceSession; provider: string; providers: ProviderCandidate[] }> {
  const ort = await loadOrt()
  const providers = await listProviders()
  for (const p of providers) {
    if (!p.available) continue
    try {
      const session = await ort.InferenceSession.create(path, {
        executionProviders: [p.name],
        graphOptimizationLevel: 'all'
      })
      return { session, provider: p.name, providers }
    } catch (e) {
      if (p.name === 'cpu')
        throw new SerError(
          'FILE_FORMAT',
          `${path}: onnxruntime cannot load it (${(e as Error).message.split('\n')[0]})`,
          { file: path }
        )
      p.available = false
      p.reason = `failed to start: ${(e as Error).message.split('\n')[0]}`
    }
  }
  throw new SerError('UNAVAILABLE', `${path}: no onnxruntime execution provider could load it`, { file: path })
}

const shapeOf = (m: Ort.InferenceSession.ValueMetadata | undefined) => (m && m.isTensor ? m.shape : null)
const describe = (list: readonly Ort.InferenceSession.ValueMetadata[]) =>
  list.map((m) => `${m.name}${m.isTensor ? ` ${m.type} [${m.shape.join(', ')}]` : ''}`).join('; ') || 'none'

export async function openEncoder(path: string): Promise<OnnxEncoder> {
  try {
    if (!statSync(path).isFile()) throw new Error('not a file')
  } catch (e) {
    throw new SerError(
      'FILE_UNREADABLE',
      `${path}: cannot read the encoder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      { file: path }
    )
  }
  const ort = await loadOrt()
  const { session, provider, providers } = await createSession(path)
  const input = session.inputMetadata.find((m) => m.name === ENCODER_INPUT)
  const output = session.outputMetadata.find((m) => m.name === ENCODER_OUTPUT)
  const inShape = shapeOf(input)
  const outShape = shapeOf(output)
  const expected = `expected input '${ENCODER_INPUT}' float32 [batch, samples] and output '${ENCODER_OUTPUT}' float32 [batch, frames, dim] (docs/encoders.md)`
  if (
    !input ||
    !output ||
    !inShape ||
    !outShape ||
    (inShape.length > 0 && inShape.length !== 2) ||
    (outShape.length > 0 && outShape.length !== 3) ||
    (input.isTensor && input.type !== 'float32') ||
    session.inputNames.some((n) => n !== ENCODER_INPUT && n !== 'attention_mask')
  ) {
    await session.release()
    throw new SerError(
      'FILE_FORMAT',
      `${path}: not an encoder the workbench can run: inputs ${describe(session.inputMetadata)}; outputs ${describe(session.outputMetadata)}; ${expected}`,
      { file: path }
    )
  }
  const layersMeta = shapeOf(session.outputMetadata.find((m) => m.name === ENCODER_LAYERS_OUTPUT))
  const run = async (x: Float32Array) => {
    const names = layersMeta ? [ENCODER_OUTPUT, ENCODER_LAYERS_OUTPUT] : [ENCODER_OUTPUT]
    const feeds: Record<string, Ort.Tensor> = { [ENCODER_INPUT]: new ort.Tensor('float32', x, [1, x.length]) }
    // some exports also take an attention mask: one utterance, no padding, so all ones
    if (session.inputNames.includes('attention_mask'))
      feeds.attention_mask = new ort.Tensor('int64', new BigInt64Array(x.length).fill(1n), [1, x.length])
    const r = await session.run(feeds, names)
    return { last: r[ENCODER_OUTPUT], layers: layersMeta ? r[ENCODER_LAYERS_OUTPUT] : null }
  }
  // the hop from two probe lengths: frames(2 s) − frames(1 s) over one second
  const [one, two] = [await run(new Float32Array(ENCODER_RATE)), await run(new Float32Array(2 * ENCODER_RATE))]
  if (one.last.dims.length !== 3 || (one.layers && one.layers.dims.length !== 4)) {
    await session.release()
    throw new SerError(
      'FILE_FORMAT',
      `${path}: ${ENCODER_OUTPUT} has shape [${one.last.dims.join(', ')}]${one.layers ? `, ${ENCODER_LAYERS_OUTPUT} [${one.layers.dims.join(', ')}]` : ''}; ${expected}, ${ENCODER_LAYERS_OUTPUT} [layers, batch, frames, dim]`,
      { file: path }
    )
  }
  const perSecond = two.last.dims[1] - one.last.dims[1]
  const info: EncoderInfo = {
    path,
    provider,
    providers,
    inputs: [...session.inputNames],
    outputs: [...session.outputNames],
    layers: one.layers ? one.layers.dims[0] : 0,
    dim: one.last.dims[2],
    hopSamples: perSecond > 0 ? ENCODER_RATE / perSecond : ENCODER_RATE
  }
  return {
    info,
    async embed(samples, options) {
      const { layer } = options
      if (layer !== 'last' && info.layers === 0) {
        throw new SerError(
          'FILE_FORMAT',
          `${path}: layer ${layer} needs the '${ENCODER_LAYERS_OUTPUT}' output, and the file has only ${info.outputs.join(', ')}; export it with hidden states (docs/encoders.md) or use layer=last`,
          { file: path, field: 'features' }
        )
      }
      if (typeof layer === 'number' && layer >= info.layers) {
        throw new SerError(
          'FIELD_INVALID',
          `features: layer ${layer} does not exist; ${path} has layers 0…${info.layers - 1}`,
          { field: 'features' }
        )
      }
      const x = options.normalize === 'utterance' ? normalizeUtterance(samples) : samples
      const size = Math.max(
        info.hopSamples,
        Math.round((options.chunkSeconds * ENCODER_RATE) / info.hopSamples) * info.hopSamples
      )
      const parts: Float32Array[] = []
      let frames = 0
      const L = info.layers
      const D = info.dim
      const width = layer === 'weighted' ? L * D : D
      for (const [s, e] of chunkBounds(x.length, size, ENCODER_RATE)) {
        const r = await run(x.subarray(s, e))
        const T = r.last.dims[1]
        const out = new Float32Array(T * width)
        if (layer === 'last') out.set(r.last.data as Float32Array)
        else {
          const h = r.layers!.data as Float32Array // [L, 1, T, D]
          for (let t = 0; t < T; t++) {
            if (layer === 'weighted')
              for (let l = 0; l < L; l++) out.set(h.subarray((l * T + t) * D, (l * T + t + 1) * D), t * width + l * D)
            else out.set(h.subarray((layer * T + t) * D, (layer * T + t + 1) * D), t * width)
          }
        }
        parts.push(out)
        frames += T
      }
      const data = new Float32Array(frames * width)
      let at = 0
      for (const p of parts) {
        data.set(p, at)
        at += p.length
      }
      const names =
        layer === 'weighted'
          ? Array.from({ length: L * D }, (_, i) => `layer${Math.floor(i / D)}_${i % D}`)
          : Array.from({ length: D }, (_, d) => `${layer === 'last' ? 'last' : `layer${layer}`}_${d}`)
      return { frames, dims: width, data, frameShiftSec: info.hopSamples / ENCODER_RATE, names }
    },
    close: () => session.release()
  }
}
