/**
 * The interop commands through the built CLI (docs/interop.md, docs/encoders.md): `ser import-predictions` prints the
 * new run's metrics and refuses a bad file with exit 2 and one line naming file, line and column; `ser train
 * --features encoder:PATH.onnx` trains a head on a generated ONNX encoder end to end; `ser export-dataset` writes
 * its embeddings.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO, ser, serJson } from '../../../helpers/run-ser'
import { tempDir } from '../../../helpers/temp-dir'
import { writeTinyEncoder } from '../../../helpers/tiny-encoder'
import { writeTinyIemocap } from '../../../helpers/tiny-iemocap'

let dir: string
let cleanup: () => void
let db: string
let ids: { id: string; session: string; category: string }[]

beforeAll(() => {
  execFileSync('flock', ['/tmp/ser-build.lock', 'npx', 'electron-vite', 'build'], { cwd: REPO, stdio: 'ignore' })
  ;({ dir, cleanup } = tempDir('ser-interop-cli-'))
  db = join(dir, 'index.db')
  const imported = ser(['import', 'iemocap', writeTinyIemocap(dir), '--db', db])
  expect(imported.status, imported.stderr).toBe(0)
  ids = serJson<{ id: string; session: string; category: string }[]>(['list', '--db', db]).json
}, 300_000)

afterAll(() => cleanup?.())

describe('ser import-predictions', () => {
  it('makes a run (every prediction right: WA 100 %) that ser runs lists as imported; a bad file is exit 2', () => {
    const classes = ['neu', 'hap', 'ang', 'sad']
    const rows = ids
      .map((u) => ({ ...u, c: u.category === 'exc' ? 'hap' : u.category }))
      .filter((u) => classes.includes(u.c))
      .map((u) => [u.id, Number(u.session) - 1, ...classes.map((c) => (c === u.c ? 1 : 0))].join(','))
    const file = join(dir, 'preds.csv')
    writeFileSync(file, [`id,fold,${classes.join(',')}`, ...rows].join('\n'))
    const r = serJson<{ runId: string; metrics: { wa: number; ua: number }; predictions: number }>([
      'import-predictions',
      file,
      '--name',
      'oracle',
      '--db',
      db
    ])
    expect(r.status, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ predictions: rows.length, metrics: { wa: 1, ua: 1 } })
    const listed = ser(['runs', '--db', db])
    expect(listed.stdout).toMatch(new RegExp(`${r.json.runId}\\tdone\\timported 'oracle'`))

    writeFileSync(file, [`id,fold,${classes.join(',')}`, ...rows.slice(0, 3), 'nobody,0,1,0,0,0'].join('\n'))
    const bad = ser(['import-predictions', file, '--name', 'bad', '--db', db])
    expect(bad.status).toBe(2)
    expect(bad.stderr.trim()).toBe(`ser: ${file}:5: column id: no utterance 'nobody' in corpus 'IEMOCAP_tiny'`)
  }, 120_000)
})

describe('ser train --features encoder:PATH.onnx', () => {
  it('trains and evaluates the head on a generated encoder; export-dataset writes its frames; a renamed model is exit 2', () => {
    const model = join(dir, 'enc.onnx')
    writeTinyEncoder(model)
    const args = [
      '--test-session',
      '3',
      '--epochs',
      '2',
      '--batch-size',
      '8',
      '--max-seconds',
      '2',
      '--parallel-folds',
      '1',
      '--db',
      db
    ]
    const r = serJson<{ runId: string; status: string; metrics: { wa: number } }>([
      'train',
      '--features',
      `encoder:${model}`,
      ...args
    ])
    expect(r.status, r.stderr).toBe(0)
    expect(r.json.status).toBe('done')
    const stored = serJson<{ config: { features: string } }>(['runs', r.json.runId, '--db', db]).json
    expect(stored.config.features).toBe(`encoder:${model}`)
    const ev = ser(['evaluate', '--run', r.json.runId, '--db', db])
    expect(ev.status, ev.stderr).toBe(0)
    expect(ev.stdout).toContain('== category')

    const out = join(dir, 'enc-export')
    const x = serJson<{ dims: number; frameShiftSec: number }>([
      'export-dataset',
      '--format',
      'parquet',
      '--features',
      `encoder:${model}`,
      '--run',
      r.json.runId,
      '--out',
      out,
      '--db',
      db
    ])
    expect(x.status, x.stderr).toBe(0)
    expect(x.json).toMatchObject({ dims: 8, frameShiftSec: 0.02 })

    const renamed = join(dir, 'renamed.onnx')
    writeTinyEncoder(renamed, { kernel: 400, stride: 320, dim: 8, hiddenStates: false, inputName: 'wav' })
    const bad = ser(['train', '--features', `encoder:${renamed}`, ...args])
    expect(bad.status).not.toBe(0)
    expect(bad.stderr).toContain(
      `${renamed}: not an encoder the workbench can run: inputs wav float32 [batch, samples]`
    )
  }, 300_000)
})
