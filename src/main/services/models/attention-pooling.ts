/**
 * The attentive CNN's attention (Neumann & Vu, Interspeech 2017): the convolution's pooled windows h_1 … h_n are
 * weighted by α = softmax(h_i · u) with one learned context vector u, and summed into one utterance vector
 * Σ α_i h_i. A linear score is the paper's form as we read it (docs/paper.md marks the details a choice); the weights
 * are returned by `attentionWeights` so the UI can show where the model listened.
 */
import * as tf from '@tensorflow/tfjs'
import type { LayerArgs } from './time-conv-pool'

export interface AttentionPoolingArgs extends LayerArgs {
  seed: number
}

export class AttentionPooling extends tf.layers.Layer {
  static className = 'AttentionPooling'
  readonly seed: number
  private context: tf.LayerVariable | null = null

  constructor(args: AttentionPoolingArgs) {
    super(args)
    this.seed = args.seed
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape
    const channels = shape[2]
    if (typeof channels !== 'number') throw new Error(`${this.name}: the channel axis must have a fixed size`)
    this.context = this.addWeight(
      'context',
      [channels, 1],
      'float32',
      tf.initializers.glorotUniform({ seed: this.seed })
    )
    this.built = true
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape
    return [shape[0], shape[2]]
  }

  /** α over the windows: [B, n] */
  attentionWeights(h: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      const [b, n, c] = h.shape
      const scores = tf.reshape(tf.matMul(tf.reshape(h, [b * n, c]), this.context!.read() as tf.Tensor2D), [b, n])
      return tf.softmax(scores, -1) as tf.Tensor2D
    })
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const h = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D
      const alpha = this.attentionWeights(h)
      return tf.sum(tf.mul(h, tf.expandDims(alpha, 2)), 1)
    })
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed }
  }
}
