/**
 * The protocol's one hard rule (docs/paper.md): speaker-independent folds, the dev split from the training groups only.
 * A property test over random corpora — sessions or not, speakers shared between sessions or not, missing speakers,
 * unbalanced classes, every fold option — checks on every plan that no test speaker or utterance is in its fold's
 * training or dev split, and, for whole-corpus plans, that each placeable utterance is tested exactly once.
 */
import { describe, expect, it } from 'vitest'
import type { PlannedUtterance } from '../../../../src/main/services/evaluation/fold-plan-view'
import { assertSpeakerIndependent, describeFolds } from '../../../../src/main/services/evaluation/fold-plan-view'
import type { FoldOptions } from '../../../../src/main/services/training/folds'
import { planFolds } from '../../../../src/main/services/training/folds'
import { mulberry32 } from '../../../../src/main/services/training/prng'

interface RandomCorpus {
  utterances: PlannedUtterance[]
  options: FoldOptions
}

/** A corpus drawn from a seed: 1–6 sessions (or none), 2–12 speakers, some speakers in several sessions. */
function randomCorpus(seed: number): RandomCorpus {
  const r = mulberry32(seed)
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1))
  const withSessions = r() < 0.7
  const sessions = int(2, 6)
  const speakers = int(2, 12)
  // some corpora have speakers who recorded in more than one session: leave-one-session-out alone would leak them
  const crossSession = r() < 0.4
  const home = Array.from({ length: speakers }, (_, s) => s % sessions)
  const utterances: PlannedUtterance[] = []
  const n = int(8, 80)
  for (let i = 0; i < n; i++) {
    const spk = int(0, speakers - 1)
    const session = crossSession && r() < 0.2 ? int(0, sessions - 1) : home[spk]
    utterances.push({
      id: `u${i}`,
      session: withSessions ? `S${session + 1}` : null,
      speaker: r() < 0.03 ? null : `spk${spk + 1}`,
      label: int(0, 3)
    })
  }
  // make sure there are at least two groups to hold out
  utterances.push({ id: 'a', session: withSessions ? 'S1' : null, speaker: 'spkA', label: 0 })
  utterances.push({ id: 'b', session: withSessions ? `S${sessions}` : null, speaker: 'spkB', label: 1 })
  const groups = new Set(utterances.map((u) => (withSessions ? u.session : u.speaker)).filter((g) => g !== null)).size
  const pickTest = withSessions && r() < 0.25
  return {
    utterances,
    options: {
      testSession: pickTest ? utterances[int(0, utterances.length - 1)].session : null,
      folds: !pickTest && r() < 0.4 ? int(2, groups) : null,
      devSplit: r() < 0.3 ? 'speaker' : 'utterances',
      devFraction: [0, 0.1, 0.2, 0.5][int(0, 3)],
      seed: int(0, 1000)
    }
  }
}

describe('fold planning (property over random corpora)', () => {
  it('never puts a test speaker or utterance into training or dev, and tests each utterance once', () => {
    let plans = 0
    for (let seed = 1; seed <= 400; seed++) {
      const { utterances, options } = randomCorpus(seed)
      let folds
      try {
        folds = planFolds(utterances, options)
      } catch (e) {
        // a plan may be impossible (one training speaker for a speaker dev split, a fold left without training
        // utterances); it must then say so, never return a leaking plan
        expect((e as { code?: string }).code, `seed ${seed}: ${(e as Error).message}`).toMatch(
          /FIELD_INVALID|NOT_FOUND/
        )
        continue
      }
      plans++
      expect(() => assertSpeakerIndependent(utterances, folds), `seed ${seed}`).not.toThrow()
      const unit = utterances.every((u) => u.session !== null) ? 'session' : 'speaker'
      for (const f of describeFolds(utterances, folds)) {
        // the dev split comes from the training groups only
        expect(
          f.testGroups.some((g) => f.trainGroups.includes(g)),
          `seed ${seed} fold ${f.fold}`
        ).toBe(false)
        for (const s of f.testSpeakers) {
          expect(f.trainSpeakers, `seed ${seed}`).not.toContain(s)
          expect(f.devSpeakers, `seed ${seed}`).not.toContain(s)
        }
      }
      if (options.testSession === null) {
        const tested = folds.flatMap((f) => f.test)
        expect(new Set(tested).size, `seed ${seed}: tested twice`).toBe(tested.length)
        const placeable = utterances.filter((u) => (unit === 'session' ? u.session : u.speaker) !== null).length
        expect(tested.length, `seed ${seed}: every placeable utterance tested`).toBe(placeable)
      }
    }
    // the generator must mostly produce possible plans, or the property says little
    expect(plans).toBeGreaterThan(250)
  })

  it('IEMOCAP-like: five sessions give five folds, each testing one session and its two speakers', () => {
    const utterances: PlannedUtterance[] = []
    for (let s = 1; s <= 5; s++)
      for (const g of ['F', 'M'])
        for (let i = 0; i < 6; i++)
          utterances.push({ id: `Ses0${s}${g}_${i}`, session: `${s}`, speaker: `Ses0${s}${g}`, label: i % 4 })
    const folds = planFolds(utterances, {
      testSession: null,
      folds: null,
      devSplit: 'utterances',
      devFraction: 0.2,
      seed: 1
    })
    const view = describeFolds(utterances, folds)
    expect(view.map((f) => f.testGroups)).toEqual([['1'], ['2'], ['3'], ['4'], ['5']])
    expect(view[2]).toMatchObject({ testSpeakers: ['Ses03F', 'Ses03M'], trainGroups: ['1', '2', '4', '5'], test: 12 })
    expect(view[2].train + view[2].dev).toBe(48)
  })

  it('reports a stored plan that leaks, naming the fold and the speaker', () => {
    const utterances: PlannedUtterance[] = [
      { id: 'x', session: '1', speaker: 'A', label: 0 },
      { id: 'y', session: '2', speaker: 'A', label: 1 },
      { id: 'z', session: '2', speaker: 'B', label: 1 }
    ]
    const leaking = [{ fold: 0, testGroups: ['1'], train: [1, 2], dev: [], test: [0] }]
    expect(() => assertSpeakerIndependent(utterances, leaking)).toThrow(/fold 1 tests speaker A \(utterance y\)/)
  })
})
