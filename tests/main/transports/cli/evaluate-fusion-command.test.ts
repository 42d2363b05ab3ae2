/**
 * `ser evaluate --run FUSION_RUN --session S` through the built CLI: the default `ser train` (the workbench preset, a
 * fusion run) trained on sessions 1–2 of the tiny corpus, then its saved fold — CNN, baseline, weight — scored on
 * session 3, whose speakers it never saw: the same numbers as the run's own test metrics, the weight named in the
 * text, and a seen session refused (exit 2, naming it).
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO, ser, serJson } from '../../../helpers/run-ser'
import { tempDir } from '../../../helpers/temp-dir'
import { writeTinyIemocap } from '../../../helpers/tiny-iemocap'

let cleanup: () => void
let db: string

beforeAll(() => {
  execFileSync('flock', ['/tmp/ser-build.lock', 'npx', 'electron-vite', 'build'], { cwd: REPO, stdio: 'ignore' })
  const t = tempDir('ser-eval-fusion-cli-')
  cleanup = t.cleanup
  db = join(t.dir, 'index.db')
  const imported = ser(['import', 'iemocap', writeTinyIemocap(t.dir), '--db', db])
  expect(imported.status, imported.stderr).toBe(0)
}, 300_000)

afterAll(() => cleanup?.())

interface Scored {
  fold: number
  utterances: number
  fusionWeight: number
  metrics: { wa: number; ua: number; perClassRecall: Record<string, number | null>; confusion: { matrix: number[][] } }
}

describe('ser evaluate on a fusion run', () => {
  it('scores unseen speakers with the saved fusion model, as the run scored its test session', () => {
    const small = ['--epochs', '1', '--filters', '4', '--filter-widths', '3,5', '--max-seconds', '0.5']
    const trained = serJson<{ runId: string; model: string; metrics: Scored['metrics'] }>([
      'train',
      '--test-session',
      '3',
      ...small,
      '--batch-size',
      '8',
      '--parallel-folds',
      '1',
      '--db',
      db
    ])
    expect(trained.status, trained.stderr).toBe(0)
    expect(trained.json.model).toBe('fusion') // ser train's default preset is the workbench fusion
    const { runId } = trained.json

    const scored = serJson<Scored>(['evaluate', '--run', runId, '--session', '3', '--db', db])
    expect(scored.status, scored.stderr).toBe(0)
    expect(scored.json.fusionWeight).toBe(0.5)
    expect(scored.json.metrics.confusion).toEqual(trained.json.metrics.confusion)
    expect(scored.json.metrics.ua).toBeCloseTo(trained.json.metrics.ua, 12)
    for (const r of Object.values(scored.json.metrics.perClassRecall))
      if (r !== null) expect(Number.isFinite(r)).toBe(true)

    const text = ser(['evaluate', '--run', runId, '--session', '3', '--db', db])
    expect(text.status, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/session 3 .*fused at CNN weight 0\.5/)

    const seen = ser(['evaluate', '--run', runId, '--session', '2', '--db', db, '--json'])
    expect(seen.status).toBe(2)
    expect(seen.stderr).toContain("session: '2' was in the training or dev data")
  }, 300_000)
})
