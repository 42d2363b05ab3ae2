/**
 * Per-utterance predictions from a fold's inference outputs (fold-eval.ts), and the mean of a seed ensemble's.
 * Pure: no tensors.
 */
import type { UtterancePrediction } from '../../../shared/api/training'

function rows(flat: Float32Array, width: number, i: number): number[] {
  return Array.from(flat.subarray(i * width, (i + 1) * width))
}

/** The test predictions: category probabilities, plus the activation and valence heads' (3 bins each) if multi. */
export function testPredictions(
  outputs: Float32Array[][],
  indices: readonly number[],
  classCount: number,
  multi: boolean
): UtterancePrediction[] {
  const predictions: UtterancePrediction[] = []
  let k = 0
  for (const batch of outputs) {
    const size = batch[0].length / classCount
    for (let i = 0; i < size; i++, k++) {
      const p: UtterancePrediction = { index: indices[k], probabilities: rows(batch[0], classCount, i) }
      if (multi) {
        p.activation = rows(batch[1], 3, i)
        p.valence = rows(batch[2], 3, i)
      }
      predictions.push(p)
    }
  }
  return predictions
}

/** The dev predictions fusion weighs on: the category head's probabilities only. */
export function devPredictions(
  outputs: Float32Array[][],
  indices: readonly number[],
  classCount: number
): UtterancePrediction[] {
  const devRows = outputs.flatMap((b) =>
    Array.from({ length: b[0].length / classCount }, (_, i) => rows(b[0], classCount, i))
  )
  return devRows.map((probabilities, k) => ({ index: indices[k], probabilities }))
}

/** The mean of the members' probabilities per utterance (the members predicted the same utterances in order). */
export function averagePredictions(members: UtterancePrediction[][]): UtterancePrediction[] {
  const mean = (lists: (number[] | undefined)[]) =>
    lists[0] === undefined
      ? undefined
      : lists[0].map((_, c) => lists.reduce((s, l) => s + (l?.[c] ?? 0), 0) / lists.length)
  return members[0].map((p, i) => ({
    index: p.index,
    probabilities: mean(members.map((m) => m[i].probabilities))!,
    ...(p.activation
      ? { activation: mean(members.map((m) => m[i].activation)), valence: mean(members.map((m) => m[i].valence)) }
      : {})
  }))
}
