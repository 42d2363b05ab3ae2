/**
 * The baseline's two linear classifiers on a feature matrix (docs/training.md "Baseline and fusion"), both
 * class-weighted and L2-regularised, both solved to convergence by L-BFGS (lbfgs.ts) from zero weights, so the
 * same data give the same model:
 *
 * - 'lr': multinomial logistic regression, J = (1/n)·Σᵢ sᵢ·(−log softmax(W·xᵢ + b)_{yᵢ}) + ‖W‖² / (2·C·n)
 * - 'svm': one-vs-rest linear SVM with the squared hinge (liblinear's L2-loss SVC), per class k
 *   J_k = (1/n)·Σᵢ sᵢ·max(0, 1 − tᵢₖ·(w_k·xᵢ + b_k))² + ‖w_k‖² / (2·C·n), tᵢₖ = +1 if yᵢ = k else −1
 *
 * sᵢ = n / (K·n_{yᵢ}) ("balanced" inverse-frequency weights over the K classes present in training), so each class
 * weighs the same in the loss. Both objectives are scikit-learn's (C·Σ sᵢ·ℓᵢ + ½‖W‖²) divided by C·n, so C means
 * what it means there. Biases are not regularised. A class with no training utterance is left out of the model:
 * its probability is 0 (its score −∞), a documented fallback rather than an error.
 * Probabilities: the softmax for 'lr'; for 'svm' the softmax of the one-vs-rest decision values (scores, not
 * calibrated probabilities; their argmax is the SVM's decision).
 */
import type { Classifier } from '../../../shared/domain/training'
import { minimiseLbfgs } from './lbfgs'

export interface LinearData {
  /** n × d, row-major */
  x: Float64Array
  n: number
  d: number
  /** Class index of each row, 0 … classes − 1 */
  y: Int32Array | number[]
  classes: number
}

export interface LinearModel {
  classifier: Classifier
  c: number
  d: number
  classes: number
  /** classes × d, row-major; rows of classes absent from training are 0 */
  w: Float64Array
  /** Per class; −Infinity for a class absent from training */
  b: Float64Array
  /** Training objective at the solution, and whether L-BFGS converged */
  loss: number
  iterations: number
  converged: boolean
}

/** Inverse-frequency weight of each class (0 for a class without training rows): n / (K_present · n_c). */
export function balancedClassWeights(y: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0)
  for (let i = 0; i < y.length; i++) counts[y[i]]++
  const present = counts.filter((c) => c > 0).length
  return counts.map((c) => (c > 0 ? y.length / (present * c) : 0))
}

/** The classes present in training, in order, and the map from class to its row in the fitted problem. */
function presentClasses(data: LinearData): number[] {
  const seen = new Array<boolean>(data.classes).fill(false)
  for (let i = 0; i < data.n; i++) seen[data.y[i]] = true
  return seen.flatMap((s, k) => (s ? [k] : []))
}

/**
 * The objective and its gradient over the present classes (K rows): params = [W (K×d), b (K)].
 * Exported for the tests, which check it against values computed by hand.
 */
export function linearObjective(
  classifier: Classifier,
  data: LinearData,
  rowOf: number[],
  k: number,
  weights: number[],
  c: number
) {
  const { x, n, d } = data
  const reg = 1 / (2 * c * n)
  const z = new Float64Array(k)
  return (p: Float64Array, g: Float64Array): number => {
    g.fill(0)
    let loss = 0
    const bOff = k * d
    for (let i = 0; i < n; i++) {
      const yi = rowOf[data.y[i]]
      const s = weights[data.y[i]] / n
      const xi = i * d
      for (let j = 0; j < k; j++) {
        let v = p[bOff + j]
        const wj = j * d
        for (let t = 0; t < d; t++) v += p[wj + t] * x[xi + t]
        z[j] = v
      }
      if (classifier === 'lr') {
        let max = -Infinity
        for (let j = 0; j < k; j++) max = Math.max(max, z[j])
        let sum = 0
        for (let j = 0; j < k; j++) sum += Math.exp(z[j] - max)
        const logSum = max + Math.log(sum)
        loss += s * (logSum - z[yi])
        for (let j = 0; j < k; j++) {
          const coef = s * (Math.exp(z[j] - logSum) - (j === yi ? 1 : 0))
          if (coef === 0) continue
          const wj = j * d
          for (let t = 0; t < d; t++) g[wj + t] += coef * x[xi + t]
          g[bOff + j] += coef
        }
      } else {
        for (let j = 0; j < k; j++) {
          const target = j === yi ? 1 : -1
          const margin = 1 - target * z[j]
          if (margin <= 0) continue
          loss += s * margin * margin
          const coef = -2 * s * margin * target
          const wj = j * d
          for (let t = 0; t < d; t++) g[wj + t] += coef * x[xi + t]
          g[bOff + j] += coef
        }
      }
    }
    for (let t = 0; t < k * d; t++) {
      loss += reg * p[t] * p[t]
      g[t] += 2 * reg * p[t]
    }
    return loss
  }
}

export function fitLinear(
  classifier: Classifier,
  data: LinearData,
  c: number,
  options: { tolerance?: number; maxIterations?: number } = {}
): LinearModel {
  if (!(c > 0)) throw new RangeError(`C must be positive, got ${c}`)
  const present = presentClasses(data)
  const rowOf = new Array<number>(data.classes).fill(-1)
  present.forEach((cls, r) => (rowOf[cls] = r))
  const k = present.length
  const weights = balancedClassWeights(data.y, data.classes)
  const w = new Float64Array(data.classes * data.d)
  const b = new Float64Array(data.classes).fill(-Infinity)
  if (k === 1) {
    // one class only: it is always predicted
    b[present[0]] = 0
    return { classifier, c, d: data.d, classes: data.classes, w, b, loss: 0, iterations: 0, converged: true }
  }
  const f = linearObjective(classifier, data, rowOf, k, weights, c)
  const r = minimiseLbfgs(f, new Float64Array(k * data.d + k), {
    tolerance: options.tolerance ?? 1e-5,
    maxIterations: options.maxIterations ?? 2000
  })
  present.forEach((cls, row) => {
    w.set(r.x.subarray(row * data.d, (row + 1) * data.d), cls * data.d)
    b[cls] = r.x[k * data.d + row]
  })
  return {
    classifier,
    c,
    d: data.d,
    classes: data.classes,
    w,
    b,
    loss: r.value,
    iterations: r.iterations,
    converged: r.converged
  }
}

/** Class scores (logits for 'lr', decision values for 'svm') of one row. */
export function scores(model: LinearModel, x: Float64Array, row: number): Float64Array {
  const out = new Float64Array(model.classes)
  const xi = row * model.d
  for (let j = 0; j < model.classes; j++) {
    if (model.b[j] === -Infinity) {
      out[j] = -Infinity
      continue
    }
    let v = model.b[j]
    const wj = j * model.d
    for (let t = 0; t < model.d; t++) v += model.w[wj + t] * x[xi + t]
    out[j] = v
  }
  return out
}

/** Softmax of the scores; an absent class (score −∞) gets probability 0. */
export function softmax(z: Float64Array): number[] {
  let max = -Infinity
  for (const v of z) max = Math.max(max, v)
  const e = Array.from(z, (v) => (v === -Infinity ? 0 : Math.exp(v - max)))
  const sum = e.reduce((a, v) => a + v, 0)
  return e.map((v) => v / sum)
}

export function predictProbabilities(model: LinearModel, x: Float64Array, rows: number): number[][] {
  return Array.from({ length: rows }, (_, i) => softmax(scores(model, x, i)))
}
