/**
 * The feature cache behind FeatureService, on a real index in a temp dir: computed once, then served from the
 * cache; recomputed when an audio file or the configuration changes; parallel workers; cancellation.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TrainFeatures } from '../../../../src/shared/domain/training'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import { computeCorpusFeatures } from '../../../../src/main/services/features/corpus-features'
import { CORPUS_KINDS } from '../../../../src/main/services/features/feature-kinds'
import { createFeatureService } from '../../../../src/main/services/features/feature-service'
import { createDispatcher } from '../../../../src/main/transports/dispatch'
import { audioPath, REFERENCE_AUDIO } from './reference-data'

let dir: string
let s: Services
let ids: string[]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ser-features-'))
  // 16 utterances: the 8 reference files twice, so corpus-wide runs use the worker pool
  for (const copy of ['a', 'b']) {
    mkdirSync(join(dir, 'corpus', copy), { recursive: true })
    for (const stem of REFERENCE_AUDIO) cpSync(audioPath(stem), join(dir, 'corpus', copy, `${stem}.wav`))
  }
  s = createServices({ dbPath: join(dir, 'index.db') })
  const summary = await s.importer.importCorpus({ kind: 'folder', dir: join(dir, 'corpus') })
  expect(summary.utterances).toBe(16)
  ids = s.corpus.utterances({}).map((u) => u.id)
})

afterAll(() => {
  s?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('FeatureService', () => {
  it('computes every utterance once (in worker threads), then serves all from the cache', async () => {
    const seen: number[] = []
    const first = await s.features.ensureAll('logmel', { onProgress: (p) => seen.push(p.done) })
    expect(first).toEqual({ kind: 'logmel', computed: 16, cached: 0, failed: [] })
    expect(seen[seen.length - 1]).toBe(16)
    const second = await s.features.ensureAll('logmel')
    expect(second).toEqual({ kind: 'logmel', computed: 0, cached: 16, failed: [] })
  })

  it('matrix() returns what the computation gives, with 26 log-Mel bands at 10 ms', async () => {
    const id = ids.find((i) => i.includes('s02'))
    if (!id) throw new Error('no s02 utterance')
    const m = await s.features.matrix(id, 'logmel')
    expect(m.dims).toBe(26)
    expect(m.frameShiftSec).toBeCloseTo(0.01, 12)
    expect(m.names[0]).toBe('fb0')
    const direct = await computeCorpusFeatures(s.corpus.audioPath(id), id, 'logmel')
    expect(m.frames).toBe(direct.frames)
    expect(m.data).toEqual(direct.data)
    // 3.32 s of 44.1 kHz stereo → channel 0 at 16 kHz → 330 frames
    expect(m.frames).toBe(330)
  })

  it('recomputes only the utterance whose audio file changed', async () => {
    const id = ids.find((i) => i.startsWith('a/') && i.includes('s01'))
    if (!id) throw new Error('no a/s01 utterance')
    const path = s.corpus.audioPath(id)
    const before = await s.features.matrix(id, 'logmel')
    copyFileSync(audioPath('s07_sine1k_plus_noise_16k_pcm16'), path)
    utimesSync(path, new Date(), new Date(Date.now() + 5000))
    const r = await s.features.ensureAll('logmel')
    expect(r).toEqual({ kind: 'logmel', computed: 1, cached: 15, failed: [] })
    const after = await s.features.matrix(id, 'logmel')
    expect(after.frames).toBe(198)
    expect(after.frames).not.toBe(before.frames)
  })

  it('recomputes everything when the configuration changes, and keeps only the current one', async () => {
    const kinds: Record<TrainFeatures, (typeof CORPUS_KINDS)[TrainFeatures]> = {
      ...CORPUS_KINDS,
      logmel: { ...CORPUS_KINDS.logmel, options: { numMelBins: 40 } }
    }
    const changed = createFeatureService({ db: s.db, corpus: s.corpus, kinds })
    const r = await changed.ensureAll('logmel')
    expect(r.computed).toBe(16)
    expect((await changed.matrix(ids[0], 'logmel')).dims).toBe(40)
    const sets = s.db.prepare("SELECT COUNT(*) FROM feature_sets WHERE kind = 'logmel'").pluck().get()
    expect(sets).toBe(1)
    // back to 26 bands: those matrices were pruned, so they are computed again
    expect((await s.features.ensureAll('logmel')).computed).toBe(16)
  })

  it('lists unreadable utterances as failed without stopping the rest', async () => {
    const id = ids.find((i) => i.startsWith('b/') && i.includes('s05'))
    if (!id) throw new Error('no b/s05 utterance')
    rmSync(s.corpus.audioPath(id))
    const r = await s.features.ensureAll('mfcc')
    expect(r.computed).toBe(15)
    expect(r.failed).toHaveLength(1)
    expect(r.failed[0].id).toBe(id)
    expect(r.failed[0].error).toMatch(/s05.*cannot read/)
    await expect(s.features.matrix(id, 'mfcc')).rejects.toThrow(/cannot read/)
  })

  it('stops on cancellation, keeping what was computed', async () => {
    const abort = new AbortController()
    const kinds = { ...CORPUS_KINDS, mfcc: { ...CORPUS_KINDS.mfcc, version: 99 } }
    const svc = createFeatureService({ db: s.db, corpus: s.corpus, kinds, workers: 2 })
    const run = svc.ensureAll('mfcc', {
      ids: ids.filter((i) => !i.includes('b/s05')),
      onProgress: (p) => {
        if (p.done >= 2) abort.abort()
      },
      signal: abort.signal
    })
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
    const stored = s.db
      .prepare('SELECT COUNT(*) FROM feature_cache c JOIN feature_sets f ON f.id = c.set_id WHERE f.kind = ?')
      .pluck()
      .get('mfcc') as number
    expect(stored).toBeGreaterThanOrEqual(2)
    expect(stored).toBeLessThan(15)
  })

  it('serves the display spectrogram of an utterance as SPG1 bytes', async () => {
    const bytes = await s.features.spectrogram(ids[0], { dynamicRangeDb: 70 })
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('SPG1')
  })

  it("is reachable as 'features.computeAll' with 'features.progress' events, and 'features.cancel' stops it", async () => {
    // a fresh configuration of mfcc, so that the run has work to do
    const kinds = { ...CORPUS_KINDS, mfcc: { ...CORPUS_KINDS.mfcc, version: 100 } }
    const d = createDispatcher({
      ...s,
      features: createFeatureService({ db: s.db, corpus: s.corpus, events: s.events, kinds })
    })
    const seen: number[] = []
    let cancel: Promise<unknown> | null = null
    const off = s.events.on('features.progress', (p) => {
      expect(p.kind).toBe('mfcc')
      seen.push(p.done)
      // the first event comes before any computing (it counts what was cached): cancel from there
      cancel ??= d.call('features.cancel', { kind: 'mfcc' })
    })
    const run = d.call('features.computeAll', { kind: 'mfcc', ids: ids.filter((i) => !i.includes('b/s05')) })
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(await cancel).toEqual({ cancelled: true })
    expect(await d.call('features.cancel', { kind: 'mfcc' })).toEqual({ cancelled: false })
    off()
    expect(seen).toEqual([0])
    const r = (await createDispatcher(s).call('features.computeAll', { kind: 'logmel', ids: [ids[0]] })) as {
      cached: number
      computed: number
    }
    expect(r.cached + r.computed).toBe(1)
    await expect(d.call('features.computeAll', { kind: 'wavelets' })).rejects.toMatchObject({
      code: 'FIELD_INVALID',
      field: 'kind'
    })
  })
})
