/**
 * Pretrained encoders as features (docs/encoders.md), on a small ONNX encoder built by the test itself
 * (tests/helpers/tiny-encoder.ts: strided convolution + two projections, fixed weights): onnxruntime's embeddings
 * equal the same maths done in TypeScript for every layer choice, normalisation and chunking; files with other
 * names or shapes are refused with the names they have; and a head trains and evaluates end to end on the tiny
 * corpus through the same runs, folds and metrics as the CNN, with its embeddings cached.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import { chunkBounds, normalizeUtterance, openEncoder } from '../../../../src/main/services/encoders/onnx-encoder'
import { loadMono } from '../../../../src/main/services/audio/read-audio'
import { mulberry32 } from '../../../../src/main/services/training/prng'
import { createDispatcher } from '../../../../src/main/transports/dispatch'
import { tempDir } from '../../../helpers/temp-dir'
import { referenceEmbedding, TINY_ENCODER, writeTinyEncoder } from '../../../helpers/tiny-encoder'
import { importTiny, TINY_TRAIN } from '../../../helpers/tiny-iemocap'

let dir: string
let cleanup: () => void
let model: string

beforeAll(() => {
  ;({ dir, cleanup } = tempDir('ser-encoder-'))
  model = join(dir, 'tiny.onnx')
  writeTinyEncoder(model)
})
afterAll(() => cleanup?.())

function signal(seconds: number, seed: number): Float32Array {
  const r = mulberry32(seed)
  return Float32Array.from(
    { length: Math.round(seconds * 16000) },
    (_, i) => 0.3 * Math.sin(i / (9 + 3 * r())) + 0.05 * (r() - 0.5) + 0.02
  )
}

function expectClose(actual: Float32Array, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length)
  let worst = 0
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]))
  expect(worst).toBeLessThan(tol)
}

describe('openEncoder', () => {
  it('reads the names, layers, width and hop, and runs on a provider it lists as available', async () => {
    const enc = await openEncoder(model)
    expect(enc.info).toMatchObject({
      inputs: ['input_values'],
      outputs: ['last_hidden_state', 'hidden_states'],
      layers: 3,
      dim: 8,
      hopSamples: 320
    })
    expect(enc.info.providers.map((p) => p.name)).toEqual(['cuda', 'cpu'])
    expect(enc.info.providers.find((p) => p.name === enc.info.provider)!.available).toBe(true)
    await enc.close()
  })

  it('embeds like the same maths in TypeScript: last layer, one layer, every layer (weighted), raw or normalised', async () => {
    const enc = await openEncoder(model)
    const x = signal(1.37, 3)
    const ref = referenceEmbedding(normalizeUtterance(x))
    const last = await enc.embed(x, { layer: 'last', normalize: 'utterance', chunkSeconds: 20 })
    expect([last.frames, last.dims, last.frameShiftSec]).toEqual([ref[2].length, 8, 0.02])
    expectClose(last.data, ref[2].flat(), 1e-4)
    const one = await enc.embed(x, { layer: 1, normalize: 'utterance', chunkSeconds: 20 })
    expectClose(one.data, ref[1].flat(), 1e-4)
    expect(one.names[0]).toBe('layer1_0')
    const all = await enc.embed(x, { layer: 'weighted', normalize: 'utterance', chunkSeconds: 20 })
    expect(all.dims).toBe(24)
    expectClose(
      all.data,
      ref[0].flatMap((_, t) => [...ref[0][t], ...ref[1][t], ...ref[2][t]]),
      1e-4
    )
    const raw = await enc.embed(x, { layer: 'last', normalize: 'none', chunkSeconds: 20 })
    expectClose(raw.data, referenceEmbedding(x)[2].flat(), 1e-4)
    await enc.close()
  })

  it('embeds long audio in independent chunks (a short tail joins the last chunk)', async () => {
    const enc = await openEncoder(model)
    const x = signal(3.5, 5)
    const n = normalizeUtterance(x)
    const bounds = chunkBounds(x.length, 16000, 16000)
    expect(bounds).toEqual([
      [0, 16000],
      [16000, 32000],
      [32000, 56000]
    ])
    const want = bounds.flatMap(([s, e]) => referenceEmbedding(n.subarray(s, e))[2])
    const got = await enc.embed(x, { layer: 'last', normalize: 'utterance', chunkSeconds: 1 })
    expect(got.frames).toBe(want.length)
    expectClose(got.data, want.flat(), 1e-4)
    await enc.close()
  })

  it('refuses a file with other names, naming what it has, and a layer the file does not export', async () => {
    const renamed = join(dir, 'renamed.onnx')
    writeTinyEncoder(renamed, { ...TINY_ENCODER, inputName: 'audio', outputName: 'features' })
    await expect(openEncoder(renamed)).rejects.toThrow(
      `${renamed}: not an encoder the workbench can run: inputs audio float32 [batch, samples]; outputs features float32 [batch, frames, 8]; hidden_states float32 [3, batch, frames, 8]; expected input 'input_values'`
    )
    const lastOnly = join(dir, 'last-only.onnx')
    writeTinyEncoder(lastOnly, { ...TINY_ENCODER, hiddenStates: false })
    const enc = await openEncoder(lastOnly)
    await expect(
      enc.embed(signal(1, 1), { layer: 'weighted', normalize: 'utterance', chunkSeconds: 20 })
    ).rejects.toThrow(
      `${lastOnly}: layer weighted needs the 'hidden_states' output, and the file has only last_hidden_state`
    )
    await enc.close()
    const full = await openEncoder(model)
    await expect(full.embed(signal(1, 1), { layer: 7, normalize: 'utterance', chunkSeconds: 20 })).rejects.toThrow(
      'layer 7 does not exist'
    )
    await full.close()
  })
})

describe('a run on encoder:PATH.onnx', () => {
  let s: Services
  beforeAll(async () => {
    s = createServices({ dbPath: join(dir, 'index.db') })
    await importTiny(s, dir)
  }, 120_000)
  afterAll(() => s?.close())

  it('trains the head with learned layer weights, stores predictions and metrics, and caches the embeddings', async () => {
    const features = `encoder:${model}#layer=weighted` as const
    const { runId } = await s.training.start({ ...TINY_TRAIN, features, epochs: 3, maxSeconds: 2 })
    const run = await s.training.wait(runId)
    expect(run.status, run.error ?? '').toBe('done')
    const detail = s.training.get(runId)
    expect(detail.snapshot).toMatchObject({ dims: 24, frameShiftSec: 0.02 })
    expect(detail.snapshot!.featureNames.slice(0, 2)).toEqual(['layer0_0', 'layer0_1'])
    expect(detail.foldSummaries[0]).toMatchObject({ status: 'done', epochs: 3 })
    const ev = (await createDispatcher(s).call('evaluation.metrics', { runId })) as {
      category: { pooled: { wa: number } }
    }
    expect(ev.category.pooled.wa).toBe(run.metrics!.wa)
    expect(s.training.predictions(runId).length).toBe(run.testUtterances)

    // the cache holds what the encoder computes for an utterance now
    const [u] = s.corpus.utterances().filter((x) => x.session === '3')
    const cached = await s.encoders.matrix(u.id, features)
    const enc = await openEncoder(model)
    const { samples } = await loadMono(s.corpus.audioPath(u.id), u.path, { rate: 16000, channels: 'mix' })
    const fresh = await enc.embed(samples, { layer: 'weighted', normalize: 'utterance', chunkSeconds: 20 })
    await enc.close()
    expect(cached.data).toEqual(fresh.data)
    const ids = s.corpus.utterances().map((x) => x.id)
    await s.encoders.ensureAll(features, { ids })
    const again = await s.encoders.ensureAll(features, { ids })
    expect(again).toMatchObject({ computed: 0, cached: ids.length, failed: [] })

    // held-out scoring loads the saved head (its custom layers) and reproduces the run's own test metrics
    const score = (await createDispatcher(s).call('evaluation.score', { runId, session: '3' })) as {
      metrics: { wa: number }
    }
    expect(score.metrics.wa).toBeCloseTo(run.metrics!.wa, 10)
  }, 300_000)

  it('with --attention the head pools attentively (statistics weighted by learned attention); it trains and scores', async () => {
    const { runId } = await s.training.start({
      ...TINY_TRAIN,
      features: `encoder:${model}`,
      model: 'attentive-cnn',
      epochs: 2,
      maxSeconds: 2
    })
    const run = await s.training.wait(runId)
    expect(run.status, run.error ?? '').toBe('done')
    const fold = s.training.get(runId).foldSummaries[0]
    const spec = JSON.parse(readFileSync(join(s.training.runDir(runId), fold.modelDir!, 'spec.json'), 'utf8'))
    expect(spec).toMatchObject({ model: 'encoder-head', pooling: 'attentive', layers: 1, dims: 8 })
    const topology = JSON.parse(readFileSync(join(s.training.runDir(runId), fold.modelDir!, 'model.json'), 'utf8'))
    expect(JSON.stringify(topology)).toContain('"class_name":"MaskedAttentivePooling"')
    const score = (await createDispatcher(s).call('evaluation.score', { runId, session: '3' })) as {
      metrics: { wa: number }
    }
    expect(score.metrics.wa).toBeCloseTo(run.metrics!.wa, 10)
  }, 300_000)

  it('refuses an encoder file that does not exist, naming it', async () => {
    const missing = join(dir, 'nope.onnx')
    const { runId } = await s.training.start({ ...TINY_TRAIN, features: `encoder:${missing}` })
    const run = await s.training.wait(runId)
    expect(run.status).toBe('failed')
    expect(run.error).toContain(`${missing}: cannot read the encoder`)
  }, 60_000)
})
