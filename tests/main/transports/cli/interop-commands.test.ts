/**
 * The interop commands through the built CLI (docs/interop.md): `ser import-predictions` prints the new run's metrics
 * and refuses a bad file with exit 2 and one line naming file, line and column.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO, ser, serJson } from '../../../helpers/run-ser'
import { tempDir } from '../../../helpers/temp-dir'
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
    const r = serJson<{ runId: string; metrics: { wa: number; ua: number }; predictions: number }>(['import-predictions', file, '--name', 'oracle', '--db', db])
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
