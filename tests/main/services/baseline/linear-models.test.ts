/**
 * The baseline's solvers (src/main/services/baseline/linear-models.ts, lbfgs.ts) against cases worked out by hand:
 * closed-form optima, the class-weighted loss at fixed weights, the gradient at the solution, a separable toy set.
 */
import { describe, expect, it } from 'vitest'
import type { LinearData } from '../../../../src/main/services/baseline/linear-models'
import {
  balancedClassWeights,
  fitLinear,
  linearObjective,
  predictProbabilities
} from '../../../../src/main/services/baseline/linear-models'
import { minimiseLbfgs } from '../../../../src/main/services/baseline/lbfgs'

const data = (rows: number[][], y: number[], classes: number): LinearData => ({
  x: Float64Array.from(rows.flat()),
  n: rows.length,
  d: rows[0]?.length ?? 0,
  y,
  classes
})

describe('L-BFGS', () => {
  it('finds the minimum of a convex quadratic exactly (Rosenbrock too)', () => {
    // f = (x − 3)² + 10·(y + 1)²
    const q = minimiseLbfgs((p, g) => {
      g[0] = 2 * (p[0] - 3)
      g[1] = 20 * (p[1] + 1)
      return (p[0] - 3) ** 2 + 10 * (p[1] + 1) ** 2
    }, new Float64Array(2))
    expect(q.converged).toBe(true)
    expect(q.x[0]).toBeCloseTo(3, 6)
    expect(q.x[1]).toBeCloseTo(-1, 6)
    const r = minimiseLbfgs(
      (p, g) => {
        const [a, b] = [p[0], p[1]]
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a)
        g[1] = 200 * (b - a * a)
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2
      },
      Float64Array.from([-1.2, 1]),
      { tolerance: 1e-8 }
    )
    expect(r.x[0]).toBeCloseTo(1, 5)
    expect(r.x[1]).toBeCloseTo(1, 5)
  })
})

describe('class weights', () => {
  it('are n / (K·n_c) over the classes present, 0 for an absent class', () => {
    expect(balancedClassWeights([0, 0, 0, 1], 3)).toEqual([4 / 6, 2, 0])
  })

  it('change the logistic loss exactly as computed by hand', () => {
    // x = 1, 2 (class 0) and −1 (class 1); W = [[1], [−1]], b = 0, C = 1
    const d = data([[1], [2], [-1]], [0, 0, 1], 2)
    const weights = balancedClassWeights(d.y, 2) // 3/(2·2) = 0.75 and 3/(2·1) = 1.5
    expect(weights).toEqual([0.75, 1.5])
    const f = linearObjective('lr', d, [0, 1], 2, weights, 1)
    const g = new Float64Array(4)
    const value = f(Float64Array.from([1, -1, 0, 0]), g)
    const l1 = Math.log(1 + Math.exp(-2)) // logits [1, −1], true 0
    const l2 = Math.log(1 + Math.exp(-4)) // logits [2, −2]
    const l3 = Math.log(1 + Math.exp(-2)) // logits [−1, 1], true 1
    const reg = (1 / (2 * 1 * 3)) * (1 + 1)
    expect(value).toBeCloseTo((0.75 * l1 + 0.75 * l2 + 1.5 * l3) / 3 + reg, 12)
    const unweighted = linearObjective('lr', d, [0, 1], 2, [1, 1], 1)(Float64Array.from([1, -1, 0, 0]), g)
    expect(unweighted).toBeCloseTo((l1 + l2 + l3) / 3 + reg, 12)
    expect(unweighted).not.toBeCloseTo(value, 3)
  })

  it('squared hinge: the weighted loss by hand', () => {
    // one class-0 row at x = 0.5: margins 1 − 0.5·w0 for class 0 (target +1) and 1 + 0.5·w1 for class 1 (target −1)
    const d = data([[0.5], [-2]], [0, 1], 2)
    const f = linearObjective('svm', d, [0, 1], 2, [1, 1], 2)
    const value = f(Float64Array.from([1, 1, 0, 0]), new Float64Array(4))
    // row 0: class 0 margin 1 − 0.5 = 0.5 → 0.25; class 1 margin 1 + 0.5 = 1.5 → 2.25
    // row 1 (x = −2, class 1): class 0 target −1 margin 1 + (−2) = −1 → 0; class 1 target +1 margin 1 − (−2) = 3 → 9
    expect(value).toBeCloseTo((0.25 + 2.25 + 9) / 2 + (1 / (2 * 2 * 2)) * 2, 12)
  })
})

