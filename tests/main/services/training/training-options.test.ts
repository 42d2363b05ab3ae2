/**
 * The training options of issue 14 end to end on the demo corpus (real trainer children, real features): every
 * option at once trains to finite metrics; speed-perturbed features are cached per factor; impossible combinations
 * and missing audio are errors naming the field or the file.
 */
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartTrainingRequest } from '../../../../src/shared/api/training'
import type { DatasetMeta } from '../../../../src/main/services/training/dataset-file'
import type { DemoIndex } from '../../../helpers/demo-index'
import { demoIndex } from '../../../helpers/demo-index'

const small: StartTrainingRequest = { filters: 16, filterWidths: [5, 10], epochs: 4, testSession: '5', maxSeconds: 2 }

let demo: DemoIndex
beforeAll(async () => {
  demo = await demoIndex({ turnsPerDialog: 6 })
})
afterAll(() => demo?.cleanup())

describe('training options for small real corpora', () => {
  it('all at once: speaker norm, class weights, balanced batches, speed, masks, noise, crops, plateau, averaging, 2 seeds', async () => {
    const { runId } = await demo.services.training.start({
      ...small,
      normalisation: 'speaker',
      classWeighting: 'inverse',
      balancedBatches: true,
      speedFactors: [0.9, 1, 1.1],
      specAugment: true,
      noiseSnrDb: [10, 30],
      randomCrop: true,
      lrSchedule: 'plateau',
      averageCheckpoints: 2,
      ensembleSeeds: 2
    })
    const run = await demo.services.training.wait(runId)
    expect(run.error).toBeNull()
    expect(run.status).toBe('done')
    expect(Number.isFinite(run.metrics!.ua)).toBe(true)
    expect(Number.isFinite(run.metrics!.wa)).toBe(true)
    const detail = demo.services.training.get(runId)
    expect(detail.config.normalisation).toBe('speaker')
    const meta = JSON.parse(readFileSync(join(detail.dir, 'dataset.json'), 'utf8')) as DatasetMeta
    // one copy per factor ≠ 1, made from the utterances, each about duration / factor
    expect(meta.variants).toHaveLength(2 * meta.utterances.length)
    const slow = meta.variants!.find((v) => v.speed === 0.9)!
    const source = meta.utterances[slow.source!]
    if (source.frames < meta.maxFrames) expect(slow.frames / source.frames).toBeCloseTo(1 / 0.9, 1)
    for (const p of demo.services.training.predictions(runId)) {
      expect(Object.values(p.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4)
    }
  })

  it('extra views: one CNN per input on the same folds, the run predicting the mean of the views alone', async () => {
    const train = async (req: StartTrainingRequest) => {
      const { runId } = await demo.services.training.start({ ...small, normalisation: 'speaker', ...req })
      const run = await demo.services.training.wait(runId)
      expect(run.error).toBeNull()
      return { run, rows: new Map(demo.services.training.predictions(runId).map((p) => [p.utteranceId, p])) }
    }
    const logmel = await train({ features: 'logmel' })
    const mfcc = await train({ features: 'mfcc' })
    const both = await train({ features: 'logmel', extraFeatures: ['mfcc'] })
    expect(both.rows.size).toBe(logmel.rows.size)
    for (const [id, p] of both.rows) {
      for (const [c, v] of Object.entries(p.probabilities)) {
        const mean = (logmel.rows.get(id)!.probabilities[c] + mfcc.rows.get(id)!.probabilities[c]) / 2
        expect(v).toBeCloseTo(mean, 6)
      }
    }
    // the stored curves are the main view's alone: the MFCC view's epochs went out live (tagged) and were not stored
    const epochs = (id: string) => demo.services.training.get(id).epochHistory.map((e) => [e.fold, e.loss, e.valLoss])
    expect(epochs(both.run.id)).toEqual(epochs(logmel.run.id))
    const dir = demo.services.training.get(both.run.id).dir
    const view = JSON.parse(readFileSync(join(dir, 'dataset-view1.json'), 'utf8')) as DatasetMeta
    expect(view.features).toBe('mfcc')
  })

  it('speed-perturbed features are cached as their own set, keyed by the factor', async () => {
    const id = demo.services.corpus.utterances({})[0].id
    const base = await demo.services.features.matrix(id, 'logmel')
    const fast = await demo.services.features.matrix(id, 'logmel', { speed: 1.1 })
    expect(Math.abs(fast.frames - base.frames / 1.1)).toBeLessThanOrEqual(2)
    const sets = demo.services.db
      .prepare("SELECT kind, config FROM feature_sets WHERE kind LIKE 'logmel%' ORDER BY kind")
      .all() as { kind: string; config: string }[]
    expect(sets.map((s) => s.kind)).toEqual(['logmel', 'logmel@speed0.9', 'logmel@speed1.1'])
    expect(sets[2].config).toContain('speed=1.1')
    // asking again reads the cache: the very same values
    expect(Array.from((await demo.services.features.matrix(id, 'logmel', { speed: 1.1 })).data)).toEqual(
      Array.from(fast.data)
    )
  })

  it.each([
    [{ noiseSnrDb: [10, 30], features: 'mfcc' }, 'noiseSnrDb'],
    [{ noiseSnrDb: [30, 10] }, 'noiseSnrDb'],
    [{ speedFactors: [0.9, 1.1] }, 'speedFactors'],
    [{ speedFactors: [1, 1] }, 'speedFactors'],
    [{ lrSchedule: 'plateau', devFraction: 0 }, 'lrSchedule'],
    [{ averageCheckpoints: 3, devFraction: 0 }, 'averageCheckpoints']
  ] as [StartTrainingRequest, string][])(
    'a combination that makes no sense (%j) is an error naming %s',
    async (req, field) => {
      await expect(demo.services.training.start({ ...small, ...req })).rejects.toMatchObject({ field })
    }
  )

  it('speed perturbation with an audio file missing fails the run with an error naming the file', async () => {
    const u = demo.services.corpus.utterances({})[3]
    rmSync(demo.services.corpus.audioPath(u.id))
    const { runId } = await demo.services.training.start({ ...small, speedFactors: [0.9, 1] })
    const run = await demo.services.training.wait(runId)
    expect(run.status).toBe('failed')
    expect(run.error).toContain(u.path)
  })
})
