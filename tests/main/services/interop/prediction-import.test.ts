/**
 * Predictions of a model trained elsewhere imported as a run (docs/interop.md), on a real index of the tiny corpus:
 * the run is stored like a trained one (metrics equal to counting the file by hand, the evaluation area's fold plan
 * and metrics, the second look, runs.list marking it imported), and every bad file is refused naming its file,
 * line and column: unknown ids, classes that do not match, a fold missing some of its test utterances, probabilities
 * that do not sum to 1.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import { PROBABILITY_TOLERANCE } from '../../../../src/main/services/interop/prediction-csv'
import { createDispatcher } from '../../../../src/main/transports/dispatch'
import { toClassSet } from '../../../../src/shared/domain/categories'
import type { Utterance } from '../../../../src/shared/domain/corpus'
import { tempDir } from '../../../helpers/temp-dir'
import { importTiny } from '../../../helpers/tiny-iemocap'

const CLASSES = ['neu', 'hap', 'ang', 'sad'] as const
let s: Services
let dir: string
let cleanup: () => void
let labelled: Utterance[]

beforeAll(async () => {
  const t = tempDir('ser-import-preds-')
  ;({ dir, cleanup } = t)
  s = createServices({ dbPath: join(dir, 'index.db') })
  await importTiny(s, dir)
  labelled = s.corpus.utterances().filter((u) => toClassSet(u.category, CLASSES) !== null)
}, 120_000)

afterAll(() => {
  s?.close()
  cleanup?.()
})

/** A deterministic "model": right on every third utterance's neighbour class, else right with p = 0.7 */
function probabilities(u: Utterance, k: number): number[] {
  const truth = CLASSES.indexOf(toClassSet(u.category, CLASSES) as (typeof CLASSES)[number])
  const hit = k % 3 !== 0 ? truth : (truth + 1) % 4
  return CLASSES.map((_, c) => (c === hit ? 0.7 : 0.1))
}

function csv(
  rows: { id: string; fold: number | string; p: (number | string)[] }[],
  header = `id,fold,${CLASSES.join(',')}`
): string {
  const file = join(dir, `p-${Math.random().toString(36).slice(2)}.csv`)
  writeFileSync(file, [header, ...rows.map((r) => [r.id, r.fold, ...r.p].join(','))].join('\n') + '\n')
  return file
}

const allRows = () => labelled.map((u, k) => ({ id: u.id, fold: Number(u.session) - 1, p: probabilities(u, k) }))

