/**
 * Training speed on an IEMOCAP-sized dataset (5,531 utterances × 750 frames × 26 log-Mel bands, random values): per
 * backend present and per model variant, ms per training step (batch 32) and seconds per epoch, next to the model's
 * FLOP count, the achieved GFLOP/s, and the backend's measured matMul rate on the model's main product. Goal
 * (issue 6): one epoch within 2× of what the FLOPs and the matMul rate allow. Then one real epoch through the
 * trainer's own loop (batch assembly, Adam, checkpoint) for the default model.
 *
 *   npx tsx bench/train.bench.ts [--quick] [--backends wasm,cpu] [--models attentive]
 *
 * --models keeps the variants whose label contains one of the words (and skips the real epoch unless 'cnn single'
 * is kept).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import type { TrainJob } from '../src/shared/api/training'
import { describeBackend, RUN_DEFAULTS } from '../src/shared/domain/runs'
import type { BackendName } from '../src/shared/domain/training'
import type { ModelSpec } from '../src/main/services/models/build-model'
import { buildModel, dropoutLayers } from '../src/main/services/models/build-model'
import { modelFlops } from '../src/main/services/models/model-flops'
import { selectBackend } from '../src/main/services/training/backend'
import { fillBatch } from '../src/main/services/training/batches'
import type { DatasetMeta } from '../src/main/services/training/dataset-file'
import { writeDataset } from '../src/main/services/training/dataset-file'
import { taskLoss } from '../src/main/services/training/losses'
import { trainFold } from '../src/main/services/training/train-loop'

const UTTERANCES = 5531
const FRAMES = 750
const DIMS = 26
const BATCH = 32
const STEPS_PER_EPOCH = Math.ceil(UTTERANCES / BATCH)

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const backendArg = args[args.indexOf('--backends') + 1]
const backends = (
  args.includes('--backends') ? backendArg.split(',') : ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']
) as BackendName[]
const modelWords = args.includes('--models') ? args[args.indexOf('--models') + 1].split(',') : null

function randomDataset(): { meta: DatasetMeta; data: Float32Array } {
  const data = new Float32Array(UTTERANCES * FRAMES * DIMS)
  let s = 12345
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    data[i] = s / 2 ** 31 - 1
  }
  const meta: DatasetMeta = {
    version: 1,
    features: 'logmel',
    dims: DIMS,
    names: Array.from({ length: DIMS }, (_, i) => `mel${i}`),
    frameShiftSec: 0.01,
    maxFrames: FRAMES,
    classes: ['neu', 'hap', 'ang', 'sad'],
    binThresholds: [2.5, 3.5],
    utterances: Array.from({ length: UTTERANCES }, (_, i) => ({
      id: `u${i}`,
      session: String(1 + (i % 5)),
      speaker: `s${i % 10}`,
      offset: i * FRAMES,
      frames: FRAMES,
      label: i % 4,
      activation: i % 3,
      valence: (i + 1) % 3
    })),
    hash: 'bench'
  }
  return { meta, data }
}

/** Best-of GFLOP/s of the model's largest product on this backend: [B·(T−w+1), w·D] × [w·D, F] for w = 10 */
function matmulRate(): number {
  const w = 10
  const m = BATCH * (FRAMES - w + 1)
  const a = tf.randomNormal([m, w * DIMS])
  const b = tf.randomNormal([w * DIMS, 100])
  let best = Infinity
  for (let i = 0; i < (quick ? 3 : 6); i++) {
    const t0 = performance.now()
    const c = tf.matMul(a, b)
    c.dataSync()
    best = Math.min(best, performance.now() - t0)
    c.dispose()
  }
  tf.dispose([a, b])
  return (2 * m * w * DIMS * 100) / (best / 1000) / 1e9
}

/** Median ms per training step (Adam on the task loss), after warm-up steps. */
function stepMs(spec: ModelSpec, d: { meta: DatasetMeta; data: Float32Array }, steps: number, warmup: number): number {
  const model = buildModel(spec)
  const optimizer = tf.train.adam(1e-3)
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable)
  const times: number[] = []
  for (let s = 0; s < steps + warmup; s++) {
    const idx = Array.from({ length: BATCH }, (_, i) => (s * BATCH + i) % UTTERANCES)
    const t0 = performance.now()
    for (const l of dropoutLayers(model)) l.step = s
    const b = fillBatch(d.meta, d.data, idx)
    const x = tf.tensor3d(b.x, [BATCH, FRAMES, DIMS])
    const t = {
      label: tf.tensor1d(b.label, 'int32'),
      activation: tf.tensor1d(b.activation, 'int32'),
      valence: tf.tensor1d(b.valence, 'int32')
    }
    const cost = optimizer.minimize(
      () => taskLoss([model.apply(x, { training: true }) as tf.Tensor].flat(), t, { alpha: 0.1, beta: 0.1 }).total,
      true,
      vars
    )!
    cost.dataSync()
    tf.dispose([cost, x, t.label, t.activation, t.valence])
    if (s >= warmup) times.push(performance.now() - t0)
  }
  model.dispose()
  optimizer.dispose()
  times.sort((p, q) => p - q)
  return times[Math.floor(times.length / 2)]
}

