/**
 * Complex roots of a real polynomial as the eigenvalues of its balanced companion matrix, found with the shifted
 * double-step Hessenberg QR algorithm (the EISPACK `hqr` scheme that GSL's gsl_poly_complex_solve and openSMILE's
 * src/smileutil/zerosolve.cpp use). The formant tracker needs the roots of the 11th-order LPC polynomial.
 */
const EPS = 2.220446049250313e-16

/** Companion matrix (row-major, n×n) of Σ a[i]·x^i with leading coefficient a[n]. */
function companion(a: ArrayLike<number>, n: number): Float64Array {
  const m = new Float64Array(n * n)
  for (let i = 1; i < n; i++) m[i * n + i - 1] = 1
  for (let i = 0; i < n; i++) m[i * n + n - 1] = -a[i] / a[n]
  return m
}

/** Diagonal similarity scaling by powers of 2 so that row and column norms are comparable (better conditioning). */
function balance(m: Float64Array, n: number): void {
  let converged = false
  while (!converged) {
    converged = true
    for (let i = 0; i < n; i++) {
      let col = 0
      if (i !== n - 1) col = Math.abs(m[(i + 1) * n + i])
      else for (let j = 0; j < n - 1; j++) col += Math.abs(m[j * n + n - 1])
      let row: number
      if (i === 0) row = Math.abs(m[n - 1])
      else if (i === n - 1) row = Math.abs(m[i * n + i - 1])
      else row = Math.abs(m[i * n + i - 1]) + Math.abs(m[i * n + n - 1])
      if (col === 0 || row === 0) continue
      let f = 1
      const sum = col + row
      while (col < row / 2) {
        f *= 2
        col *= 4
      }
      while (col > row * 2) {
        f /= 2
        col /= 4
      }
      if (row + col < 0.95 * sum * f) {
        converged = false
        const g = 1 / f
        if (i === 0) m[n - 1] *= g
        else {
          m[i * n + i - 1] *= g
          m[i * n + n - 1] *= g
        }
        if (i === n - 1) for (let j = 0; j < n; j++) m[j * n + i] *= f
        else m[(i + 1) * n + i] *= f
      }
    }
  }
}

/**
 * Eigenvalues of an upper Hessenberg matrix h (n×n, row-major; destroyed). Writes re/im pairs into `roots`
 * (length 2n); returns false if an eigenvalue fails to converge within 70 iterations.
 */
function hqr(h: Float64Array, n: number, roots: Float64Array): boolean {
  // 1-based accessors, as in the published algorithm
  const at = (i: number, j: number): number => h[(i - 1) * n + (j - 1)]
  const set = (i: number, j: number, v: number): void => {
    h[(i - 1) * n + (j - 1)] = v
  }
  let N = n
  let t = 0
  let its = 0
  let p = 0
  let q = 0
  let r = 0
  let x = 0
  let y = 0
  let z = 0
  let w = 0
  let s = 0
  while (N > 0) {
    let e = N
    for (; e >= 2; e--) {
      if (Math.abs(at(e, e - 1)) <= EPS * (Math.abs(at(e - 1, e - 1)) + Math.abs(at(e, e)))) break
    }
    x = at(N, N)
    if (e === N) {
      roots[2 * (N - 1)] = x + t
      roots[2 * (N - 1) + 1] = 0
      N--
      its = 0
      continue
    }
    y = at(N - 1, N - 1)
    w = at(N - 1, N) * at(N, N - 1)
    if (e === N - 1) {
      p = (y - x) / 2
      q = p * p + w
      y = Math.sqrt(Math.abs(q))
      x += t
      if (q > 0) {
        if (p < 0) y = -y
        y += p
        roots[2 * (N - 1)] = x - w / y
        roots[2 * (N - 1) + 1] = 0
        roots[2 * (N - 2)] = x + y
        roots[2 * (N - 2) + 1] = 0
      } else {
        roots[2 * (N - 1)] = x + p
        roots[2 * (N - 1) + 1] = -y
        roots[2 * (N - 2)] = x + p
        roots[2 * (N - 2) + 1] = y
      }
      N -= 2
      its = 0
      continue
    }
    if (its === 70) return false
    if (its % 10 === 0 && its > 0) {
      // exceptional shift
      t += x
      for (let i = 1; i <= N; i++) set(i, i, at(i, i) - x)
      s = Math.abs(at(N, N - 1)) + Math.abs(at(N - 1, N - 2))
      y = 0.75 * s
      x = y
      w = -0.4375 * s * s
    }
    its++
    let m = N - 2
    for (; m >= e; m--) {
      z = at(m, m)
      r = x - z
      s = y - z
      p = at(m, m + 1) + (r * s - w) / at(m + 1, m)
      q = at(m + 1, m + 1) - z - r - s
      r = at(m + 2, m + 1)
      s = Math.abs(p) + Math.abs(q) + Math.abs(r)
      p /= s
      q /= s
      r /= s
      if (m === e) break
      const a1 = Math.abs(at(m, m - 1))
      if (a1 * (Math.abs(q) + Math.abs(r)) <= EPS * Math.abs(p) * (Math.abs(at(m - 1, m - 1)) + Math.abs(at(m + 1, m + 1)))) break
    }
    for (let i = m + 2; i <= N; i++) set(i, i - 2, 0)
    for (let i = m + 3; i <= N; i++) set(i, i - 3, 0)
    // double QR step on rows/columns m … N
    for (let k = m; k <= N - 1; k++) {
      const notLast = k !== N - 1
      if (k !== m) {
        p = at(k, k - 1)
        q = at(k + 1, k - 1)
        r = notLast ? at(k + 2, k - 1) : 0
        x = Math.abs(p) + Math.abs(q) + Math.abs(r)
        if (x === 0) continue
        p /= x
        q /= x
        r /= x
      }
      s = Math.sqrt(p * p + q * q + r * r)
      if (p < 0) s = -s
      if (k !== m) set(k, k - 1, -s * x)
      else if (e !== m) set(k, k - 1, -at(k, k - 1))
      p += s
      x = p / s
      y = q / s
      z = r / s
      q /= p
      r /= p
      for (let j = k; j <= N; j++) {
        p = at(k, j) + q * at(k + 1, j)
        if (notLast) {
          p += r * at(k + 2, j)
          set(k + 2, j, at(k + 2, j) - p * z)
        }
        set(k + 1, j, at(k + 1, j) - p * y)
        set(k, j, at(k, j) - p * x)
      }
      const jEnd = k + 3 < N ? k + 3 : N
      for (let i = e; i <= jEnd; i++) {
        p = x * at(i, k) + y * at(i, k + 1)
        if (notLast) {
          p += z * at(i, k + 2)
          set(i, k + 2, at(i, k + 2) - p * r)
        }
        set(i, k + 1, at(i, k + 1) - p * q)
        set(i, k, at(i, k) - p)
      }
    }
  }
  return true
}

/**
 * Roots of Σ_{i=0}^{degree} a[i]·x^i (a[degree] ≠ 0) as interleaved re/im pairs (length 2·degree).
 * Returns null if the QR iteration does not converge.
 */
export function polynomialRoots(a: ArrayLike<number>, degree: number): Float64Array | null {
  const m = companion(a, degree)
  balance(m, degree)
  const roots = new Float64Array(2 * degree)
  return hqr(m, degree, roots) ? roots : null
}
