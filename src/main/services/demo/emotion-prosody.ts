import type { CategoryCode } from '../../../shared/domain/categories'
import type { Gender } from '../../../shared/domain/corpus'
import type { Random } from './seeded-random'
import type { Prosody } from './speech-synth'

export interface SyntheticSpeaker {
  gender: Gender
  /** The speaker's neutral F0 in Hz */
  f0: number
  formantScale: number
}

export function syntheticSpeaker(gender: Gender, rng: Random): SyntheticSpeaker {
  return gender === 'F'
    ? { gender, f0: rng.uniform(190, 230), formantScale: rng.uniform(1.12, 1.2) }
    : { gender, f0: rng.uniform(100, 130), formantScale: rng.uniform(0.97, 1.03) }
}

/**
 * How each category moves the speaker's voice away from neutral (directions after Banse & Scherer 1996 and
 * Scherer 2003): factors on F0, semitone ranges, tempo, level and voice quality. Only the 4 classes and the few
 * codes the demo uses are distinct; everything else sounds neutral-ish.
 */
const EFFECTS: Partial<Record<CategoryCode, Omit<Prosody, 'f0' | 'formantScale'> & { f0Factor: number }>> = {
  neu: {
    f0Factor: 1.0,
    f0RangeSt: 2,
    f0DriftSt: -2,
    rate: 4.0,
    levelDb: -12,
    tilt: 0.9,
    breathiness: 0.15,
    jitter: 0.01
  },
  hap: {
    f0Factor: 1.3,
    f0RangeSt: 6,
    f0DriftSt: 1,
    rate: 5.0,
    levelDb: -8,
    tilt: 0.86,
    breathiness: 0.1,
    jitter: 0.012
  },
  exc: {
    f0Factor: 1.35,
    f0RangeSt: 7,
    f0DriftSt: 2,
    rate: 5.3,
    levelDb: -7,
    tilt: 0.85,
    breathiness: 0.1,
    jitter: 0.012
  },
  ang: {
    f0Factor: 1.15,
    f0RangeSt: 4,
    f0DriftSt: -5,
    rate: 5.5,
    levelDb: -4,
    tilt: 0.8,
    breathiness: 0.05,
    jitter: 0.02
  },
  sad: {
    f0Factor: 0.88,
    f0RangeSt: 1,
    f0DriftSt: -3,
    rate: 2.8,
    levelDb: -20,
    tilt: 0.95,
    breathiness: 0.45,
    jitter: 0.015
  },
  fru: {
    f0Factor: 1.08,
    f0RangeSt: 3,
    f0DriftSt: -3,
    rate: 4.6,
    levelDb: -9,
    tilt: 0.85,
    breathiness: 0.15,
    jitter: 0.015
  }
}

/** Prosody of one utterance: the category's effect on the speaker, with some per-utterance variation. */
export function prosodyFor(category: CategoryCode, speaker: SyntheticSpeaker, rng: Random): Prosody {
  const e = EFFECTS[category] ?? EFFECTS.neu!
  const wobble = (x: number, rel: number) => x * (1 + rel * rng.normal())
  return {
    f0: wobble(speaker.f0 * e.f0Factor, 0.05),
    f0RangeSt: Math.max(0.5, wobble(e.f0RangeSt, 0.2)),
    f0DriftSt: e.f0DriftSt + rng.normal(),
    rate: wobble(e.rate, 0.08),
    levelDb: e.levelDb + 1.5 * rng.normal(),
    tilt: Math.min(0.97, Math.max(0.75, e.tilt + 0.01 * rng.normal())),
    breathiness: Math.max(0, e.breathiness + 0.03 * rng.normal()),
    jitter: e.jitter,
    formantScale: speaker.formantScale
  }
}

/** Typical valence/activation/dominance (1–5) of each category, around which the synthetic raters vary. */
export const TYPICAL_VAD: Partial<Record<CategoryCode, [number, number, number]>> = {
  neu: [3, 2.5, 3],
  hap: [4, 3.5, 3],
  exc: [4, 4, 3.5],
  ang: [1.5, 4, 4],
  sad: [1.5, 2, 2],
  fru: [2, 3.5, 3]
}
