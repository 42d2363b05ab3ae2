/**
 * Issue 14's bad input, each a clear error naming its field or a documented fallback (docs/training.md), never NaN
 * metrics: option combinations that make no sense; per-speaker normalisation on a corpus without speakers; a class
 * with no training utterance in a fold, through a real fusion run (CNN in a child, baseline here) and held-out
 * scoring of it. (Single-utterance speakers and missing values: baseline-norm.test.ts, normalise.test.ts,
 * functionals.test.ts.)
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeWav } from '../../../../src/main/services/audio/wav-encoder'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import { resolveRunConfig } from '../../../../src/main/services/training/run-config'
import { createDispatcher } from '../../../../src/main/transports/dispatch'
import type { StartTrainingRequest } from '../../../../src/shared/api/training'
import type { HeldOutScore } from '../../../../src/shared/domain/evaluation'
import { tempDir } from '../../../helpers/temp-dir'

const RATE = 16000
const TONE = { neu: 180, hap: 320, ang: 260, sad: 140 } as const

/**
 * Tones in a folder corpus: 3 sessions × 2 speakers, neu/hap/ang in every session, sad only in session s3 — so the
 * fold that tests s3 has no sad utterance to train on. `speakers: false` leaves the speaker column empty (and
 * names the files apart: utterance ids come from file names).
 */
function writeTones(dir: string, speakers: boolean): string {
  mkdirSync(dir, { recursive: true })
  const rows = ['path,speaker,session,category,valence,arousal,dominance']
  let k = 0
  for (const session of ['s1', 's2', 's3'])
    for (const speaker of ['a', 'b'])
      for (const cat of ['neu', 'hap', 'ang', 'neu', 'hap', 'ang', ...(session === 's3' ? ['sad', 'sad'] : [])]) {
        const f0 = TONE[cat as keyof typeof TONE] * (speaker === 'a' ? 1 : 1.15) * (1 + 0.02 * (k % 3))
        const n = Math.round(RATE * 0.6)
        const x = new Float32Array(n)
        for (let t = 0; t < n; t++)
          x[t] = 0.3 * Math.sin((2 * Math.PI * f0 * t) / RATE) * (0.6 + 0.4 * Math.sin((2 * Math.PI * 3 * t) / RATE))
        const name = `${speakers ? 'spk' : 'anon'}-${session}-${speaker}-${String(k++).padStart(2, '0')}-${cat}.wav`
        writeFileSync(join(dir, name), encodeWav([x], RATE))
        rows.push(`${name},${speakers ? `${session}${speaker}` : ''},${session},${cat},3,3,3`)
      }
  writeFileSync(join(dir, 'manifest.csv'), rows.join('\n') + '\n')
  return dir
}

let s: Services
let cleanup: () => void
let tones: string
let noSpeakers: string

beforeAll(async () => {
  const t = tempDir('ser-bad-input-')
  cleanup = t.cleanup
  s = createServices({ dbPath: join(t.dir, 'index.db') })
  const load = async (name: string, speakers: boolean) => {
    const dir = writeTones(join(t.dir, name), speakers)
    return (await s.importer.importCorpus({ kind: 'folder', dir, name, manifest: join(dir, 'manifest.csv') })).corpus
  }
  tones = await load('tones', true)
  noSpeakers = await load('anon', false)
}, 60_000)

afterAll(() => {
  s?.close()
  cleanup?.()
})

const resolve = (req: StartTrainingRequest) => resolveRunConfig({ corpusId: tones, ...req }, s.corpus)