async function realEpoch(backendName: BackendName, d: { meta: DatasetMeta; data: Float32Array }): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'ser-bench-train-'))
  try {
    writeDataset(join(dir, 'dataset'), d.meta, d.data)
    const backend = await selectBackend(backendName)
    const job: TrainJob = {
      runId: 'bench',
      fold: 0,
      folds: 1,
      config: { ...RUN_DEFAULTS, corpusId: 'bench', classes: ['neu', 'hap', 'ang', 'sad'], epochs: 1 },
      datasetPath: join(dir, 'dataset'),
      foldDir: dir,
      train: d.meta.utterances.map((_, i) => i),
      dev: [],
      test: [],
      resume: false,
      progressIntervalMs: 1000
    }
    const t0 = performance.now()
    await trainFold(job, backend, { onStart: () => {}, onProgress: () => {}, onEpochSaved: () => {} }, () => false)
    return (performance.now() - t0) / 1000
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const fmt = (x: number, digits = 1) => x.toFixed(digits)

async function main(): Promise<void> {
  console.log(
    `dataset: ${UTTERANCES} utterances × ${FRAMES} frames × ${DIMS} dims (random), batch ${BATCH}, ${STEPS_PER_EPOCH} steps an epoch`
  )
  const d = randomDataset()
  const base: ModelSpec = {
    model: 'cnn',
    task: 'single',
    frames: FRAMES,
    dims: DIMS,
    classes: 4,
    filterWidths: RUN_DEFAULTS.filterWidths,
    filters: RUN_DEFAULTS.filters,
    dropout: 0.5,
    poolFrames: RUN_DEFAULTS.poolFrames,
    form: 'matmul',
    seed: 1
  }
  const variants: [string, Partial<ModelSpec>][] = [
    ['cnn single', {}],
    ['cnn multi', { task: 'multi' }],
    ['attentive single', { model: 'attentive-cnn' }]
  ]
  const kept = variants.filter(([label]) => !modelWords || modelWords.some((w) => label.includes(w)))
  const rows: string[] = []
  for (const name of backends) {
    let info
    try {
      info = await selectBackend(name)
    } catch (e) {
      console.log(`${name}: skipped (${(e as Error).message})`)
      continue
    }
    const rate = matmulRate()
    console.log(
      `\nbackend ${describeBackend(info)}; matMul ${BATCH * (FRAMES - 9)}×${10 * DIMS} · ${10 * DIMS}×100: ${fmt(rate)} GFLOP/s`
    )
    const slow = name === 'cpu'
    const forms: ('matmul' | 'conv')[] = info.convForm === 'conv' ? ['matmul', 'conv'] : ['matmul']
    for (const [label, change] of slow ? kept.slice(0, 1) : kept) {
      for (const form of forms) {
        const spec = { ...base, ...change, form }
        // the cpu backend takes tens of seconds a step: one step, no warm-up
        const ms = stepMs(spec, d, slow ? 1 : quick ? 4 : 10, slow ? 0 : 2)
        const f = modelFlops(spec)
        const epochS = (ms * STEPS_PER_EPOCH) / 1000
        // what the FLOPs allow at the matMul rate: the work each form executes (matmul: forward + sparse kernel
        // gradient; conv: tfjs's dense backward, 3× the forward)
        const work = form === 'matmul' ? f.trainSparse : f.trainDense
        const boundS = (UTTERANCES * work) / (rate * 1e9)
        const achieved = (BATCH * work) / (ms / 1000) / 1e9
        const row = `| ${name} | ${label} | ${form} | ${fmt(ms, 0)} | ${fmt(epochS)} | ${fmt(f.forward / 1e6)} | ${fmt(work / 1e6)} | ${fmt(achieved)} | ${fmt(rate)} | ${fmt(boundS)} | ${fmt(epochS / boundS, 2)} |`
        console.log(row)
        rows.push(row)
      }
    }
    if (!slow && !quick && kept.some(([label]) => label === 'cnn single')) {
      const s = await realEpoch(name, d)
      console.log(
        `one real epoch through train-loop.ts (cnn single, ${UTTERANCES} utterances, checkpoint included): ${fmt(s)} s`
      )
      rows.push(
        `| ${name} | cnn single, one real epoch (train-loop.ts) | ${info.convForm} | ${fmt((s * 1000) / STEPS_PER_EPOCH, 0)} | ${fmt(s)} | | | | | | |`
      )
    }
  }
  console.log(
    '\n| backend | model | form | ms/step | s/epoch | fwd MFLOP/utt | train MFLOP/utt | achieved GFLOP/s | matMul GFLOP/s | FLOP bound s/epoch | epoch / bound |'
  )
  console.log('|---|---|---|---|---|---|---|---|---|---|---|')
  for (const r of rows) console.log(r)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
