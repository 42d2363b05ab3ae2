/**
 * `ser recipe`, `ser evaluate` and `ser review` through the built CLI, as docs/cli.md specifies them: experiment 2
 * on a tiny corpus writes its curve and tables and prints the numbers; a second run reuses every cell; evaluate
 * scores the held-out session and refuses a seen one (exit 2, naming it); review prints the second-look fields.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO, ser, serJson } from '../../../helpers/run-ser'
import { tempDir } from '../../../helpers/temp-dir'
import { writeTinyIemocap } from '../../../helpers/tiny-iemocap'

interface RecipeJson {
  recipeId: string
  status: string
  cells: {
    key: string
    maxSeconds: number
    runId: string
    reused: boolean
    wa: number
    ua: number
    folds: { fold: number; testGroups: string[]; wa: number }[]
  }[]
  report: { dir: string; files: { path: string }[] } | null
}

let dir: string
let cleanup: () => void
let db: string
const RECIPE = [
  'recipe',
  'experiment2',
  '--lengths',
  '0.3,0.5',
  '--test-session',
  '3',
  '--epochs',
  '1',
  '--filters',
  '4',
  '--batch-size',
  '8',
  '--parallel-folds',
  '1'
]

beforeAll(() => {
  execFileSync('flock', ['/tmp/ser-build.lock', 'npx', 'electron-vite', 'build'], { cwd: REPO, stdio: 'ignore' })
  ;({ dir, cleanup } = tempDir('ser-eval-cli-'))
  db = join(dir, 'index.db')
  const imported = ser(['import', 'iemocap', writeTinyIemocap(dir), '--db', db])
  expect(imported.status, imported.stderr).toBe(0)
}, 300_000)

afterAll(() => cleanup?.())

describe('ser recipe / evaluate / review', () => {
  let first: RecipeJson

  it('ser recipe experiment2 --out DIR --json: the curve, the tables and the numbers, with a progress bar on stderr', () => {
    const out = join(dir, 'report')
    const r = serJson<RecipeJson>([...RECIPE, '--out', out, '--db', db])
    expect(r.status, r.stderr).toBe(0)
    first = r.json
    expect(first.status).toBe('done')
    expect(first.cells.map((c) => [c.key, c.maxSeconds, c.reused])).toEqual([
      ['0.3s', 0.3, false],
      ['0.5s', 0.5, false]
    ])
    expect(first.cells[0].folds).toEqual([expect.objectContaining({ fold: 0, testGroups: ['3'] })])
    for (const f of [
      'experiment2.md',
      'experiment2.csv',
      'experiment2.tex',
      'experiment2.json',
      'experiment2-curve.svg',
      'experiment2-curve.png',
      'confusion-0.3s.svg',
      'training-0.5s.png'
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true)
    }
    const svg = readFileSync(join(out, 'experiment2-curve.svg'), 'utf8')
    expect(svg).toContain('signal length kept (s)')
    const runs = serJson<{ id: string; metrics: { wa: number } }[]>(['runs', '--db', db]).json
    for (const c of first.cells) expect(c.wa).toBe(runs.find((x) => x.id === c.runId)!.metrics.wa)
    expect(r.stderr).toMatch(/0\.3s: done/)
  }, 300_000)

  it('a second run reuses both cells and trains nothing', () => {
    const r = serJson<RecipeJson>([...RECIPE, '--db', db])
    expect(r.status, r.stderr).toBe(0)
    expect(r.json.cells.map((c) => c.reused)).toEqual([true, true])
    expect(r.json.cells.map((c) => c.runId)).toEqual(first.cells.map((c) => c.runId))
    expect(r.stderr).not.toMatch(/epoch 1\/1/)
    expect(r.stderr).toMatch(/0\.3s: done \(reused\)/)
    expect(r.stderr).toMatch(/0\.5s: done \(reused\)/)
  }, 120_000)

  it('ser evaluate --session scores the held-out session in the shape of ser train, and refuses a seen one', () => {
    const runId = first.cells[1].runId
    const ok = serJson<{
      session: string
      fold: number
      metrics: { wa: number; ua: number; perClassRecall: Record<string, number>; confusion: { labels: string[] } }
    }>(['evaluate', '--run', runId, '--session', '3', '--db', db])
    expect(ok.status, ok.stderr).toBe(0)
    expect(ok.json.metrics.wa).toBe(first.cells[1].wa)
    expect(ok.json.metrics.confusion.labels).toEqual(['neu', 'hap', 'ang', 'sad'])
    const seen = ser(['evaluate', '--run', runId, '--session', '1', '--db', db, '--json'])
    expect(seen.status).toBe(2)
    expect(seen.stdout).toBe('')
    expect(seen.stderr).toContain("session: '1' was in the training or dev data")
  }, 120_000)

  it('ser evaluate without --session prints the fold plan and per-fold metrics', () => {
    const r = serJson<{
      plan: { unit: string; folds: { testSpeakers: string[] }[] }
      evaluation: { category: { folds: unknown[] } }
    }>(['evaluate', '--run', first.cells[0].runId, '--db', db])
    expect(r.status, r.stderr).toBe(0)
    expect(r.json.plan.unit).toBe('session')
    expect(r.json.plan.folds[0].testSpeakers).toEqual(['Ses03F', 'Ses03M'])
    expect(r.json.evaluation.category.folds).toHaveLength(1)
  })

  it('ser review --json lists {id, label, predicted, confidence, reason}', () => {
    const r = serJson<{ id: string; label: string; predicted: string; confidence: number; reason: string }[]>([
      'review',
      '--run',
      first.cells[1].runId,
      '--min-confidence',
      '0',
      '--db',
      db
    ])
    expect(r.status, r.stderr).toBe(0)
    expect(r.json.length).toBeGreaterThan(0)
    for (const i of r.json) {
      expect(typeof i.id).toBe('string')
      expect(i.label).not.toBe(i.predicted)
      expect(i.confidence).toBeGreaterThan(0)
      expect(i.reason).toMatch(/fold 1 tested it/)
    }
  })

  it('usage errors exit 2 with one line naming the flag', () => {
    const r = ser(['recipe', 'experiment1', '--lengths', '1,2', '--db', db])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('lengths')
    const bad = ser(['recipe', 'experiment3', '--db', db])
    expect(bad.status).toBe(2)
  })
})
