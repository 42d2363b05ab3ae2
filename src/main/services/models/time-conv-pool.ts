/**
 * The paper's convolution: filters that slide over time only and span the whole feature axis, each followed by
 * ReLU and max-pooling over time — globally (the talk's CNN) or in fixed windows (the attentive CNN's sequence).
 *
 * Two forms with one set of weights (kernel [width, dims, filters], as tfjs's Conv1D lays it out, and bias):
 * - 'conv': tf.conv1d → +bias → ReLU → max. Trains wherever the backend has Conv2DBackpropFilter (cpu, tfjs-node).
 * - 'matmul': im2col (the width time-shifted copies of the input side by side) times the filter bank in one matMul,
 *   max over time, then +bias → ReLU. ReLU and a per-filter bias are monotone, so max(relu(z + b)) = relu(max(z) + b)
 *   and both forms give the same outputs. Its gradient is written out: only the frame that won each max receives
 *   one, so dKernel[k, :, f] = Σ_b dy[b, f] · x[b, t*(b, f) + k, :] costs batch × filters × width × dims
 *   multiply-adds instead of the dense backward matMuls — and needs no convolution gradient kernel, so it trains on
 *   WASM. The gradient stops at this layer's input (the features are data, not weights): it must be a first layer.
 */
import * as tf from '@tensorflow/tfjs'

export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>
export type Kwargs = Parameters<tf.layers.Layer['call']>[1]
export type ConvComputeForm = 'conv' | 'matmul'

export interface TimeConvPoolArgs extends LayerArgs {
  filters: number
  /** Filter width in frames */
  kernelSize: number
  /** Frames per pooling window; 0 = one max over the whole (valid) time axis */
  poolSize: number
  /** Number of windows when poolSize > 0 (the valid frames beyond windows × poolSize are not pooled) */
  windows: number
  form: ConvComputeForm
  /** Seed of the Glorot-uniform kernel initialiser */
  seed: number
}

function one(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs
}

/** [B, T, D] → [B·(T−w+1), w·D]: row (b, t) holds frames t … t+w−1 side by side (column k·D + d). */
export function im2col(x: tf.Tensor3D, width: number): tf.Tensor2D {
  const [b, t, d] = x.shape
  const valid = t - width + 1
  return tf.tidy(() => {
    const parts: tf.Tensor3D[] = []
    for (let k = 0; k < width; k++) parts.push(tf.slice(x, [0, k, 0], [b, valid, d]))
    const stacked = parts.length === 1 ? parts[0] : tf.concat(parts, 2)
    return tf.reshape(stacked, [b * valid, width * d])
  })
}

/** Max (and where it was) over time: [B, L, F] → [B, F] globally, or [B, n, F] over n windows of p frames. */
function poolMax(z: tf.Tensor3D, poolSize: number, windows: number): tf.Tensor {
  const [b, , f] = z.shape
  if (poolSize === 0) return tf.max(z, 1)
  return tf.max(tf.reshape(tf.slice(z, [0, 0, 0], [b, windows * poolSize, f]), [b, windows, poolSize, f]), 2)
}

/** How the matmul form computes the pre-activations: im2col × filter bank, or the backend's Conv2D forward kernel. */
export type MatmulForward = 'im2col' | 'conv1d'

/**
 * The matmul form's forward pass: z = im2col(x) · kernel — or, where the backend has a Conv2D forward kernel
 * (WASM's is XNNPACK's implicit-im2col GEMM), that kernel, which is the same product without materialising the
 * width-fold copy of the input (half the forward time on WASM; docs/training.md). Same numbers either way.
 */
export function matmulForward(x: tf.Tensor3D, kernel: tf.Tensor3D, forward: MatmulForward): tf.Tensor3D {
  if (forward === 'conv1d') return tf.conv1d(x, kernel, 1, 'valid')
  const [batch, frames, dims] = x.shape
  const [width, , filters] = kernel.shape
  return tf.tidy(() => {
    const cols = im2col(x, width)
    return tf.reshape(tf.matMul(cols, tf.reshape(kernel, [width * dims, filters])), [
      batch,
      frames - width + 1,
      filters
    ]) as tf.Tensor3D
  })
}

/** Which forward the matmul form uses on the current backend. */
export function defaultMatmulForward(): MatmulForward {
  return tf.getKernel('Conv2D', tf.getBackend()) ? 'conv1d' : 'im2col'
}

/**
 * The matmul form's pooled pre-activations with their custom gradient with respect to the kernel (see the header).
 * Returns [B, F] (global) or [B, n, F].
 */
export function matmulConvPool(
  x: tf.Tensor3D,
  kernel: tf.Tensor3D,
  poolSize: number,
  windows: number,
  forward: MatmulForward = defaultMatmulForward()
): tf.Tensor {
  const batch = x.shape[0]
  const [width, , filters] = kernel.shape
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const k = args[0] as tf.Tensor3D
    const save = args[1] as tf.GradSaveFunc
    const [value, arg] = tf.tidy(() => {
      const z = matmulForward(x, k, forward)
      if (poolSize === 0) return [tf.max(z, 1), tf.argMax(z, 1)]
      const win = tf.reshape(tf.slice(z, [0, 0, 0], [batch, windows * poolSize, filters]), [
        batch,
        windows,
        poolSize,
        filters
      ])
      return [tf.max(win, 2), tf.argMax(win, 2)]
    })
    // x is saved too: the engine keeps saved tensors alive until the backward pass, whoever disposes the batch
    save([arg, x])
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
        sparseKernelGrad(saved[1] as tf.Tensor3D, saved[0], dy, width, poolSize)
      ]
    }
  })
  return op(kernel)
}

