/**
 * FLOP counts of the models (multiply and add counted as two), for the benchmark's achieved GFLOP/s and its
 * "within 2× of what the FLOPs and the matmul rate allow" goal. Pure arithmetic over the spec.
 */
import type { ModelSpec } from './build-model'
import { AUX_CLASSES } from './softmax-heads'

export interface FlopCount {
  /** One utterance, inference */
  forward: number
  /** One utterance, a training step as a dense framework computes it (forward + input and weight gradients: 3×) */
  trainDense: number
  /**
   * One utterance, a training step as the matmul form computes it: the forward pass plus the sparse kernel gradient
   * (only each filter's winning frame contributes) and the small dense layers' backward pass
   */
  trainSparse: number
}

export function modelFlops(
  spec: Pick<ModelSpec, 'model' | 'task' | 'frames' | 'dims' | 'classes' | 'filterWidths' | 'filters' | 'poolFrames'>
): FlopCount {
  const attentive = spec.model === 'attentive-cnn'
  const windows = attentive ? Math.floor((spec.frames - Math.max(...spec.filterWidths) + 1) / spec.poolFrames) : 1
  let conv = 0
  let convGradSparse = 0
  for (const w of spec.filterWidths) {
    conv += 2 * (spec.frames - w + 1) * w * spec.dims * spec.filters
    convGradSparse += 2 * windows * w * spec.dims * spec.filters
  }
  const width = spec.filterWidths.length * spec.filters
  const headUnits = spec.classes + (spec.task === 'multi' ? 2 * AUX_CLASSES : 0)
  const dense = 2 * width * headUnits + (attentive ? 4 * windows * width : 0)
  const forward = conv + dense
  return { forward, trainDense: 3 * forward, trainSparse: forward + convGradSparse + 2 * dense }
}
