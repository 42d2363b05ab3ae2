/**
 * Seeded randomness for everything the trainer shuffles or samples (epoch order, the dev split), so a seed fixes a
 * run. mulberry32: tiny, fast, and good enough for permutations; never Math.random.
 */

/** A 32-bit hash of numbers and strings (FNV-1a over their text), to derive independent streams from one seed. */
export function mixSeed(...parts: (number | string)[]): number {
  let h = 0x811c9dc5
  for (const ch of parts.join('\u241f')) {
    h ^= ch.codePointAt(0)!
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const t = out[i]
    out[i] = out[j]
    out[j] = t
  }
  return out
}
