/**
 * The maths behind the research charts (src/renderer/src/research): per-batch values recovered from the trainer's
 * running epoch means, TensorBoard's debiased smoothing, epoch values placed on epoch ends, fold means for a
 * comparison, and the config diff.
 */
import { describe, expect, it } from 'vitest'
import type { CurvePoint, RunDetail } from '@shared/domain/runs'
import { RUN_DEFAULTS } from '@shared/domain/runs'
import type { RunConfig } from '@shared/domain/training'
import { incomparable, metricRows, overlaidEpochs } from '@renderer/research/compare'
import { configDiff, configLine, lossName } from '@renderer/research/config-text'
import { foldCurve, liveSeries, meanOverFolds, smooth, trajectory } from '@renderer/research/curves'

/** Points as the trainer sends them: running means of the epoch so far, at some of the batches */
function runningMeans(fold: number, epoch: number, batchLosses: number[], at: number[]): CurvePoint[] {
  return at.map((b) => {
    const seen = batchLosses.slice(0, b)
    const mean = seen.reduce((s, v) => s + v, 0) / seen.length
    return { fold, epoch, batch: b, loss: mean, acc: 1 - mean, at: epoch * 1000 + b }
  })
}

const config = (over: Partial<RunConfig> = {}): RunConfig => ({
  ...RUN_DEFAULTS,
  corpusId: 'demo',
  classes: ['neu', 'hap', 'ang', 'sad'],
  ...over
})

