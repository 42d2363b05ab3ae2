/**
 * Limited-memory BFGS (Nocedal & Wright 2006, algorithm 7.4: the two-loop recursion) with a backtracking Armijo
 * line search, for the baseline's smooth convex objectives (linear-models.ts). Deterministic: no randomness, the
 * same input gives the same iterates. Pure: a function and its gradient in, the minimiser out.
 */

/** Writes the gradient at x into g and returns the objective's value there. */
export type Objective = (x: Float64Array, g: Float64Array) => number

export interface LbfgsOptions {
  /** Stop when the largest gradient component is below this (default 1e-6) */
  tolerance?: number
  maxIterations?: number
  /** Correction pairs kept (default 10) */
  memory?: number
}

export interface LbfgsResult {
  x: Float64Array
  value: number
  iterations: number
  /** The gradient's max-norm fell below the tolerance (else: iterations ran out or no step decreased f) */
  converged: boolean
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i] * b[i]
  return s
}

const maxAbs = (a: Float64Array): number => {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]))
  return m
}

export function minimiseLbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const tol = options.tolerance ?? 1e-6
  const maxIter = options.maxIterations ?? 1000
  const m = options.memory ?? 10
  const n = x0.length
  let x = Float64Array.from(x0)
  let g = new Float64Array(n)
  let fx = f(x, g)
  const ss: Float64Array[] = []
  const ys: Float64Array[] = []
  const rhos: number[] = []
  const d = new Float64Array(n)
  const alpha = new Float64Array(m)
  for (let iter = 0; iter < maxIter; iter++) {
    if (maxAbs(g) < tol) return { x, value: fx, iterations: iter, converged: true }
    // d = −H·g by the two-loop recursion
    d.set(g)
    for (let k = ss.length - 1; k >= 0; k--) {
      alpha[k] = rhos[k] * dot(ss[k], d)
      for (let i = 0; i < n; i++) d[i] -= alpha[k] * ys[k][i]
    }
    const gamma =
      ss.length > 0
        ? dot(ss[ss.length - 1], ys[ys.length - 1]) / dot(ys[ys.length - 1], ys[ys.length - 1])
        : 1 / Math.max(1, Math.sqrt(dot(g, g)))
    for (let i = 0; i < n; i++) d[i] *= gamma
    for (let k = 0; k < ss.length; k++) {
      const beta = rhos[k] * dot(ys[k], d)
      for (let i = 0; i < n; i++) d[i] += ss[k][i] * (alpha[k] - beta)
    }
    for (let i = 0; i < n; i++) d[i] = -d[i]
    let slope = dot(g, d)
    if (!(slope < 0)) {
      // not a descent direction (rounding): restart from steepest descent
      ss.length = ys.length = rhos.length = 0
      for (let i = 0; i < n; i++) d[i] = -g[i] / Math.max(1, Math.sqrt(dot(g, g)))
      slope = dot(g, d)
    }
    let step = 1
    const xn = new Float64Array(n)
    const gn = new Float64Array(n)
    let fn = Infinity
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) xn[i] = x[i] + step * d[i]
      fn = f(xn, gn)
      if (fn <= fx + 1e-4 * step * slope) break
      step *= 0.5
    }
    if (!(fn < fx) && !(fn <= fx && maxAbs(gn) < maxAbs(g)))
      return { x, value: fx, iterations: iter, converged: maxAbs(g) < tol }
    const s = new Float64Array(n)
    const y = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      s[i] = xn[i] - x[i]
      y[i] = gn[i] - g[i]
    }
    const sy = dot(s, y)
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (ss.length === m) {
        ss.shift()
        ys.shift()
        rhos.shift()
      }
      ss.push(s)
      ys.push(y)
      rhos.push(1 / sy)
    }
    x = xn
    g = gn
    fx = fn
  }
  return { x, value: fx, iterations: maxIter, converged: maxAbs(g) < tol }
}
