/**
 * `ser train` and `ser runs` as a user runs them (docs/cli.md), from the sources through tsx so the test needs no
 * build: the --json contract, the backend line, Ctrl-C (SIGINT) as a clean cancel, kill -9 of the command itself,
 * and `--resume` finishing both with the epochs an uninterrupted run has.
 */
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DemoIndex } from '../../../helpers/demo-index'
import { demoIndex } from '../../../helpers/demo-index'
import { REPO } from '../../../helpers/run-ser'
import { expectBackendRule } from '../../../helpers/backend-rule'
import type { BackendInfo } from '../../../../src/shared/domain/runs'
import { describeBackend } from '../../../../src/shared/domain/runs'

const CLI = join(REPO, 'src', 'main', 'transports', 'cli', 'index.ts')
const SMALL = ['--filters', '16', '--filter-widths', '5,10', '--seed', '5']

let demo: DemoIndex
beforeAll(async () => {
  demo = await demoIndex()
  demo.services.close() // the commands below open the index themselves
})
afterAll(() => demo?.cleanup())

interface Running {
  child: ChildProcess
  done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>
}

function ser(args: string[]): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args, '--db', demo.dbPath], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d) => (stdout += d))
  child.stderr!.on('data', (d) => (stderr += d))
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }))
  )
  return { child, done }
}

/** Epochs stored per run, read the way another process would (the index is WAL, readers never block) */
function storedEpochs(): Map<string, number> {
  const db = new Database(demo.dbPath, { readonly: true, fileMustExist: true })
  try {
    const rows = db
      .prepare(
        'SELECT r.id AS runId, COUNT(e.epoch) AS epochs FROM runs r LEFT JOIN run_epochs e ON e.run_id = r.id GROUP BY r.id'
      )
      .all() as { runId: string; epochs: number }[]
    return new Map(rows.map((r) => [r.runId, r.epochs]))
  } finally {
    db.close()
  }
}

/** Starts `ser train …` and resolves, with its run id, once a new run has stored n epochs */
async function trainUntilEpochs(args: string[], n: number): Promise<{ run: Running; runId: string }> {
  const before = new Set(storedEpochs().keys())
  const run = ser(args)
  for (;;) {
    for (const [runId, epochs] of storedEpochs()) if (!before.has(runId) && epochs >= n) return { run, runId }
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('ser train', () => {
  it('--json prints the contract fields; stderr names the backend and why the faster ones are missing', async () => {
    const r = await ser([
      'train',
      '--features',
      'logmel',
      '--task',
      'multi',
      '--test-session',
      '5',
      '--epochs',
      '3',
      ...SMALL,
      '--json'
    ]).done
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({ epochs: 3, testUtterances: 20, status: 'done' })
    expect(typeof out.runId).toBe('string')
    expect(out.trainUtterances).toBeGreaterThan(40)
    expect(Object.keys(out.metrics.perClassRecall)).toEqual(['neu', 'hap', 'ang', 'sad'])
    expect(out.metrics.confusion.labels).toEqual(['neu', 'hap', 'ang', 'sad'])
    expect(out.metrics.confusion.matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(20)
    expect(out.metrics.wa).toBeGreaterThanOrEqual(0)

    const runs = await ser(['runs', '--json']).done
    const listed = JSON.parse(runs.stdout) as {
      id: string
      status: string
      backend: BackendInfo
      config: { features: string; task: string }
      metrics: { wa: number }
    }[]
    const run = listed.find((x) => x.id === out.runId)
    expect(run).toMatchObject({
      status: 'done',
      backend: { name: out.backend },
      config: { features: 'logmel', task: 'multi' },
      metrics: { wa: out.metrics.wa }
    })
    // the first backend present is chosen and stderr says why each faster one was not (whichever this machine has)
    expectBackendRule(run!.backend)
    expect(r.stderr).toContain(`backend: ${describeBackend(run!.backend)}`)
  })

  it('a usage error names the flag and exits 2', async () => {
    const r = await ser(['train', '--classes', 'neu,happy', '--json']).done
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/--classes: unknown category 'happy'/)
    const s = await ser(['train', '--test-session', '9', '--json']).done
    expect(s.status).toBe(2)
    expect(s.stderr).toMatch(/testSession: no session '9'/)
    const t = await ser(['train', '--resume', 'some-run', '--epochs', '3', '--json']).done
    expect(t.status).toBe(2)
    expect(t.stderr).toMatch(/--resume continues a run with its own settings; drop 'epochs'/)
  })

  it('Ctrl-C cancels cleanly and --resume finishes with the same number of epochs', async () => {
    const { run, runId } = await trainUntilEpochs(
      ['train', '--test-session', '5', '--epochs', '6', '--patience', '0', ...SMALL, '--json'],
      2
    )
    run.child.kill('SIGINT')
    const r = await run.done
    expect(r.status).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject({ runId, status: 'cancelled' })
    expect(r.stderr).toContain(`ser train --resume ${runId}`)

    const resumed = await ser(['train', '--resume', runId, '--json']).done
    expect(resumed.status, resumed.stderr).toBe(0)
    expect(JSON.parse(resumed.stdout)).toMatchObject({ runId, status: 'done', epochs: 6 })
  })

  it('kill -9 of the command mid-run leaves an interrupted run that --resume completes', async () => {
    const { run, runId } = await trainUntilEpochs(
      ['train', '--test-session', '5', '--epochs', '6', '--patience', '0', ...SMALL, '--json'],
      2
    )
    run.child.kill('SIGKILL')
    expect((await run.done).signal).toBe('SIGKILL')

    const listed = JSON.parse((await ser(['runs', '--json']).done).stdout) as { id: string; status: string }[]
    expect(listed.find((x) => x.id === runId)?.status).toBe('interrupted')
    const resumed = await ser(['train', '--resume', runId, '--json']).done
    expect(resumed.status, resumed.stderr).toBe(0)
    expect(JSON.parse(resumed.stdout)).toMatchObject({ runId, status: 'done', epochs: 6 })
  })
})