/**
 * dKernel from the winning frames only. Plain loops over typed arrays — cheaper here than any tfjs op chain (WASM's
 * gather costs ~30 ns an element, and a dense backward product does poolSize × the work). For each filter f the
 * winners (utterance, window) are listed once — where their width × dims input values start in x and their dy —
 * and then dKernel[j, f] = Σ_i dy_i · x[start_i + j] is a dot product over that list, eight columns j at a time in
 * local variables: one load and one multiply-add per term, no load-store of an accumulator array (2–3× faster
 * than accumulating row by row, which matters for the attentive CNN's windowed pooling: one winner per filter per
 * window, 24 times the global pool's). Sums in float64.
 */
function sparseKernelGrad(x: tf.Tensor3D, arg: tf.Tensor, dy: tf.Tensor, width: number, poolSize: number): tf.Tensor3D {
  const [batch, frames, dims] = x.shape
  const argShape = arg.shape as number[]
  const n = argShape.length === 2 ? 1 : argShape[1]
  const filters = argShape[argShape.length - 1]
  const xs = x.dataSync() as Float32Array
  const where = arg.dataSync() as Int32Array
  const g = dy.dataSync() as Float32Array
  const span = width * dims
  const starts = new Int32Array(batch * n)
  const grads = new Float64Array(batch * n)
  const out = new Float32Array(span * filters) // [w, D, F] = [w·D, F]
  for (let f = 0; f < filters; f++) {
    let m = 0
    for (let b = 0; b < batch; b++) {
      for (let w = 0; w < n; w++) {
        const cell = (b * n + w) * filters + f
        if (g[cell] === 0) continue
        starts[m] = (b * frames + w * poolSize + where[cell]) * dims
        grads[m++] = g[cell]
      }
    }
    let j = 0
    for (; j + 8 <= span; j += 8) {
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        s4 = 0,
        s5 = 0,
        s6 = 0,
        s7 = 0
      for (let i = 0; i < m; i++) {
        const q = starts[i] + j
        const c = grads[i]
        s0 += c * xs[q]
        s1 += c * xs[q + 1]
        s2 += c * xs[q + 2]
        s3 += c * xs[q + 3]
        s4 += c * xs[q + 4]
        s5 += c * xs[q + 5]
        s6 += c * xs[q + 6]
        s7 += c * xs[q + 7]
      }
      const o = j * filters + f
      out[o] = s0
      out[o + filters] = s1
      out[o + 2 * filters] = s2
      out[o + 3 * filters] = s3
      out[o + 4 * filters] = s4
      out[o + 5 * filters] = s5
      out[o + 6 * filters] = s6
      out[o + 7 * filters] = s7
    }
    for (; j < span; j++) {
      let s = 0
      for (let i = 0; i < m; i++) s += grads[i] * xs[starts[i] + j]
      out[j * filters + f] = s
    }
  }
  return tf.tensor3d(out, [width, dims, filters])
}

export class TimeConvPool extends tf.layers.Layer {
  static className = 'TimeConvPool'
  readonly filters: number
  readonly kernelSize: number
  readonly poolSize: number
  readonly windows: number
  form: ConvComputeForm
  readonly seed: number
  private kernel: tf.LayerVariable | null = null
  private bias: tf.LayerVariable | null = null

  constructor(args: TimeConvPoolArgs) {
    super(args)
    this.filters = args.filters
    this.kernelSize = args.kernelSize
    this.poolSize = args.poolSize
    this.windows = args.windows
    this.form = args.form
    this.seed = args.seed
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape
    const dims = shape[2]
    if (typeof dims !== 'number') throw new Error(`${this.name}: the feature axis must have a fixed size`)
    this.kernel = this.addWeight(
      'kernel',
      [this.kernelSize, dims, this.filters],
      'float32',
      tf.initializers.glorotUniform({ seed: this.seed })
    )
    this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros())
    this.built = true
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape
    return this.poolSize === 0 ? [shape[0], this.filters] : [shape[0], this.windows, this.filters]
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = one(inputs) as tf.Tensor3D
      const kernel = this.kernel!.read() as tf.Tensor3D
      const bias = this.bias!.read()
      if (x.shape[1] < this.kernelSize) {
        throw new Error(`${this.name}: ${x.shape[1]} frames are fewer than the filter width ${this.kernelSize}`)
      }
      if (this.form === 'conv') {
        const z = tf.relu(tf.add(tf.conv1d(x, kernel, 1, 'valid'), bias)) as tf.Tensor3D
        return poolMax(z, this.poolSize, this.windows)
      }
      return tf.relu(tf.add(matmulConvPool(x, kernel, this.poolSize, this.windows), bias))
    })
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      poolSize: this.poolSize,
      windows: this.windows,
      form: this.form,
      seed: this.seed
    }
  }
}
