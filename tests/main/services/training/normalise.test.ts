/**
 * Per-speaker normalisation (issue 14): every speaker — test speakers included — is z-normalised by the statistics
 * of its own frames, which needs no label; the fold's training statistics remain the paper's default.
 */
import { describe, expect, it } from 'vitest'
import type { DatasetUtterance } from '../../../../src/main/services/training/dataset-file'
import {
  normalised,
  normalisedByUtterance,
  normStats,
  speakerKey,
  utteranceNorms
} from '../../../../src/main/services/training/normalise'
import { mulberry32 } from '../../../../src/main/services/training/prng'

const DIMS = 3

/** Speakers with their own offsets and scales, random frame counts, random labels */
function dataset(labels: number[]) {
  const random = mulberry32(7)
  const speakers = ['a', 'a', 'b', 'b', 'b', 'c', 'c', 'd']
  const utterances: DatasetUtterance[] = []
  const values: number[] = []
  let offset = 0
  speakers.forEach((speaker, i) => {
    const frames = 3 + Math.floor(random() * 5)
    const shift = speaker.charCodeAt(0) * 2
    for (let t = 0; t < frames * DIMS; t++) values.push(shift + (1 + (t % DIMS)) * (random() - 0.5) * 4)
    utterances.push({
      id: `u${i}`,
      session: '1',
      speaker,
      offset,
      frames,
      label: labels[i],
      activation: -1,
      valence: -1
    })
    offset += frames
  })
  return { meta: { dims: DIMS, utterances }, data: new Float32Array(values) }
}

const fold = (meta: { dims: number; utterances: DatasetUtterance[] }, data: Float32Array, train: number[]) =>
  normStats({ ...meta, names: [], maxFrames: 10 } as never, data, train)

describe('per-speaker normalisation', () => {
  it('gives every speaker mean 0 and sd 1 over its own frames', () => {
    const { meta, data } = dataset([0, 1, 2, 0, 1, 2, 0, 1])
    const out = normalisedByUtterance(meta, data, utteranceNorms(meta, data, fold(meta, data, [0, 1, 2]), 'speaker'))
    for (const speaker of ['a', 'b', 'c', 'd']) {
      const rows = meta.utterances.filter((u) => u.speaker === speaker)
      for (let j = 0; j < DIMS; j++) {
        const xs = rows.flatMap((u) => Array.from({ length: u.frames }, (_, t) => out[(u.offset + t) * DIMS + j]))
        const m = xs.reduce((a, b) => a + b, 0) / xs.length
        expect(m).toBeCloseTo(0, 4)
        expect(Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length)).toBeCloseTo(1, 3)
      }
    }
  })

  it('never reads a label: shuffled labels give identical features', () => {
    const a = dataset([0, 1, 2, 0, 1, 2, 0, 1])
    const b = dataset([2, 2, 0, 1, 0, 1, 1, 0])
    const fa = normalisedByUtterance(
      a.meta,
      a.data,
      utteranceNorms(a.meta, a.data, fold(a.meta, a.data, [0, 1]), 'speaker')
    )
    const fb = normalisedByUtterance(
      b.meta,
      b.data,
      utteranceNorms(b.meta, b.data, fold(b.meta, b.data, [0, 1]), 'speaker')
    )
    expect(Array.from(fb)).toEqual(Array.from(fa))
  })

  it("a test speaker's features depend on its own frames only, not on any other speaker's", () => {
    const { meta, data } = dataset([0, 1, 2, 0, 1, 2, 0, 1])
    const test = meta.utterances.filter((u) => u.speaker === 'd')
    const before = normalisedByUtterance(meta, data, utteranceNorms(meta, data, fold(meta, data, [0, 1, 2]), 'speaker'))
    // every other speaker's frames changed beyond recognition
    const changed = data.slice()
    for (const u of meta.utterances.filter((x) => x.speaker !== 'd'))
      for (let k = u.offset * DIMS; k < (u.offset + u.frames) * DIMS; k++) changed[k] = changed[k] * 9 + 100
    const after = normalisedByUtterance(
      meta,
      changed,
      utteranceNorms(meta, changed, fold(meta, changed, [0, 1, 2]), 'speaker')
    )
    for (const u of test) {
      const span = [u.offset * DIMS, (u.offset + u.frames) * DIMS]
      expect(Array.from(after.slice(span[0], span[1]))).toEqual(Array.from(before.slice(span[0], span[1])))
    }
  })

  it("'fold' is the paper's normalisation: the fold's training statistics for every utterance", () => {
    const { meta, data } = dataset([0, 1, 2, 0, 1, 2, 0, 1])
    const norm = fold(meta, data, [0, 1, 2])
    const norms = utteranceNorms(meta, data, norm, 'fold')
    expect(norms.every((n) => n === norm)).toBe(true)
    expect(Array.from(normalisedByUtterance(meta, data, norms))).toEqual(Array.from(normalised(data, DIMS, norm)))
  })

  it('groups by speaker, then session; a speed-perturbed copy is a speaker of its own; neither → the fold', () => {
    expect(speakerKey({ speaker: 'a', session: '1' })).toBe('speaker a')
    expect(speakerKey({ speaker: null, session: '1' })).toBe('session 1')
    expect(speakerKey({ speaker: 'a', session: null, speed: 0.9 })).toBe('speaker a sp0.9')
    expect(speakerKey({ speaker: null, session: null })).toBeNull()
    const { meta, data } = dataset([0, 1, 2, 0, 1, 2, 0, 1])
    meta.utterances[7] = { ...meta.utterances[7], speaker: null, session: null }
    const norm = fold(meta, data, [0, 1])
    expect(utteranceNorms(meta, data, norm, 'speaker')[7]).toBe(norm)
  })
})