describe('option combinations that make no sense name their field', () => {
  it.each([
    [{ model: 'cnn' as const, fusionWeight: 0.5 }, 'fusionWeight'],
    [{ model: 'attentive-cnn' as const, fusionWeight: 0 }, 'fusionWeight'],
    [{ model: 'baseline' as const, fusionWeight: 1 }, 'fusionWeight'],
    [{ model: 'attentive-cnn' as const, classifier: 'lr' as const }, 'classifier'],
    [{ model: 'fusion' as const, devFraction: 0 }, 'devFraction']
  ])('%j is an error naming %s', (req, field) => {
    expect(() => resolve(req)).toThrow(
      expect.objectContaining({ field, message: expect.stringMatching(new RegExp(`^${field}: `)) })
    )
  })

  it('a fixed fusion weight needs no dev split; a weight outside [0, 1] is refused by the schema, naming it', async () => {
    expect(resolve({ model: 'fusion', devFraction: 0, fusionWeight: 0.5 })).toMatchObject({ fusionWeight: 0.5 })
    await expect(
      createDispatcher(s).call('training.start', { corpusId: tones, model: 'fusion', fusionWeight: 1.5 })
    ).rejects.toMatchObject({ code: 'FIELD_INVALID', field: 'fusionWeight' })
  })

  it("per-speaker normalisation on a corpus without speakers names normalisation; baseline and fusion fall back to 'fold'", () => {
    expect(() => resolveRunConfig({ corpusId: noSpeakers, normalisation: 'speaker' }, s.corpus)).toThrow(
      expect.objectContaining({ field: 'normalisation', message: expect.stringMatching(/^normalisation: /) })
    )
    for (const model of ['baseline', 'fusion'] as const)
      expect(resolveRunConfig({ corpusId: noSpeakers, model }, s.corpus).normalisation).toBe('fold')
    expect(resolve({ model: 'fusion' }).normalisation).toBe('speaker')
  })
})

describe('a class with no training utterance in a fold', () => {
  it('a fusion run trains, tests it at recall 0 and reports finite metrics; so does held-out scoring', async () => {
    const { runId } = await s.training.start({
      corpusId: tones,
      model: 'fusion',
      classes: ['neu', 'hap', 'ang', 'sad'],
      testSession: 's3',
      classWeighting: 'inverse',
      fusionWeight: 0.5,
      epochs: 2,
      filters: 4,
      filterWidths: [3, 5],
      maxSeconds: 0.5,
      batchSize: 8,
      parallelFolds: 1
    })
    const run = await s.training.wait(runId)
    expect(run.status, run.error ?? '').toBe('done')
    // the fold trained on s1 and s2, where there is no sad (the documented fallback: the class is left out of the
    // baseline's model, probability 0; the CNN's class weight for it is 0)
    expect(s.training.get(runId).foldSummaries[0].testGroups).toEqual(['s3'])
    const m = run.metrics!
    for (const v of [m.wa, m.ua]) expect(Number.isFinite(v)).toBe(true)
    // sad is tested (4 utterances) and never learnt: recall 0, a number, not NaN
    expect(m.perClassRecall.sad).toBe(0)
    for (const p of s.training.predictions(runId)) {
      expect(Object.values(p.probabilities).every(Number.isFinite)).toBe(true)
      expect(Object.values(p.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5)
    }
    const scored = (await createDispatcher(s).call('evaluation.score', { runId, session: 's3' })) as HeldOutScore
    expect(scored.metrics.confusion).toEqual(m.confusion)
    expect(scored.metrics.perClassRecall.sad).toBe(0)
    expect(Number.isFinite(scored.metrics.ua) && Number.isFinite(scored.metrics.macroF1)).toBe(true)
    // another corpus whose utterances have no speaker: the baseline falls back to the fold's saved statistics and
    // the CNN to the session's own, and the score is still finite
    const other = (await createDispatcher(s).call('evaluation.score', {
      runId,
      session: 's3',
      corpusId: noSpeakers
    })) as HeldOutScore
    expect(other).toMatchObject({ corpusId: noSpeakers, fold: 0, utterances: 16 }) // s3: 2 × (6 + 2 sad)
    for (const v of [other.metrics.wa, other.metrics.ua, other.metrics.macroF1]) expect(Number.isFinite(v)).toBe(true)
  }, 180_000)
})
