/**
 * A small speech "encoder" as an ONNX file, built here with the onnx-proto schema (nothing downloaded), shaped like
 * Hugging Face's wav2vec2/HuBERT/WavLM exports: input `input_values` float32 [batch, samples], output
 * `last_hidden_state` [batch, frames, dim] and, optionally, `hidden_states` [layers, batch, frames, dim]. Its maths:
 * a strided convolution (kernel K, stride S, D filters) → h0; tanh(h0·P1) → h1; h1·P2 → h2 = last_hidden_state.
 * Weights are fixed functions of their indices, so `referenceEmbedding` can do the same sums in TypeScript.
 */
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type * as OnnxProto from 'onnx-proto'

// onnx-proto is CommonJS whose namespace Node's ESM loader cannot name; require it
const { onnx } = createRequire(import.meta.url)('onnx-proto') as typeof OnnxProto

export interface TinyEncoderSpec {
  kernel: number
  stride: number
  dim: number
  /** Also output hidden_states (3 layers: conv, tanh projection, last) */
  hiddenStates: boolean
  /** Rename the input or output (to test the refusal) */
  inputName?: string
  outputName?: string
  /** Benchmarks only: `layers` feed-forward blocks dim → hidden → dim (ReLU) after h2, sharing one pair of weights,
   * so the file stays small while the FLOPs are a base-sized encoder's; last_hidden_state is then their output */
  ffn?: { layers: number; hidden: number }
}

export const TINY_ENCODER: TinyEncoderSpec = { kernel: 400, stride: 320, dim: 8, hiddenStates: true }

export function tinyWeights(spec: TinyEncoderSpec) {
  const { kernel: K, dim: D } = spec
  const conv = Float32Array.from(
    { length: D * K },
    (_, i) => Math.sin(0.37 * i + 0.11 * Math.floor(i / K)) / Math.sqrt(K)
  )
  const bias = Float32Array.from({ length: D }, (_, d) => 0.01 * (d - D / 2))
  const p1 = Float32Array.from({ length: D * D }, (_, i) => Math.cos(0.7 * i + 0.3) / Math.sqrt(D))
  const p2 = Float32Array.from({ length: D * D }, (_, i) => Math.sin(1.3 * i - 0.2) / Math.sqrt(D))
  return { conv, bias, p1, p2 }
}

const FLOAT = onnx.TensorProto.DataType.FLOAT
const INT64 = onnx.TensorProto.DataType.INT64

function floatTensor(name: string, dims: number[], data: Float32Array): OnnxProto.onnx.ITensorProto {
  return {
    name,
    dims,
    dataType: FLOAT,
    rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))
  }
}

function valueInfo(name: string, dims: (number | string)[]): OnnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) }
      }
    }
  }
}

export function writeTinyEncoder(path: string, spec: TinyEncoderSpec = TINY_ENCODER): void {
  const { conv, bias, p1, p2 } = tinyWeights(spec)
  const D = spec.dim
  const input = spec.inputName ?? 'input_values'
  const last = spec.outputName ?? 'last_hidden_state'
  const node = (
    opType: string,
    inputs: string[],
    outputs: string[],
    attribute: OnnxProto.onnx.IAttributeProto[] = []
  ): OnnxProto.onnx.INodeProto => ({ opType, input: inputs, output: outputs, attribute, name: outputs[0] })
  const ints = (name: string, v: number[]): OnnxProto.onnx.IAttributeProto => ({
    name,
    type: onnx.AttributeProto.AttributeType.INTS,
    ints: v
  })
  const nodes: OnnxProto.onnx.INodeProto[] = [
    node('Unsqueeze', [input, 'axis1'], ['x3']),
    node('Conv', ['x3', 'W', 'B'], ['c'], [ints('kernel_shape', [spec.kernel]), ints('strides', [spec.stride])]),
    node('Transpose', ['c'], ['h0'], [ints('perm', [0, 2, 1])]),
    node('MatMul', ['h0', 'P1'], ['m1']),
    node('Tanh', ['m1'], ['h1']),
    node('MatMul', ['h1', 'P2'], [spec.ffn ? 'f0' : last])
  ]
  const extra: OnnxProto.onnx.ITensorProto[] = []
  if (spec.ffn) {
    const { layers, hidden } = spec.ffn
    extra.push(
      floatTensor(
        'F1',
        [D, hidden],
        Float32Array.from({ length: D * hidden }, (_, i) => Math.sin(0.013 * i) / Math.sqrt(D))
      ),
      floatTensor(
        'F2',
        [hidden, D],
        Float32Array.from({ length: D * hidden }, (_, i) => Math.cos(0.017 * i) / Math.sqrt(hidden))
      )
    )
    for (let l = 0; l < layers; l++) {
      const out = l === layers - 1 ? last : `f${l + 1}`
      nodes.push(
        node('MatMul', [`f${l}`, 'F1'], [`a${l}`]),
        node('Relu', [`a${l}`], [`r${l}`]),
        node('MatMul', [`r${l}`, 'F2'], [out])
      )
    }
  }
  const outputs = [valueInfo(last, ['batch', 'frames', D])]
  if (spec.hiddenStates) {
    nodes.push(
      node('Unsqueeze', ['h0', 'axis0'], ['u0']),
      node('Unsqueeze', ['h1', 'axis0'], ['u1']),
      node('Unsqueeze', [last, 'axis0'], ['u2'])
    )
    nodes.push(
      node(
        'Concat',
        ['u0', 'u1', 'u2'],
        ['hidden_states'],
        [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]
      )
    )
    outputs.push(valueInfo('hidden_states', [3, 'batch', 'frames', D]))
  }
  const model: OnnxProto.onnx.IModelProto = {
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'ser-workbench tests',
    graph: {
      name: 'tiny-encoder',
      node: nodes,
      initializer: [
        floatTensor('W', [D, 1, spec.kernel], conv),
        floatTensor('B', [D], bias),
        floatTensor('P1', [D, D], p1),
        floatTensor('P2', [D, D], p2),
        { name: 'axis1', dims: [1], dataType: INT64, int64Data: [1] },
        ...(spec.hiddenStates ? [{ name: 'axis0', dims: [1], dataType: INT64, int64Data: [0] }] : []),
        ...extra
      ],
      input: [valueInfo(input, ['batch', 'samples'])],
      output: outputs
    }
  }
  writeFileSync(path, onnx.ModelProto.encode(model).finish())
}

/** The same maths in float64: every layer's frames × dim matrix for one (already normalised) signal */
export function referenceEmbedding(x: Float32Array, spec: TinyEncoderSpec = TINY_ENCODER): number[][][] {
  const { conv, bias, p1, p2 } = tinyWeights(spec)
  const { kernel: K, stride: S, dim: D } = spec
  const T = x.length < K ? 0 : Math.floor((x.length - K) / S) + 1
  const h0: number[][] = []
  for (let t = 0; t < T; t++) {
    h0.push(
      Array.from({ length: D }, (_, d) => {
        let s = bias[d]
        for (let k = 0; k < K; k++) s += conv[d * K + k] * x[t * S + k]
        return s
      })
    )
  }
  const mm = (h: number[][], p: Float32Array) =>
    h.map((row) => Array.from({ length: D }, (_, j) => row.reduce((s, v, i) => s + v * p[i * D + j], 0)))
  const h1 = mm(h0, p1).map((r) => r.map(Math.tanh))
  const h2 = mm(h1, p2)
  return [h0, h1, h2]
}
