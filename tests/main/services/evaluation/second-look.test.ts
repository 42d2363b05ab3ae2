/**
 * The second look ranks utterances by how much more the model believes its own class than the current label, keeps
 * unsupported disagreements only when confident, always keeps those where the model sides with outvoted raters, and
 * says why in words a labeller can act on.
 */
import { describe, expect, it } from 'vitest'
import type { RaterLabel } from '../../../../src/main/services/evaluation/second-look'
import { secondLook } from '../../../../src/main/services/evaluation/second-look'
import type { PredictionRow } from '../../../../src/main/services/training/run-store'

function row(id: string, trueLabel: string, probabilities: Record<string, number>, fold = 0): PredictionRow {
  const predicted = Object.entries(probabilities).sort((a, b) => b[1] - a[1])[0][0]
  return { fold, utteranceId: id, trueLabel, predicted, probabilities, activation: null, valence: null }
}

const rows = [
  // confident and wrong, all raters agree with the label
  row('sure-wrong', 'neu', { neu: 0.05, hap: 0.02, ang: 0.9, sad: 0.03 }),
  // unsure and wrong, nobody backs the model: below the confidence bar
  row('unsure-wrong', 'neu', { neu: 0.3, hap: 0.35, ang: 0.2, sad: 0.15 }),
  // unsure, but one of three raters heard what the model hears
  row('minority', 'neu', { neu: 0.3, hap: 0.05, ang: 0.05, sad: 0.6 }, 2),
  // the model agrees with the label: nothing to look at
  row('agrees', 'hap', { neu: 0.1, hap: 0.8, ang: 0.05, sad: 0.05 }),
  // relabelled since the run: judged against the current label
  row('relabelled', 'hap', { neu: 0.1, hap: 0.1, ang: 0.75, sad: 0.05 })
]

const labels: Record<string, string | null> = {
  'sure-wrong': 'neu',
  'unsure-wrong': 'neu',
  minority: 'neu',
  agrees: 'hap',
  relabelled: 'sad'
}
const raters: Record<string, RaterLabel[]> = {
  'sure-wrong': [
    { annotator: 'c:E1', category: 'neu' },
    { annotator: 'c:E2', category: 'neu' },
    { annotator: 'c:E3', category: 'neu' }
  ],
  minority: [
    { annotator: 'c:E1', category: 'neu' },
    { annotator: 'c:E2', category: 'sad' },
    { annotator: 'c:E3', category: 'neu' }
  ]
}

const look = (minConfidence = 0.5, limit = 50) =>
  secondLook({ rows, labelOf: (id) => labels[id] ?? null, ratersOf: (id) => raters[id] ?? [], minConfidence, limit })

describe('secondLook', () => {
  it('ranks by margin p(predicted) − p(label), dropping agreements and unsupported unsure disagreements', () => {
    const items = look()
    expect(items.map((i) => i.id)).toEqual(['sure-wrong', 'relabelled', 'minority'])
    expect(items[0].margin).toBeCloseTo(0.85, 12)
    expect(items[1].margin).toBeCloseTo(0.7, 12)
    expect(items[2].margin).toBeCloseTo(0.3, 12)
    expect(items.every((i) => i.label !== i.predicted)).toBe(true)
  })

  it('gives the JSON fields of docs/cli.md', () => {
    const [first] = look()
    expect(first).toMatchObject({ id: 'sure-wrong', label: 'neu', predicted: 'ang', kind: 'confident-disagreement' })
    expect(first.confidence).toBeCloseTo(0.9, 12)
    expect(first.reason).toBe(
      'the model predicts ang at p = 0.90 over 4 classes, the label neu only p = 0.05; all 3 raters said neu; fold 1 tested it, so its model never trained on it'
    )
  })

  it('names the raters the model sides with when they were outvoted', () => {
    const minority = look().find((i) => i.id === 'minority')!
    expect(minority.kind).toBe('sides-with-minority')
    expect(minority.reason).toContain('raters disagree (E1 and E3 said neu, E2 said sad)')
    expect(minority.reason).toContain('sides with the minority, E2: sad at p = 0.60')
    expect(minority.evaluators).toHaveLength(3)
  })

  it('judges against the current label and says that it changed since the run', () => {
    const r = look().find((i) => i.id === 'relabelled')!
    expect(r.label).toBe('sad')
    expect(r.reason).toContain('(the run trained on hap; relabelled sad since)')
  })

  it('takes the confidence bar and the limit', () => {
    expect(look(0).map((i) => i.id)).toContain('unsure-wrong')
    expect(look(0.95).map((i) => i.id)).toEqual(['minority'])
    expect(look(0.5, 1).map((i) => i.id)).toEqual(['sure-wrong'])
  })
})