describe('research curves', () => {
  it('recovers the mean of the batches between two points from two running means', () => {
    const losses = [4, 2, 3, 1, 5, 1]
    const points = runningMeans(0, 1, losses, [2, 3, 6])
    const c = foldCurve(points, 0, 6)
    // batches 1–2, batch 3, batches 4–6
    expect(c.loss).toEqual([3, 3, 7 / 3])
    expect(c.x).toEqual([2 / 6, 3 / 6, 1])
  })

  it('keeps the trained path: a resumed epoch replaces its interrupted points, a repeated point counts once', () => {
    const p = (epoch: number, batch: number): CurvePoint => ({
      fold: 0,
      epoch,
      batch,
      loss: 1,
      acc: 0.5,
      at: epoch * 10 + batch
    })
    const got = trajectory([p(1, 2), p(1, 4), p(2, 1), p(2, 2), p(2, 1), p(2, 2), p(2, 2), p(2, 4)], 0)
    expect(got.map((x) => `${x.epoch}:${x.batch}`)).toEqual(['1:2', '1:4', '2:1', '2:2', '2:4'])
  })

  it('smooths like TensorBoard: debiased from the first value, weight 0 is the identity', () => {
    expect(smooth([2, 2, 2], 0.9)).toEqual([2, 2, 2].map((v) => expect.closeTo(v, 12)))
    const s = smooth([0, 10], 0.5)
    expect(s[0]).toBe(0)
    expect(s[1]).toBeCloseTo((0.5 * 0 * 0.5 + 0.5 * 10) / (1 - 0.25), 12)
    expect(smooth([1, 5, 3], 0)).toEqual([1, 5, 3])
  })

  it('puts each epoch’s train and dev values on that epoch’s last point only', () => {
    const points = [...runningMeans(0, 1, [3, 3, 3, 3], [2, 4]), ...runningMeans(0, 2, [2, 2, 2, 2], [2, 4])]
    const epochs = [
      { fold: 0, epoch: 1, loss: 3, acc: 0.2, valLoss: 2.5, valAcc: 0.3 },
      { fold: 0, epoch: 2, loss: 2, acc: 0.4, valLoss: 2.2, valAcc: 0.35 }
    ]
    const s = liveSeries(points, epochs, 0, 4, 0)
    expect(s.loss[0]).toEqual([0.5, 1, 1.5, 2])
    expect(s.loss[3]).toEqual([null, 3, null, 2])
    expect(s.loss[4]).toEqual([null, 2.5, null, 2.2])
    expect(s.acc[4]).toEqual([null, 0.3, null, 0.35])
  })

  it('averages folds per epoch for a comparison, leaving epochs no fold reached empty', () => {
    const e = (fold: number, epoch: number, valLoss: number | null) => ({
      fold,
      epoch,
      loss: 1,
      acc: 0.5,
      valLoss,
      valAcc: null
    })
    expect(meanOverFolds([e(0, 1, 2), e(1, 1, 4), e(0, 2, 1), e(1, 3, null)], (x) => x.valLoss)).toEqual({
      x: [1, 2, 3],
      y: [3, 1, null]
    })
  })

  it('lines up runs of different lengths on one epoch axis, and marks the best score (ties too)', () => {
    const detail = (id: string, epochs: number, wa: number): RunDetail => ({
      id,
      corpusId: 'demo',
      config: config({ epochs }),
      backend: null,
      status: 'done',
      createdAt: '',
      startedAt: null,
      endedAt: null,
      seconds: 1,
      metrics: { wa, ua: 0.5, perClassRecall: { neu: 0.5 }, confusion: { labels: ['neu'], matrix: [[1]] } },
      trainUtterances: 1,
      testUtterances: 1,
      epochs,
      folds: 1,
      error: null,
      snapshot: null,
      foldSummaries: [],
      epochHistory: Array.from({ length: epochs }, (_, i) => ({
        fold: 0,
        epoch: i + 1,
        loss: 1 / (i + 1),
        acc: 0.5,
        valLoss: 2 / (i + 1),
        valAcc: 0.4,
        lr: 0.001,
        seconds: 1
      })),
      curve: [],
      dir: ''
    })
    const runs = [detail('a', 3, 0.6), detail('b', 2, 0.7)]
    const data = overlaidEpochs(runs, 'loss')
    expect(data[0]).toEqual([1, 2, 3])
    expect(data[1]).toEqual([2, 1, 2 / 3])
    expect(data[3]).toEqual([2, 1, null])
    const rows = metricRows(runs)
    expect(rows.find((r) => r.label === 'WA %')?.best).toEqual([1])
    expect(rows.find((r) => r.label === 'UA %')?.best).toEqual([0, 1])
    expect(incomparable(runs)).toEqual([])

    // a single-session test beside a LOSO run on five times the utterances: said why, and no best marked
    const loso = {
      ...detail('c', 2, 0.8),
      config: config({ epochs: 2, testSession: null }),
      folds: 5,
      testUtterances: 5
    }
    const single = { ...detail('d', 2, 0.6), config: config({ epochs: 2, testSession: '5' }) }
    expect(incomparable([single, loso])).toEqual([
      'protocol: test session 5 vs LOSO (5 folds)',
      'test set: 1 utterances vs 5 utterances'
    ])
    expect(metricRows([single, loso]).every((r) => r.best.length === 0)).toBe(true)
    const fewer = { ...detail('e', 2, 0.9), config: config({ epochs: 2, classes: ['neu', 'ang'] }) }
    expect(incomparable([runs[0], fewer])).toEqual([`classes: ${runs[0].config.classes.join(',')} vs neu,ang`])
  })

  it('names the loss a run minimises: cross-entropy single-task, J multi-task', () => {
    expect(lossName([config({ task: 'single' })])).toBe('cross-entropy')
    expect(lossName([config({ task: 'multi' })])).toBe('multi-task loss J')
    expect(lossName([config({ task: 'single' }), config({ task: 'multi' })])).toBe('cross-entropy / J')
  })

  it('diffs configs field by field', () => {
    const rows = configDiff([
      config({ features: 'mfcc', testSession: null }),
      config({ features: 'logmel', testSession: null })
    ])
    expect(rows.filter((r) => r.differs).map((r) => r.label)).toEqual(['features'])
    expect(rows.find((r) => r.label === 'test session')?.values).toEqual(['all (LOSO)', 'all (LOSO)'])
  })

  it("shows the real-corpus options and a run's views, so two workbench-style runs can be told apart", () => {
    const a = config({ features: 'egemaps', extraFeatures: ['mfcc'], classWeighting: 'inverse' })
    const b = config({ features: 'egemaps', extraFeatures: [], classWeighting: 'none' })
    const rows = configDiff([a, b])
    expect(rows.filter((r) => r.differs).map((r) => r.label)).toEqual(['extra views', 'class weighting'])
    expect(configLine(a)).toMatch(/^eGeMAPS.* \+ MFCC · /)
    expect(configLine({ ...a, model: 'baseline' })).toMatch(/^eGeMAPS functionals · /)
  })
})
