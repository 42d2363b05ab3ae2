/**
 * Recipes end to end on a real index with real (tiny) training: a grid runs cell by cell with progress over the
 * whole grid, its report holds exactly the stored runs' numbers, a second start recomputes nothing, a cancelled cell
 * is resumed (same run) by the next start, and a relabelled utterance makes a stored cell stale.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import { staleReason } from '../../../../src/main/services/recipes/run-freshness'
import { createDispatcher } from '../../../../src/main/transports/dispatch'
import type { RecipeProgress, StartRecipeRequest } from '../../../../src/shared/api/recipes'
import { tempDir } from '../../../helpers/temp-dir'
import { importTiny, TINY_TRAIN } from '../../../helpers/tiny-iemocap'

let s: Services
let dir: string
let cleanup: () => void

const EXPERIMENT1: StartRecipeRequest = {
  kind: 'experiment1',
  features: ['logmel'],
  tasks: ['single', 'multi'],
  train: TINY_TRAIN
}

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('ser-recipes-'))
  s = createServices({ dbPath: join(dir, 'index.db') })
  await importTiny(s, dir)
}, 120_000)

afterAll(() => {
  s?.close()
  cleanup?.()
})

function collect(recipeId: () => string | null) {
  const progress: RecipeProgress[] = []
  let trainingEvents = 0
  const offs = [
    s.events.on('recipes.progress', (p) => p.recipeId === recipeId() && progress.push(p)),
    s.events.on('training.progress', () => trainingEvents++)
  ]
  return { progress, trainingEvents: () => trainingEvents, stop: () => offs.forEach((off) => off()) }
}

describe('recipe service', () => {
  let firstRuns: string[] = []

  it('runs experiment 1 cell by cell with progress over the grid, and its report holds the stored numbers', async () => {
    let id: string | null = null
    const seen = collect(() => id)
    const d = createDispatcher(s)
    id = ((await d.call('recipes.start', EXPERIMENT1)) as { recipeId: string }).recipeId
    const status = await s.recipes.wait(id)
    seen.stop()
    expect(status.status, status.error ?? '').toBe('done')
    expect(status.cells.map((c) => [c.key, c.status, c.reused])).toEqual([
      ['logmel/single', 'done', false],
      ['logmel/multi', 'done', false]
    ])
    // progress in fold-epochs over the whole grid: 2 cells × 1 fold × 1 epoch, ending full, one event per finished cell
    expect(seen.progress.every((p) => p.total === 2 && p.jobId === id)).toBe(true)
    expect(seen.progress[seen.progress.length - 1].done).toBe(2)
    expect(seen.progress.filter((p) => p.cell).map((p) => p.cell!.key)).toEqual(['logmel/single', 'logmel/multi'])
    firstRuns = status.cells.map((c) => c.runId!)

    const report = (await d.call('recipes.export', { recipeId: id, out: join(dir, 'report') })) as {
      dir: string
      files: { path: string }[]
    }
    expect(report.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'experiment1.md',
        'experiment1.csv',
        'experiment1-folds.csv',
        'experiment1.tex',
        'experiment1.json',
        'experiment1.svg',
        'experiment1.png',
        'confusion-logmel-single.svg',
        'confusion-logmel-multi.png',
        'training-logmel-multi.svg'
      ])
    )
    const csv = readFileSync(join(report.dir, 'experiment1.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','))
    const md = readFileSync(join(report.dir, 'experiment1.md'), 'utf8')
    for (const [i, runId] of firstRuns.entries()) {
      const stored = s.training.get(runId).metrics!
      expect(csv[i + 1][4]).toBe(runId)
      expect(Number(csv[i + 1][7])).toBeCloseTo(100 * stored.wa, 4)
      expect(Number(csv[i + 1][8])).toBeCloseTo(100 * stored.ua, 4)
      expect(md).toContain(`| ${(100 * stored.wa).toFixed(2)} | ${(100 * stored.ua).toFixed(2)} |`)
    }
    const json = JSON.parse(readFileSync(join(report.dir, 'experiment1.json'), 'utf8')) as {
      cells: { runId: string; wa: number; evaluation: { category: { pooled: { confusion: unknown } } } }[]
    }
    expect(json.cells[1].evaluation.category.pooled.confusion).toEqual(s.training.get(firstRuns[1]).metrics!.confusion)
  }, 300_000)

  it('recomputes nothing when started again: every cell reuses its stored run', async () => {
    const before = s.training.list().length
    let id: string | null = null
    const seen = collect(() => id)
    id = (await s.recipes.start(EXPERIMENT1)).recipeId
    const status = await s.recipes.wait(id)
    seen.stop()
    expect(status.status).toBe('done')
    expect(status.cells.map((c) => c.reused)).toEqual([true, true])
    expect(status.cells.map((c) => c.runId)).toEqual(firstRuns)
    expect(s.training.list()).toHaveLength(before)
    expect(seen.trainingEvents()).toBe(0)
    expect(status.done).toBe(status.total)
  }, 60_000)

  it('resumes a cancelled cell from its run on the next start instead of training a new one', async () => {
    // 20 epochs without early stopping, so the cancel lands long before the fold could finish
    const req: StartRecipeRequest = {
      kind: 'experiment2',
      lengths: [0.4],
      train: { ...TINY_TRAIN, maxSeconds: undefined, epochs: 20, earlyStoppingPatience: 0 }
    }
    const { recipeId } = await s.recipes.start(req)
    const off = s.events.on('training.progress', () => s.recipes.cancel(recipeId))
    const cancelled = await s.recipes.wait(recipeId)
    off()
    expect(cancelled.status).toBe('cancelled')
    const runId = cancelled.cells[0].runId!
    expect(s.training.get(runId).status).toBe('cancelled')

    const again = await s.recipes.wait((await s.recipes.start(req)).recipeId)
    expect(again.status, again.error ?? '').toBe('done')
    expect(again.cells[0]).toMatchObject({ runId, reused: false, status: 'done', key: '0.4s', maxSeconds: 0.4 })
    expect(s.training.list().filter((r) => r.config.maxSeconds === 0.4)).toHaveLength(1)
  }, 300_000)

  it('refuses a bad grid naming the field, before anything runs', async () => {
    const d = createDispatcher(s)
    await expect(d.call('recipes.start', { kind: 'experiment1', lengths: [1] })).rejects.toMatchObject({
      field: 'lengths'
    })
    await expect(d.call('recipes.start', { kind: 'experiment2', train: { maxSeconds: 2 } })).rejects.toMatchObject({
      field: 'train.maxSeconds'
    })
    await expect(d.call('recipes.start', { kind: 'experiment1', train: { testSession: '7' } })).rejects.toMatchObject({
      field: 'testSession'
    })
  })

  it('treats a stored run as stale once an utterance it trained on is relabelled', () => {
    const run = s.training.get(firstRuns[0])
    expect(staleReason(s.corpus, run.config, run.dir)).toBeNull()
    const used = JSON.parse(readFileSync(join(run.dir, 'dataset.json'), 'utf8')) as {
      utterances: { id: string; label: number }[]
    }
    const u = used.utterances[0]
    const other = run.config.classes.find((_, i) => i !== u.label)!
    s.labels.setLabel({ utteranceId: u.id, annotator: 'tester', category: other })
    expect(staleReason(s.corpus, run.config, run.dir)).toContain(
      `utterance ${u.id} was ${run.config.classes[u.label]}, now ${other}`
    )
  })
})