describe('runs.import', () => {
  it('stores an ordinary done run: metrics from the file, folds per session, marked imported', async () => {
    const d = createDispatcher(s)
    const file = csv(allRows())
    const r = (await d.call('runs.import', { file, name: 'external wavlm' })) as {
      runId: string
      metrics: { wa: number; confusion: { matrix: number[][] } }
      folds: { testGroups: string[] }[]
    }
    const hits = labelled.filter((_, k) => k % 3 !== 0).length
    expect(r.metrics.wa).toBeCloseTo(hits / labelled.length, 12)
    expect(r.folds.map((f) => f.testGroups)).toEqual([['1'], ['2'], ['3']])
    expect(r.metrics.confusion.matrix.flat().reduce((a, b) => a + b, 0)).toBe(labelled.length)

    const listed = s.training.list().find((x) => x.id === r.runId)!
    expect(listed).toMatchObject({
      status: 'done',
      folds: 3,
      testUtterances: labelled.length,
      source: { kind: 'imported', name: 'external wavlm', file }
    })
    expect(listed.metrics!.wa).toBe(r.metrics.wa)

    const ev = (await d.call('evaluation.metrics', { runId: r.runId })) as {
      category: { pooled: { wa: number }; folds: unknown[] }
    }
    expect(ev.category.pooled.wa).toBe(r.metrics.wa)
    expect(ev.category.folds).toHaveLength(3)
    const plan = (await d.call('evaluation.folds', { runId: r.runId })) as {
      unit: string
      folds: { testGroups: string[] }[]
    }
    expect(plan.unit).toBe('session')
    // the second look sees the confident misses (p = 0.7 on the wrong class)
    const review = (await d.call('evaluation.secondLook', { runId: r.runId, limit: 1000 })) as {
      id: string
      predicted: string
    }[]
    expect(review.length).toBe(labelled.length - hits)
    await expect(d.call('evaluation.score', { runId: r.runId, session: '2' })).rejects.toThrow(
      /imported from .*not a model/
    )
  })

  it('takes the class columns in any order, and one fold alone', async () => {
    const order = ['sad', 'neu', 'ang', 'hap'] as const
    const rows = allRows()
      .filter((x) => x.fold === 2)
      .map((x) => ({ ...x, p: order.map((c) => x.p[CLASSES.indexOf(c)]) }))
    const r = (await createDispatcher(s).call('runs.import', {
      file: csv(rows, `id,fold,${order.join(',')}`),
      name: 'one fold'
    })) as { runId: string; metrics: { wa: number } }
    const expected = labelled.map((u, k) => ({ u, k })).filter(({ u }) => u.session === '3')
    expect(r.metrics.wa).toBeCloseTo(expected.filter(({ k }) => k % 3 !== 0).length / expected.length, 12)
    expect(s.training.get(r.runId).config.testSession).toBe('3')
  })

  it('refuses an unknown id, naming file, line and column', async () => {
    const rows = allRows()
    rows[4] = { ...rows[4], id: 'Ses09X_nothing' }
    const file = csv(rows)
    await expect(createDispatcher(s).call('runs.import', { file, name: 'x' })).rejects.toThrow(
      `${file}:6: column id: no utterance 'Ses09X_nothing'`
    )
  })

  it("refuses class columns that are not the run's classes", async () => {
    const file = csv(
      allRows().map((r) => ({ ...r, p: [...r.p.map((x) => +(x * 0.9).toFixed(4)), 0.1] })),
      `id,fold,${CLASSES.join(',')},fru`
    )
    await expect(createDispatcher(s).call('runs.import', { file, name: 'x' })).rejects.toThrow(
      `${file}:1: the class columns neu,hap,ang,sad,fru do not match the run's classes neu,hap,ang,sad`
    )
    const bad = csv(allRows(), 'id,fold,neu,hap,ang,xyz')
    await expect(createDispatcher(s).call('runs.import', { file: bad, name: 'x' })).rejects.toThrow(
      `${bad}:1: column 6: 'xyz' is not a category code`
    )
  })

  it("refuses a fold that lacks some of its test session's utterances", async () => {
    const rows = allRows()
    const gone = rows
      .filter((r) => r.fold === 1)
      .slice(0, 2)
      .map((r) => r.id)
    const file = csv(rows.filter((r) => !gone.includes(r.id)))
    await expect(createDispatcher(s).call('runs.import', { file, name: 'x' })).rejects.toThrow(
      new RegExp(`fold 1 tests session 2 but lacks 2 of its \\d+ utterances in neu,hap,ang,sad: ${gone.join(', ')}`)
    )
  })

  it(`refuses probabilities that do not sum to 1 (beyond ${PROBABILITY_TOLERANCE}), and a session split over folds`, async () => {
    const rows = allRows()
    rows[2] = { ...rows[2], p: [0.5, 0.2, 0.2, 0.05] }
    const file = csv(rows)
    await expect(createDispatcher(s).call('runs.import', { file, name: 'x' })).rejects.toThrow(
      `${file}:4: the probabilities sum to 0.95, not 1`
    )
    const ok = allRows()
    ok[2] = { ...ok[2], p: [0.704, 0.1, 0.1, 0.1] } // 1.004: rounding, inside the tolerance
    await expect(createDispatcher(s).call('runs.import', { file: csv(ok), name: 'rounded' })).resolves.toMatchObject({
      name: 'rounded'
    })
    const split = allRows()
    const i = split.findIndex((r, k) => k > 0 && r.fold === split[0].fold)
    split[i] = { ...split[i], fold: 7 }
    const f2 = csv(split)
    await expect(createDispatcher(s).call('runs.import', { file: f2, name: 'x' })).rejects.toThrow(
      `${f2}:${i + 2}: column fold: session 1 is tested in fold 0 (line 2) and in fold 7`
    )
  })
})