describe('bad input: no NaN ever leaves normalisation', () => {
  it('a single-utterance speaker uses its own frames; one frame (sd 0) is centred only, not divided by 0', () => {
    const { meta, data } = dataset([0, 1, 0, 1, 0, 1, 0, 1])
    const norms = utteranceNorms(meta, data, fold(meta, data, [0, 1, 2]), 'speaker')
    const out = normalisedByUtterance(meta, data, norms)
    // speaker d has one utterance (index 7): z-normalised by its own frames, so each dim has mean 0 there
    const d = meta.utterances[7]
    for (let j = 0; j < DIMS; j++) {
      let m = 0
      for (let t = 0; t < d.frames; t++) m += out[(d.offset + t) * DIMS + j]
      expect(m / d.frames).toBeCloseTo(0, 5)
    }
    // a speaker whose only utterance is one frame: mean = that frame, sd 0 → the documented fallback sd 1
    const one = { dims: DIMS, utterances: [{ ...meta.utterances[0], speaker: 'solo', offset: 0, frames: 1 }] }
    const frame = Float32Array.from([4, -2, 9])
    const [n] = utteranceNorms(one, frame, { mean: [0, 0, 0], std: [1, 1, 1] }, 'speaker')
    expect(n).toEqual({ mean: [4, -2, 9], std: [1, 1, 1] })
    expect(Array.from(normalisedByUtterance(one, frame, [n]))).toEqual([0, 0, 0])
  })

  it('a missing (NaN) or infinite value is left out of the statistics and becomes 0, the mean', () => {
    const { meta, data } = dataset([0, 1, 0, 1, 0, 1, 0, 1])
    const clean = fold(meta, data, [0, 1, 2])
    const holed = Float32Array.from(data)
    const u = meta.utterances[1]
    holed[u.offset * DIMS + 1] = Number.NaN // utterance 1, first frame, dim 1
    holed[(u.offset + 1) * DIMS + 2] = Number.POSITIVE_INFINITY
    const stats = fold(meta, holed, [0, 1, 2])
    for (const v of [...stats.mean, ...stats.std]) expect(Number.isFinite(v)).toBe(true)
    expect(stats.mean[0]).toBeCloseTo(clean.mean[0], 6) // dim 0 is untouched
    expect(stats.mean[1]).not.toBeCloseTo(clean.mean[1], 6) // dim 1 lost one value
    for (const out of [
      normalised(holed, DIMS, stats),
      normalisedByUtterance(meta, holed, utteranceNorms(meta, holed, stats, 'speaker'))
    ]) {
      expect(Array.from(out).every(Number.isFinite)).toBe(true)
      expect(out[u.offset * DIMS + 1]).toBe(0)
      expect(out[(u.offset + 1) * DIMS + 2]).toBe(0)
    }
  })
})
