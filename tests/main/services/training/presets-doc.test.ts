/**
 * Presets resolve to the documented options: the preset table of docs/training.md is read as written (every
 * backquoted `field: value` of a row) and compared with src/shared/domain/presets.ts and with what
 * resolveRunConfig makes of `preset: …` on a real index whose utterances all have speakers — so the docs, the
 * preset table and a resolved run cannot drift apart.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import { resolveRunConfig } from '../../../../src/main/services/training/run-config'
import { PRESET_VALUES } from '../../../../src/shared/domain/presets'
import { RUN_DEFAULTS } from '../../../../src/shared/domain/runs'
import { tempDir } from '../../../helpers/temp-dir'
import { importTiny } from '../../../helpers/tiny-iemocap'

const DOC = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'training.md'), 'utf8')

/** The `field: value` pairs of the preset table's row for `name`, values parsed as JSON where they are JSON */
function documented(name: string): Record<string, unknown> {
  const row = DOC.split('\n').find((l) => l.startsWith(`| \`${name}\` |`))
  if (!row) throw new Error(`docs/training.md has no preset row for ${name}`)
  const values = row.split('|')[2]
  return Object.fromEntries(
    [...values.matchAll(/`(\w+): ([^`]+)`/g)].map(([, field, raw]) => {
      let value: unknown = raw
      try {
        value = JSON.parse(raw)
      } catch {
        // a bare word: an enum value
      }
      return [field, value]
    })
  )
}

let s: Services
let cleanup: () => void
let corpusId: string
beforeAll(async () => {
  const t = tempDir('ser-presets-')
  cleanup = t.cleanup
  s = createServices({ dbPath: join(t.dir, 'index.db') })
  corpusId = await importTiny(s, t.dir)
}, 60_000)
afterAll(() => {
  s?.close()
  cleanup?.()
})

describe('presets resolve to the documented options', () => {
  it('workbench: exactly the fields its docs row lists, the rest as paper (RUN_DEFAULTS)', () => {
    const doc = documented('workbench')
    expect(Object.keys(doc).length).toBeGreaterThan(3)
    expect(PRESET_VALUES.workbench).toEqual(doc)
    const { corpusId: _c, classes: _k, ...resolved } = resolveRunConfig({ corpusId, preset: 'workbench' }, s.corpus)
    expect(resolved).toEqual({ ...RUN_DEFAULTS, ...doc, preset: 'workbench' })
  })

  it('paper: RUN_DEFAULTS exactly, as its docs row says, and the default when a request names no preset', () => {
    expect(DOC).toMatch(/^\| `paper` \| exactly `RUN_DEFAULTS`/m)
    expect(documented('paper')).toEqual({})
    expect(PRESET_VALUES.paper).toEqual({})
    const { corpusId: _c, classes: _k, ...resolved } = resolveRunConfig({ corpusId }, s.corpus)
    expect(resolved).toEqual({ ...RUN_DEFAULTS, preset: 'paper' })
  })
})
