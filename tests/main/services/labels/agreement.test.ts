import { describe, expect, it } from 'vitest'
import type { RatingTable } from '../../../../src/main/services/labels/agreement'
import { fleissKappa, krippendorffAlpha, pairAgreement } from '../../../../src/main/services/labels/agreement'

/** Fleiss (1971) as worked in Wikipedia's "Fleiss' kappa": 10 subjects, 14 raters, 5 categories → κ = 0.210 */
const FLEISS_COUNTS = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7]
]
function fromCounts(counts: number[][]): RatingTable {
  return counts.map((row) => row.flatMap((n, c) => Array<string>(n).fill(String(c + 1))))
}

/**
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C: 4 observers, 12 units, missing
 * values; the paper gives α = 0.743 (nominal), 0.815 (ordinal), 0.849 (interval).
 */
const K = null
const KRIPPENDORFF: RatingTable = [
  ['1', '1', K, '1'],
  ['2', '2', '3', '2'],
  ['3', '3', '3', '3'],
  ['3', '3', '3', '3'],
  ['2', '2', '2', '2'],
  ['1', '2', '3', '4'],
  ['4', '4', '4', '4'],
  ['1', '1', '2', '1'],
  ['2', '2', '2', '2'],
  [K, '5', '5', '5'],
  [K, K, '1', '1'],
  [K, '3', K, K]
]

describe("Fleiss' kappa", () => {
  it('reproduces the textbook example (0.210)', () => {
    expect(fleissKappa(fromCounts(FLEISS_COUNTS))).toBeCloseTo(0.21, 3)
  })
  it('is 1 for perfect agreement, undefined for a single category, and ignores single ratings', () => {
    expect(
      fleissKappa([
        ['a', 'a'],
        ['b', 'b'],
        ['a', 'a', 'a']
      ])
    ).toBeCloseTo(1, 12)
    expect(
      fleissKappa([
        ['a', 'a'],
        ['a', 'a']
      ])
    ).toBeNull()
    expect(
      fleissKappa([
        ['a', null],
        [null, 'b']
      ])
    ).toBeNull()
  })
})

describe("Krippendorff's alpha", () => {
  it('reproduces Krippendorff (2011) example C for nominal, ordinal and interval data', () => {
    expect(krippendorffAlpha(KRIPPENDORFF, 'nominal')).toBeCloseTo(0.743, 3)
    expect(krippendorffAlpha(KRIPPENDORFF, 'ordinal')).toBeCloseTo(0.815, 3)
    expect(krippendorffAlpha(KRIPPENDORFF, 'interval')).toBeCloseTo(0.849, 3)
  })
  it('hand-computed case: two raters, two units, one disagreement → nominal α = 0', () => {
    // coincidences: (a,a)×2, (a,b)+(b,a) → n_a = 3, n_b = 1; D_o = 2/4, D_e = 2·3·1/(4·3) = 1/2 → α = 0
    expect(
      krippendorffAlpha(
        [
          ['a', 'a'],
          ['a', 'b']
        ],
        'nominal'
      )
    ).toBeCloseTo(0, 12)
  })
})

describe("pairwise agreement and Cohen's kappa", () => {
  it('counts the confusion table over items both rated (hand-computed κ)', () => {
    const a = ['x', 'x', 'y', 'y', null]
    const b = ['x', 'y', 'y', 'y', 'x']
    const p = pairAgreement(a, b)
    expect(p.items).toBe(4)
    expect(p.labels).toEqual(['x', 'y'])
    expect(p.counts).toEqual([
      [1, 1],
      [0, 2]
    ])
    // po = 3/4, pe = (2/4)(1/4) + (2/4)(3/4) = 1/2 → κ = 0.5
    expect(p.observed).toBeCloseTo(0.75, 12)
    expect(p.cohenKappa).toBeCloseTo(0.5, 12)
  })
})