describe('logistic regression', () => {
  it('with no features learns the class frequencies (unweighted) and uniform probabilities (balanced)', () => {
    // a constant-zero feature: only the biases move, softmax(b) = the weighted class shares
    const d = data([[0], [0], [0], [0]], [0, 0, 0, 1], 2)
    const m = fitLinear('lr', d, 1)
    const p = predictProbabilities(m, Float64Array.from([0]), 1)[0]
    // balanced weights make both classes weigh 2 in total: the optimum is p = 0.5 each
    expect(p[0]).toBeCloseTo(0.5, 5)
    expect(p[1]).toBeCloseTo(0.5, 5)
  })

  it('stops where the gradient is zero (checked against finite differences of the objective)', () => {
    const d = data(
      [
        [1, 0.5],
        [2, -1],
        [-1, 0.3],
        [-2, 1],
        [0.2, 2],
        [0.1, -2]
      ],
      [0, 0, 1, 1, 2, 2],
      3
    )
    const m = fitLinear('lr', d, 0.7, { tolerance: 1e-9 })
    expect(m.converged).toBe(true)
    const params = Float64Array.from([...m.w, ...m.b])
    const f = linearObjective('lr', d, [0, 1, 2], 3, balancedClassWeights(d.y, 3), 0.7)
    const g = new Float64Array(params.length)
    const base = f(params, g)
    for (let i = 0; i < params.length; i++) {
      const h = 1e-5
      const up = Float64Array.from(params)
      up[i] += h
      const dn = Float64Array.from(params)
      dn[i] -= h
      const numeric = (f(up, new Float64Array(params.length)) - f(dn, new Float64Array(params.length))) / (2 * h)
      expect(Math.abs(numeric)).toBeLessThan(1e-6)
      expect(g[i]).toBeCloseTo(numeric, 6)
    }
    expect(base).toBeCloseTo(m.loss, 10)
  })

  it('separates a separable toy set perfectly and is deterministic', () => {
    const rows: number[][] = []
    const y: number[] = []
    for (let i = 0; i < 30; i++) {
      const k = i % 3
      rows.push([k === 0 ? 3 : -1 + (i % 5) * 0.1, k === 1 ? 3 : -1 - (i % 4) * 0.1, k === 2 ? 3 : 0.05 * i])
      y.push(k)
    }
    for (const classifier of ['lr', 'svm'] as const) {
      const m = fitLinear(classifier, data(rows, y, 3), 10)
      const p = predictProbabilities(m, Float64Array.from(rows.flat()), rows.length)
      expect(p.map((q) => q.indexOf(Math.max(...q)))).toEqual(y)
      const again = fitLinear(classifier, data(rows, y, 3), 10)
      expect(Array.from(again.w)).toEqual(Array.from(m.w))
    }
  })

  it('a class without training rows gets probability 0 and the rest still sum to 1', () => {
    const m = fitLinear('lr', data([[1], [2], [-1], [-2]], [0, 0, 2, 2], 3), 1)
    const p = predictProbabilities(m, Float64Array.from([1.5]), 1)[0]
    expect(p[1]).toBe(0)
    expect(p[0] + p[2]).toBeCloseTo(1, 12)
    expect(p.every(Number.isFinite)).toBe(true)
  })
})

describe('linear SVM (one-vs-rest, squared hinge)', () => {
  it('matches the closed form w = 4C / (4C + 1) on x = ±1', () => {
    // class 0 at x = 1, class 1 at x = −1; by symmetry b = 0 and J(w) = (1 − w)² + w²/(4C) for classifier 0
    for (const c of [0.05, 0.5, 3]) {
      const m = fitLinear('svm', data([[1], [-1]], [0, 1], 2), c, { tolerance: 1e-10 })
      expect(m.w[0]).toBeCloseTo((4 * c) / (4 * c + 1), 7)
      expect(m.w[1]).toBeCloseTo(-(4 * c) / (4 * c + 1), 7)
      expect(m.b[0]).toBeCloseTo(0, 7)
    }
  })
})
