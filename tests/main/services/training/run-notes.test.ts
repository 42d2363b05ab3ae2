/**
 * A run's name and note (runs.annotate, migration 006-run-notes) through the dispatcher on a real index: set, read
 * back in runs.list and runs.get (what `ser runs --json` prints), changed one field at a time, cleared, refused for
 * an unknown run by field.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RUN_DEFAULTS } from '../../../../src/shared/domain/runs'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import { callTyped, createDispatcher } from '../../../../src/main/transports/dispatch'
import { tempDir } from '../../../helpers/temp-dir'

const tmp = tempDir('ser-run-notes-')
let services: Services

beforeAll(() => {
  services = createServices({ dbPath: join(tmp.dir, 'index.db') })
  services.db
    .prepare(
      "INSERT INTO runs (id, corpus_id, config, status, created_at) VALUES ('r1', 'demo', ?, 'done', '2026-01-01T00:00:00Z')"
    )
    .run(JSON.stringify({ ...RUN_DEFAULTS, corpusId: 'demo', classes: ['neu', 'hap', 'ang', 'sad'] }))
})
afterAll(() => {
  services?.close()
  tmp.cleanup()
})

describe('a run’s name and note', () => {
  it('are stored, listed, changed one at a time and cleared', async () => {
    const d = createDispatcher(services)
    expect((await callTyped(d, 'runs.list', {}))[0]).not.toHaveProperty('name')
    const named = await callTyped(d, 'runs.annotate', {
      runId: 'r1',
      name: '  baseline, no dropout ',
      note: 'before the relabelling'
    })
    expect(named).toMatchObject({ id: 'r1', name: 'baseline, no dropout', note: 'before the relabelling' })
    expect((await callTyped(d, 'runs.list', {}))[0]).toMatchObject({
      name: 'baseline, no dropout',
      note: 'before the relabelling'
    })
    await callTyped(d, 'runs.annotate', { runId: 'r1', note: 'after it' })
    expect(await callTyped(d, 'runs.get', { runId: 'r1' })).toMatchObject({
      name: 'baseline, no dropout',
      note: 'after it'
    })
    await callTyped(d, 'runs.annotate', { runId: 'r1', name: '' })
    const cleared = await callTyped(d, 'runs.get', { runId: 'r1' })
    expect(cleared).not.toHaveProperty('name')
    expect(cleared.note).toBe('after it')
  })

  it('an unknown run is refused, naming runId', async () => {
    const d = createDispatcher(services)
    await expect(callTyped(d, 'runs.annotate', { runId: 'nope', name: 'x' })).rejects.toMatchObject({ field: 'runId' })
  })
})
