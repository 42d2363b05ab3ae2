/**
 * Complex roots of a real polynomial as the eigenvalues of its balanced companion matrix, found with the shifted
 * double-step Hessenberg QR algorithm (the EISPACK `hqr` scheme that GSL's gsl_poly_complex_solve and openSMILE's
 * src/smileutil/zerosolve.cpp use). The formant tracker needs the roots of the 11th-order LPC polynomial.
 */
const EPS = 2.220446049250313e-16

/** Companion matrix (row-major, n×n, written into m) of Σ a[i]·x^i with leading coefficient a[n]. */
function companion(a: ArrayLike<number>, n: number, m: Float64Array): Float64Array {
  m.fill(0)
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
  // 1-based (row, column) as in the published algorithm: element (i, j) is h[i·n + j + o]
  const o = -n - 1
  let N = n
  let t = 0
  let its = 0
  let p = 0
  let q = 0
  let r = 0
  let x: number
  let y: number
  let z: number
  let w: number
  let s: number
  while (N > 0) {
    let e = N
    for (; e >= 2; e--) {
      if (Math.abs(h[e * n + e - 1 + o]) <= EPS * (Math.abs(h[(e - 1) * n + e - 1 + o]) + Math.abs(h[e * n + e + o])))
        break
    }
    x = h[N * n + N + o]
    if (e === N) {
      roots[2 * (N - 1)] = x + t
      roots[2 * (N - 1) + 1] = 0
      N--
      its = 0
      continue
    }
    y = h[(N - 1) * n + N - 1 + o]
    w = h[(N - 1) * n + N + o] * h[N * n + N - 1 + o]
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
      for (let i = 1; i <= N; i++) h[i * n + i + o] -= x
      s = Math.abs(h[N * n + N - 1 + o]) + Math.abs(h[(N - 1) * n + N - 2 + o])
      y = 0.75 * s
      x = y
      w = -0.4375 * s * s
    }
    its++
    let m = N - 2
    for (; m >= e; m--) {
      z = h[m * n + m + o]
      r = x - z
      s = y - z
      p = h[m * n + m + 1 + o] + (r * s - w) / h[(m + 1) * n + m + o]
      q = h[(m + 1) * n + m + 1 + o] - z - r - s
      r = h[(m + 2) * n + m + 1 + o]
      s = Math.abs(p) + Math.abs(q) + Math.abs(r)
      p /= s
      q /= s
      r /= s
      if (m === e) break
      const a1 = Math.abs(h[m * n + m - 1 + o])
      if (
        a1 * (Math.abs(q) + Math.abs(r)) <=
        EPS * Math.abs(p) * (Math.abs(h[(m - 1) * n + m - 1 + o]) + Math.abs(h[(m + 1) * n + m + 1 + o]))
      )
        break
    }
    for (let i = m + 2; i <= N; i++) h[i * n + i - 2 + o] = 0
    for (let i = m + 3; i <= N; i++) h[i * n + i - 3 + o] = 0
    // double QR step on rows/columns m … N
    for (let k = m; k <= N - 1; k++) {
      const notLast = k !== N - 1
      if (k !== m) {
        p = h[k * n + k - 1 + o]
        q = h[(k + 1) * n + k - 1 + o]
        r = notLast ? h[(k + 2) * n + k - 1 + o] : 0
        x = Math.abs(p) + Math.abs(q) + Math.abs(r)
        if (x === 0) continue
        p /= x
        q /= x
        r /= x
      }
      s = Math.sqrt(p * p + q * q + r * r)
      if (p < 0) s = -s
      if (k !== m) h[k * n + k - 1 + o] = -s * x
      else if (e !== m) h[k * n + k - 1 + o] = -h[k * n + k - 1 + o]
      p += s
      x = p / s
      y = q / s
      z = r / s
      q /= p
      r /= p
      for (let j = k; j <= N; j++) {
        p = h[k * n + j + o] + q * h[(k + 1) * n + j + o]
        if (notLast) {
          p += r * h[(k + 2) * n + j + o]
          h[(k + 2) * n + j + o] -= p * z
        }
        h[(k + 1) * n + j + o] -= p * y
        h[k * n + j + o] -= p * x
      }
      const jEnd = k + 3 < N ? k + 3 : N
      for (let i = e; i <= jEnd; i++) {
        p = x * h[i * n + k + o] + y * h[i * n + k + 1 + o]
        if (notLast) {
          p += z * h[i * n + k + 2 + o]
          h[i * n + k + 2 + o] -= p * r
        }
        h[i * n + k + 1 + o] -= p * q
        h[i * n + k + o] -= p
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
  const roots = createPolynomialRootFinder(degree)(a)
  return roots && roots.slice()
}

/**
 * polynomialRoots for many polynomials of one degree without allocating: the returned function reuses its
 * matrix and its roots array (read them before the next call).
 */
export function createPolynomialRootFinder(degree: number): (a: ArrayLike<number>) => Float64Array | null {
  const m = new Float64Array(degree * degree)
  const roots = new Float64Array(2 * degree)
  return (a) => {
    companion(a, degree, m)
    balance(m, degree)
    return hqr(m, degree, roots) ? roots : null
  }
}
