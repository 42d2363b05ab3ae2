/**
 * `interop.exportModel` for baseline and fusion runs (services/interop/model-export.ts), on really trained runs of
 * the tiny corpus: a baseline fold exports its linear model (no tfjs files to invent), a fusion fold its CNN, its
 * linear model and its weight — and the exported linear model, fed the held-out speakers' functionals, gives the
 * probabilities the run stored for them.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { savedBaselineProbabilities } from '../../../../src/main/services/baseline/baseline-scoring'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import { createDispatcher } from '../../../../src/main/transports/dispatch'
import type { ExportModelResult } from '../../../../src/shared/api/interop'
import type { StartTrainingRequest } from '../../../../src/shared/api/training'
import { tempDir } from '../../../helpers/temp-dir'
import { importTiny, TINY_TRAIN } from '../../../helpers/tiny-iemocap'

let s: Services
let dir: string
let cleanup: () => void

async function train(req: StartTrainingRequest): Promise<string> {
  const { runId } = await s.training.start({ ...TINY_TRAIN, epochs: 2, ...req })
  const run = await s.training.wait(runId)
  expect(run.status, run.error ?? '').toBe('done')
  return runId
}

const exportRun = async (runId: string, name: string) =>
  (await createDispatcher(s).call('interop.exportModel', { runId, out: join(dir, name) })) as ExportModelResult

beforeAll(async () => {
  const t = tempDir('ser-export-linear-')
  ;({ dir, cleanup } = t)
  s = createServices({ dbPath: join(t.dir, 'index.db') })
  await importTiny(s, t.dir)
}, 60_000)

afterAll(() => {
  s?.close()
  cleanup?.()
})

describe('exporting baseline and fusion runs', () => {
  it('a baseline fold exports its linear model, which reproduces the stored test probabilities', async () => {
    const runId = await train({ model: 'baseline' })
    const r = await exportRun(runId, 'baseline-out')
    const [f] = r.folds
    expect(f).toMatchObject({ fold: 0, tfjs: null, keras: null })
    expect(f.baseline).toBe(join(dir, 'baseline-out', 'fold-0', 'baseline'))
    const manifest = JSON.parse(readFileSync(join(dir, 'baseline-out', 'model-export.json'), 'utf8'))
    expect(manifest).toMatchObject({ runId, model: 'baseline', classes: ['neu', 'hap', 'ang', 'sad'] })
    expect(manifest.baseline).toMatch(/eGeMAPSv02 functionals/)

    const rows = s.training.predictions(runId)
    const speakers = rows.map((p) => s.corpus.utterance(p.utteranceId).speaker)
    const classes = manifest.classes as string[]
    const p = await savedBaselineProbabilities(
      s.features,
      f.baseline!,
      classes,
      rows.map((row) => row.utteranceId),
      speakers
    )
    rows.forEach((row, i) => classes.forEach((c, k) => expect(p[i][k]).toBeCloseTo(row.probabilities[c], 10)))
  }, 120_000)

  it('a fusion fold exports its CNN, its linear model and its weight', async () => {
    const runId = await train({ model: 'fusion', fusionWeight: 0.3 })
    const r = await exportRun(runId, 'fusion-out')
    const [f] = r.folds
    expect(f.tfjs).toBe(join(dir, 'fusion-out', 'fold-0', 'tfjs'))
    expect(f.fusionWeight).toBe(0.3)
    const fold = join(dir, 'fusion-out', 'fold-0')
    expect(JSON.parse(readFileSync(join(fold, 'fusion.json'), 'utf8'))).toEqual({ cnnWeight: 0.3 })
    const src = join(s.training.get(runId).dir, 'fold-0', 'model')
    expect(readFileSync(join(fold, 'baseline', 'baseline.json')).equals(readFileSync(join(src, 'baseline.json')))).toBe(
      true
    )
    expect(JSON.parse(readFileSync(join(fold, 'tfjs', 'norm.json'), 'utf8')).mean.length).toBeGreaterThan(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'fusion-out', 'model-export.json'), 'utf8'))
    expect(manifest.fusion).toMatch(/w·p_CNN \+ \(1 − w\)·p_baseline/)
  }, 120_000)

  it("a fold's further models (a second seed, an MFCC view) go out beside its first, each naming its input", async () => {
    const runId = await train({ model: 'fusion', fusionWeight: 0.5, ensembleSeeds: 2, extraFeatures: ['mfcc'] })
    const r = await exportRun(runId, 'views-out')
    const [f] = r.folds
    const fold = join(dir, 'views-out', 'fold-0')
    expect(f.members).toEqual([
      { tfjs: join(fold, 'tfjs-view-0-seed-2'), features: 'logmel', seed: 2 },
      { tfjs: join(fold, 'tfjs-view-1-seed-1'), features: 'mfcc', seed: 1 },
      { tfjs: join(fold, 'tfjs-view-1-seed-2'), features: 'mfcc', seed: 2 }
    ])
    // the MFCC view's model reads 13 dims, the log-Mel one 26
    const dims = (d: string) =>
      (JSON.parse(readFileSync(join(d, 'norm.json'), 'utf8')) as { mean: number[] }).mean.length
    expect(dims(f.tfjs!)).toBe(26)
    expect(dims(f.members![1].tfjs)).toBe(13)
  }, 180_000)
})
