/**
 * A small seeded generator (mulberry32) for everything that must be reproducible from a seed: demo audio, test
 * corpora. Not for cryptography.
 */
export interface Random {
  /** Uniform in [0, 1) */
  next(): number
  /** Uniform in [lo, hi) */
  uniform(lo: number, hi: number): number
  /** Standard normal (Box–Muller) */
  normal(): number
  /** Integer in [0, n) */
  int(n: number): number
  pick<T>(items: readonly T[]): T
}

export function createRandom(seed: number): Random {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const r: Random = {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: () => {
      const u = Math.max(next(), 1e-12)
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next())
    },
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)]
  }
  return r
}
