/** Speaker-independent folds and a dev split drawn from the training side only. Pure functions, textbook cases. */
import { describe, expect, it } from 'vitest'
import type { FoldUtterance } from '../../../../src/main/services/training/folds'
import { planFolds } from '../../../../src/main/services/training/folds'
import { binRating, standardClasses } from '../../../../src/main/services/training/targets'

const options = { testSession: null, folds: null, devSplit: 'utterances' as const, devFraction: 0.2, seed: 7 }

/** 5 sessions × 2 speakers × 10 utterances, labels cycling over 4 classes */
function iemocapLike(): FoldUtterance[] {
  const out: FoldUtterance[] = []
  for (let s = 1; s <= 5; s++)
    for (const g of ['F', 'M'])
      for (let i = 0; i < 10; i++) out.push({ session: String(s), speaker: `Ses0${s}${g}`, label: i % 4 })
  return out
}

describe('folds', () => {
  it('leave-one-session-out: 5 folds, each utterance tested once, never trained or dev-ed in its own fold', () => {
    const u = iemocapLike()
    const plans = planFolds(u, options)
    expect(plans.map((p) => p.testGroups)).toEqual([['1'], ['2'], ['3'], ['4'], ['5']])
    expect(plans.flatMap((p) => p.test).sort((a, b) => a - b)).toEqual(u.map((_, i) => i))
    for (const p of plans) {
      const held = new Set(p.testGroups)
      for (const i of [...p.train, ...p.dev]) expect(held.has(u[i].session!)).toBe(false)
      expect(p.train.length + p.dev.length).toBe(80)
    }
  })

  it('a named test session gives one fold, and an unknown one is refused naming testSession', () => {
    const plans = planFolds(iemocapLike(), { ...options, testSession: '5' })
    expect(plans).toHaveLength(1)
    expect(plans[0].test).toHaveLength(20)
    expect(() => planFolds(iemocapLike(), { ...options, testSession: '9' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', field: 'testSession' })
    )
  })

  it('--folds K groups speakers in sorted order: RAVDESS-like 24 actors into 6 folds of 4', () => {
    const u: FoldUtterance[] = []
    for (let a = 24; a >= 1; a--)
      for (let i = 0; i < 3; i++) u.push({ session: null, speaker: `Actor_${String(a).padStart(2, '0')}`, label: i })
    const plans = planFolds(u, { ...options, folds: 6 })
    expect(plans.map((p) => p.testGroups)).toEqual(
      [0, 1, 2, 3, 4, 5].map((k) => [1, 2, 3, 4].map((j) => `Actor_${String(4 * k + j).padStart(2, '0')}`))
    )
  })

  it('the dev split is stratified (≈20 % of each class) and seeded', () => {
    const u = iemocapLike()
    const [p] = planFolds(u, { ...options, testSession: '1' })
    const perClass = [0, 1, 2, 3].map((c) => p.dev.filter((i) => u[i].label === c).length)
    // 8 training speakers × (3, 3, 2, 2) utterances of classes 0–3 = 24, 24, 16, 16 → 20 %: 5, 5, 3, 3
    expect(perClass).toEqual([5, 5, 3, 3])
    expect(planFolds(u, { ...options, testSession: '1' })[0].dev).toEqual(p.dev)
    expect(planFolds(u, { ...options, testSession: '1', seed: 8 })[0].dev).not.toEqual(p.dev)
  })

  it("devSplit 'speaker' holds out one whole training speaker", () => {
    const u = iemocapLike()
    const [p] = planFolds(u, { ...options, testSession: '1', devSplit: 'speaker' })
    expect(new Set(p.dev.map((i) => u[i].speaker)).size).toBe(1)
    expect(p.dev).toHaveLength(10)
    expect(p.train.some((i) => u[i].speaker === u[p.dev[0]].speaker)).toBe(false)
  })
})

describe('targets', () => {
  it('bins 1–5 ratings as low < 2.5 ≤ mid ≤ 3.5 < high, -1 when missing', () => {
    const t: [number, number] = [2.5, 3.5]
    expect([1, 2.49, 2.5, 3, 3.5, 3.51, 5].map((v) => binRating(v, t))).toEqual([0, 0, 1, 1, 1, 2, 2])
    expect(binRating(null, t)).toBe(-1)
  })

  it('uses each corpus kind’s standard class set', () => {
    expect(standardClasses('iemocap', [])).toEqual(['neu', 'hap', 'ang', 'sad'])
    expect(standardClasses('ravdess', [])).toHaveLength(8)
    expect(standardClasses('folder', ['sad', 'xxx', 'neu'])).toEqual(['neu', 'sad'])
  })
})
