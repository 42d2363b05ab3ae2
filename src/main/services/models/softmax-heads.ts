/**
 * The output end every model shares: seeded dropout on the pooled features, then a softmax category head and, for
 * multi-task, activation and valence heads of 3 bins each (docs/training.md). Seeds are offsets of the run's seed,
 * the same for the CNN and the encoder head, so a model is reproducible from its spec alone.
 */
import * as tf from '@tensorflow/tfjs'
import type { TaskKind } from '../../../shared/domain/training'
import { SeededDropout } from './seeded-dropout'

/** Bins of the auxiliary heads: low, mid, high */
export const AUX_CLASSES = 3

export function softmaxHeads(
  pooled: tf.SymbolicTensor,
  spec: { classes: number; task: TaskKind; dropout: number; seed: number }
): tf.SymbolicTensor[] {
  const dropped = new SeededDropout({ name: 'dropout', rate: spec.dropout, seed: spec.seed + 60 }).apply(
    pooled
  ) as tf.SymbolicTensor
  const head = (name: string, units: number, seedOffset: number) =>
    tf.layers
      .dense({
        name,
        units,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: spec.seed + seedOffset })
      })
      .apply(dropped) as tf.SymbolicTensor
  const outputs = [head('category', spec.classes, 70)]
  if (spec.task === 'multi') outputs.push(head('activation', AUX_CLASSES, 71), head('valence', AUX_CLASSES, 72))
  return outputs
}
