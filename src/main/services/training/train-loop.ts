/**
 * One fold's training, in the trainer child. Our own loop rather than model.fit, because the run must be a pure
 * function of its seed (fit shuffles with Math.random), stop within one batch, and resume mid-run with the same
 * epoch order and dropout masks; it keeps tfjs's callback shape (tfjs-layers base_callbacks.ts: onBatchEnd,
 * onEpochEnd) in `FoldEvents`. Each epoch: seeded order → batches (Adam on the task loss) → dev loss/accuracy →
 * best-on-dev weights → checkpoint. At the end: the final model on disk and the test predictions.
 * The options beyond the paper (docs/training.md) live in their own modules: speaker normalisation (normalise.ts),
 * class weights (losses.ts), balanced epochs (batches.ts), augmentation of training batches (augment.ts), the
 * plateau schedule (lr-schedule.ts), checkpoint averaging (checkpoint.ts) and seed ensembles (below).
 */
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import type { TrainJob, TrainingProgress, UtterancePrediction } from '../../../shared/api/training'
import { isEncoderFeatures } from '../../../shared/domain/encoders'
import type { BackendInfo, ClassCounts, EpochRecord } from '../../../shared/domain/runs'
import { SerError } from '../../../shared/errors'
import type { ModelSpec } from '../models/build-model'
import { buildModel, dropoutLayers, parameterCount } from '../models/build-model'
import { buildEncoderHead, encoderHeadParameters, encoderHeadSpec } from '../models/encoder-head'
import { saveModel } from '../models/model-io'
import { addNoiseRow, augmentRandom, cropStart, specAugmentRow } from './augment'
import type { Batch } from './batches'
import { balancedOrder, chunks, epochOrder, fillBatch } from './batches'
import type { LoopState } from './checkpoint'
import { averageWeights, readLatest, restoreCheckpoint, restoreWeights, writeBest, writeCheckpoint } from './checkpoint'
import type { Dataset, DatasetUtterance } from './dataset-file'
import { readDataset } from './dataset-file'
import { MODEL_DIR } from './fold-files'
import { inverseClassWeights, taskLoss } from './losses'
import { nextLr } from './lr-schedule'
import type { Norm } from './normalise'
import { normalised, normalisedByUtterance, normStats, utteranceNorms } from './normalise'
import { mixSeed } from './prng'
import { BIN_NAMES, countBy } from './targets'

export interface FoldStart {
  resumedFromEpoch: number
  history: EpochRecord[]
  norm: Norm
  counts: ClassCounts
  parameters: number
  convForm: 'conv' | 'matmul'
}

export interface FoldEvents {
  onStart(info: FoldStart): void
  /** A throttled batch point, or (with valLoss) the end of an epoch */
  onProgress(point: TrainingProgress): void
  onEpochSaved(epoch: number, checkpoint: string, record: EpochRecord): void
}

export interface FoldOutcome {
  status: 'done' | 'cancelled'
  epochs: number
  bestEpoch: number | null
  predictions?: UtterancePrediction[]
  /** The dev split's predictions (job.devPredictions: fusion weighs on them) */
  devPredictions?: UtterancePrediction[]
  modelDir?: string
}

/** The batch size used for dev and test inference (no gradients, so larger is fine) */
const EVAL_BATCH = 64

function checkJob(job: TrainJob, d: Dataset): void {
  const n = d.meta.utterances.length
  for (const [field, list] of [
    ['train', job.train],
    ['dev', job.dev],
    ['test', job.test]
  ] as const) {
    const bad = list.find((i) => !Number.isInteger(i) || i < 0 || i >= n)
    if (bad !== undefined)
      throw new SerError('FIELD_INVALID', `${field}: utterance index ${bad} outside the dataset's 0…${n - 1}`, {
        field
      })
  }
  if (job.train.length === 0)
    throw new SerError('FIELD_INVALID', 'train: no training utterances in this fold', { field: 'train' })
  if (job.config.noiseSnrDb && d.meta.features !== 'logmel') {
    throw new SerError(
      'FIELD_INVALID',
      `noiseSnrDb: additive noise needs logmel features, the dataset has ${d.meta.features}`,
      { field: 'noiseSnrDb' }
    )
  }
}

/** The training indices with their speed-perturbed variants (indices after the utterances); dev and test get none. */
export function withVariants(train: readonly number[], meta: Dataset['meta']): number[] {
  const n = meta.utterances.length
  const inTrain = new Set(train)
  const extra: number[] = []
  ;(meta.variants ?? []).forEach((v, k) => {
    if (v.source !== undefined && inTrain.has(v.source)) extra.push(n + k)
  })
  return [...train, ...extra]
}

/** Tensors of one batch; the caller disposes them. */
function batchTensors(b: Batch, meta: Dataset['meta'], multi: boolean) {
  return {
    x: tf.tensor3d(b.x, [b.size, meta.maxFrames, meta.dims]),
    label: tf.tensor1d(b.label, 'int32'),
    activation: multi ? tf.tensor1d(b.activation, 'int32') : undefined,
    valence: multi ? tf.tensor1d(b.valence, 'int32') : undefined
  }
}

function disposeBatch(t: ReturnType<typeof batchTensors>): void {
  tf.dispose([t.x, t.label, ...(t.activation ? [t.activation] : []), ...(t.valence ? [t.valence] : [])])
}

interface Evaluation {
  loss: number
  acc: number
  outputs: Float32Array[][]
}

/** Inference over a list of utterances: mean task loss, category accuracy, and (if asked) every head's output. */
function evaluate(
  model: tf.LayersModel,
  d: Dataset,
  data: Float32Array,
  indices: number[],
  job: TrainJob,
  keep: boolean,
  cancelled: () => boolean,
  classWeights?: tf.Tensor1D
): Evaluation | null {
  const multi = job.config.task === 'multi'
  let loss = 0
  let correct = 0
  const outputs: Float32Array[][] = []
  for (const part of chunks(indices, EVAL_BATCH)) {
    if (cancelled()) return null
    const t = batchTensors(fillBatch(d.meta, data, part), d.meta, multi)
    const [l, c, outs] = tf.tidy(() => {
      const out = model.apply(t.x, { training: false }) as tf.Tensor | tf.Tensor[]
      const list = Array.isArray(out) ? out : [out]
      const { total } = taskLoss(list, t, job.config, classWeights)
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(list[0], 1), t.label), 'float32'))
      return [total.dataSync()[0], hits.dataSync()[0], keep ? list.map((o) => o.dataSync() as Float32Array) : []]
    })
    disposeBatch(t)
    loss += l * part.length
    correct += c
    if (keep) outputs.push(outs)
  }
  return { loss: loss / Math.max(1, indices.length), acc: correct / Math.max(1, indices.length), outputs }
}

function rows(flat: Float32Array, width: number, i: number): number[] {
  return Array.from(flat.subarray(i * width, (i + 1) * width))
}

/**
 * One fold. With ensembleSeeds N > 1, N models are trained on it with seeds seed, seed+1, … (the first in the fold
 * folder and reported as usual, the others silently in `seed-K/`), and the test predictions are the mean of their
 * class probabilities; the fold's model on disk is the first one's.
 */
export async function trainFold(
  job: TrainJob,
  backend: BackendInfo,
  events: FoldEvents,
  cancelled: () => boolean
): Promise<FoldOutcome> {
  const members = job.config.ensembleSeeds ?? 1
  const first = await trainMember(job, backend, events, cancelled)
  if (members <= 1 || first.status !== 'done') return first
  const quiet: FoldEvents = { onStart: () => {}, onProgress: () => {}, onEpochSaved: () => {} }
  const all = [first.predictions ?? []]
  // fusion weighs the CNN on its dev predictions: those of the ensemble, like its test predictions
  const dev = [first.devPredictions ?? []]
  for (let k = 1; k < members; k++) {
    const member: TrainJob = {
      ...job,
      config: { ...job.config, seed: job.config.seed + k, ensembleSeeds: 1 },
      foldDir: join(job.foldDir, `seed-${k}`)
    }
    const outcome = await trainMember(member, backend, quiet, cancelled)
    if (outcome.status !== 'done') return { status: outcome.status, epochs: first.epochs, bestEpoch: first.bestEpoch }
    all.push(outcome.predictions ?? [])
    dev.push(outcome.devPredictions ?? [])
  }
  const mean = (lists: (number[] | undefined)[]) =>
    lists[0] === undefined
      ? undefined
      : lists[0].map((_, c) => lists.reduce((s, l) => s + (l?.[c] ?? 0), 0) / lists.length)
  const average = (members: UtterancePrediction[][]): UtterancePrediction[] =>
    members[0].map((p, i) => ({
      index: p.index,
      probabilities: mean(members.map((m) => m[i].probabilities))!,
      ...(p.activation
        ? { activation: mean(members.map((m) => m[i].activation)), valence: mean(members.map((m) => m[i].valence)) }
        : {})
    }))
  const predictions = average(all)
  return first.devPredictions ? { ...first, predictions, devPredictions: average(dev) } : { ...first, predictions }
}

async function trainMember(
  job: TrainJob,
  backend: BackendInfo,
  events: FoldEvents,
  cancelled: () => boolean
): Promise<FoldOutcome> {
  const d = readDataset(job.datasetPath)
  checkJob(job, d)
  const { config } = job
  const multi = config.task === 'multi'
  const items: DatasetUtterance[] = [...d.meta.utterances, ...(d.meta.variants ?? [])]
  const all = { dims: d.meta.dims, utterances: items }
  const train = withVariants(job.train, d.meta)
  const norm = normStats(d.meta, d.data, job.train)
  const norms = utteranceNorms(all, d.data, norm, config.normalisation ?? 'fold')
  const data =
    config.normalisation === 'speaker'
      ? normalisedByUtterance(all, d.data, norms)
      : normalised(d.data, d.meta.dims, norm)
  const classCount = d.meta.classes.length
  const classWeights =
    config.classWeighting === 'inverse'
      ? tf.tensor1d(
          inverseClassWeights(
            train.map((i) => items[i].label),
            classCount
          )
        )
      : undefined
  const order = (epoch: number) =>
    config.balancedBatches
      ? balancedOrder(train, (i) => items[i].label, config.seed, job.fold, epoch)
      : epochOrder(train, config.seed, job.fold, epoch)
  const { maxFrames, dims } = d.meta
  /** A training batch: random crops, then noise (on the features' own scale), then masks; all seeded */
  const trainBatch = (part: number[], epoch: number, first: number): Batch => {
    const at = (i: number, k: number, what: string) =>
      augmentRandom(config.seed, job.fold, epoch, first + k, `${what}${i}`)
    const starts = new Map(
      part.map((i, k) => [i, config.randomCrop ? cropStart(items[i], maxFrames, at(i, k, 'crop')) : 0])
    )
    const b = fillBatch(d.meta, data, part, items, (i) => starts.get(i) ?? 0)
    part.forEach((i, k) => {
      if (config.noiseSnrDb) addNoiseRow(b, k, maxFrames, dims, norms[i], config.noiseSnrDb, at(i, k, 'noise'))
      if (config.specAugment) specAugmentRow(b, k, maxFrames, dims, at(i, k, 'mask'))
    })
    return b
  }
  const seed = mixSeed(config.seed, job.fold) & 0x3fffffff
  const convForm = config.convForm === 'auto' ? backend.convForm : config.convForm
  const spec: ModelSpec = {
    model: config.model,
    task: config.task,
    frames: d.meta.maxFrames,
    dims: d.meta.dims,
    classes: d.meta.classes.length,
    filterWidths: config.filterWidths,
    filters: config.filters,
    dropout: config.dropout,
    poolFrames: config.poolFrames,
    form: convForm,
    seed
  }
  // encoder features train the pooling + MLP head of models/encoder-head.ts instead of the CNN
  const head = isEncoderFeatures(config.features) ? encoderHeadSpec(d.meta, config, seed) : null
  const model = head ? buildEncoderHead(head) : buildModel(spec)
  const optimizer = tf.train.adam(config.learningRate)
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable)
  const dropouts = dropoutLayers(model)

  let state: LoopState = { epoch: 0, bestEpoch: null, bestValLoss: null, badEpochs: 0, bestDir: null, history: [] }
  const latest = job.resume ? readLatest(job.foldDir) : null
  if (latest) {
    await restoreCheckpoint(latest.dir, model, optimizer)
    state = latest.state
  }
  let lr = { lr: state.lr ?? config.learningRate, plateauEpochs: state.plateauEpochs ?? 0 }
  ;(optimizer as unknown as { learningRate: number }).learningRate = lr.lr
  const averaged = Math.max(1, config.averageCheckpoints ?? 1)
  const pick = (list: number[], key: 'label' | 'activation' | 'valence') => list.map((i) => items[i][key])
  events.onStart({
    resumedFromEpoch: state.epoch,
    history: state.history,
    norm,
    counts: {
      category: countBy(pick(train, 'label'), d.meta.classes),
      activation: countBy(pick(train, 'activation'), BIN_NAMES),
      valence: countBy(pick(train, 'valence'), BIN_NAMES)
    },
    parameters: head ? encoderHeadParameters(head) : parameterCount(spec),
    convForm
  })

  const epochSize = order(1).length
  const batchesPerEpoch = Math.ceil(epochSize / config.batchSize)
  let lastSent = 0
  let lastEvalSec = 0
  const patienceSpent = () =>
    job.dev.length > 0 && config.earlyStoppingPatience > 0 && state.badEpochs >= config.earlyStoppingPatience
  // a run that had already stopped early when it was interrupted goes straight to its final model
  let stopped = patienceSpent()
  const point = (
    epoch: number,
    batch: number,
    loss: number,
    acc: number,
    epochStart: number,
    extra: Partial<TrainingProgress> = {}
  ): TrainingProgress => {
    const now = Date.now()
    const seconds = (now - epochStart) / 1000
    const perBatch = seconds / Math.max(1, batch)
    const remaining = batchesPerEpoch - batch + (config.epochs - epoch) * batchesPerEpoch
    return {
      runId: job.runId,
      fold: job.fold,
      folds: job.folds,
      epoch,
      epochs: config.epochs,
      batch,
      batches: batchesPerEpoch,
      loss,
      acc,
      lr: lr.lr,
      throughput: Math.min(batch * config.batchSize, epochSize) / Math.max(seconds, 1e-3),
      etaSec: remaining * perBatch + (config.epochs - epoch + (batch < batchesPerEpoch ? 1 : 0)) * lastEvalSec,
      at: now,
      ...extra
    }
  }

  for (let epoch = state.epoch + 1; epoch <= config.epochs && !stopped; epoch++) {
    const epochStart = Date.now()
    let lossSum = 0
    let hitSum = 0
    let seen = 0
    const parts = chunks(order(epoch), config.batchSize)
    for (let b = 0; b < parts.length; b++) {
      for (const l of dropouts) l.step = (epoch - 1) * batchesPerEpoch + b
      const t = batchTensors(trainBatch(parts[b], epoch, b * config.batchSize), d.meta, multi)
      let hits: tf.Tensor | null = null
      const cost = optimizer.minimize(
        () => {
          const out = model.apply(t.x, { training: true }) as tf.Tensor | tf.Tensor[]
          const list = Array.isArray(out) ? out : [out]
          hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(list[0], 1), t.label), 'float32')))
          return taskLoss(list, t, config, classWeights).total
        },
        true,
        variables
      )!
      const loss = cost.dataSync()[0]
      const hit = (hits as tf.Tensor | null)?.dataSync()[0] ?? 0
      tf.dispose([cost, ...(hits ? [hits] : [])])
      disposeBatch(t)
      if (!Number.isFinite(loss))
        throw new SerError('INTERNAL', `epoch ${epoch} batch ${b + 1}: the loss is ${loss}; try a lower learningRate`, {
          field: 'learningRate'
        })
      lossSum += loss * parts[b].length
      hitSum += hit
      seen += parts[b].length
      if (Date.now() - lastSent >= job.progressIntervalMs && b + 1 < parts.length) {
        lastSent = Date.now()
        events.onProgress(point(epoch, b + 1, lossSum / seen, hitSum / seen, epochStart))
      }
      // let IPC in (a cancel arrives as a message) before the next batch
      await new Promise((r) => setImmediate(r))
      if (cancelled()) return { status: 'cancelled', epochs: state.epoch, bestEpoch: state.bestEpoch }
    }
    const evalStart = Date.now()
    const dev = job.dev.length > 0 ? evaluate(model, d, data, job.dev, job, false, cancelled, classWeights) : null
    if (job.dev.length > 0 && !dev) return { status: 'cancelled', epochs: state.epoch, bestEpoch: state.bestEpoch }
    lastEvalSec = (Date.now() - evalStart) / 1000
    const record: EpochRecord = {
      fold: job.fold,
      epoch,
      loss: lossSum / seen,
      acc: hitSum / seen,
      valLoss: dev ? dev.loss : null,
      valAcc: dev ? dev.acc : null,
      lr: lr.lr,
      seconds: (Date.now() - epochStart) / 1000
    }
    const next: LoopState = { ...state, epoch, history: [...state.history, record] }
    const improved = dev ? next.bestValLoss === null || dev.loss < next.bestValLoss : null
    if (dev && improved) {
      next.bestValLoss = dev.loss
      next.bestEpoch = epoch
      next.badEpochs = 0
      if (config.keepBest || averaged > 1) next.bestDir = await writeBest(job.foldDir, epoch, model)
    } else if (dev) {
      next.badEpochs++
    }
    if (dev && averaged > 1)
      next.top = await keepTop(
        state.top ?? [],
        { epoch, valLoss: dev.loss, dir: next.bestEpoch === epoch ? next.bestDir! : '' },
        averaged,
        job.foldDir,
        model
      )
    lr = nextLr(config.lrSchedule ?? 'constant', lr, improved)
    ;(optimizer as unknown as { learningRate: number }).learningRate = lr.lr
    next.lr = lr.lr
    next.plateauEpochs = lr.plateauEpochs
    const checkpoint = await writeCheckpoint(job.foldDir, model, optimizer, next)
    state = next
    lastSent = Date.now()
    events.onProgress(
      point(epoch, parts.length, record.loss, record.acc, epochStart, { valLoss: dev?.loss, valAcc: dev?.acc })
    )
    events.onEpochSaved(epoch, checkpoint, record)
    stopped = patienceSpent()
    await new Promise((r) => setImmediate(r))
    if (cancelled()) return { status: 'cancelled', epochs: state.epoch, bestEpoch: state.bestEpoch }
  }

  if (averaged > 1 && state.top && state.top.length > 0)
    averageWeights(
      model,
      state.top.map((t) => join(job.foldDir, t.dir))
    )
  else if (config.keepBest && state.bestDir) restoreWeights(model, join(job.foldDir, state.bestDir))
  classWeights?.dispose()
  const test = evaluate(model, d, data, job.test, job, true, cancelled)
  if (!test) return { status: 'cancelled', epochs: state.epoch, bestEpoch: state.bestEpoch }
  const heads = multi ? 3 : 1
  const widths = [d.meta.classes.length, 3, 3]
  const predictions: UtterancePrediction[] = []
  let k = 0
  for (const batch of test.outputs) {
    const size = batch[0].length / widths[0]
    for (let i = 0; i < size; i++, k++) {
      const p: UtterancePrediction = { index: job.test[k], probabilities: rows(batch[0], widths[0], i) }
      if (heads === 3) {
        p.activation = rows(batch[1], 3, i)
        p.valence = rows(batch[2], 3, i)
      }
      predictions.push(p)
    }
  }
  // fusion weighs the CNN against the baseline on the dev split: its category probabilities there
  const wantDev = job.devPredictions === true && job.dev.length > 0
  const devOut = wantDev ? evaluate(model, d, data, job.dev, job, true, cancelled) : null
  if (wantDev && !devOut) return { status: 'cancelled', epochs: state.epoch, bestEpoch: state.bestEpoch }
  const devRows = devOut?.outputs.flatMap((b) =>
    Array.from({ length: b[0].length / widths[0] }, (_, i) => rows(b[0], widths[0], i))
  )
  const devPredictions = devRows?.map((probabilities, k) => ({ index: job.dev[k], probabilities }))
  await saveModel(model, join(job.foldDir, MODEL_DIR), {
    'norm.json': { ...norm, features: d.meta.features, names: d.meta.names, frameShiftSec: d.meta.frameShiftSec },
    'targets.json': {
      classes: d.meta.classes,
      maxFrames: d.meta.maxFrames,
      binThresholds: d.meta.binThresholds,
      task: config.task
    },
    'spec.json': head ?? spec
  })
  // checkpoints stay until the parent has stored this result (it clears them), so a kill now loses nothing
  const done = {
    status: 'done' as const,
    epochs: state.epoch,
    bestEpoch: state.bestEpoch,
    predictions,
    modelDir: MODEL_DIR
  }
  return devPredictions ? { ...done, devPredictions } : done
}

/** The best `k` epochs by dev loss, lowest first; a newcomer that makes the cut has its weights written. */
async function keepTop(
  top: NonNullable<LoopState['top']>,
  candidate: { epoch: number; valLoss: number; dir: string },
  k: number,
  foldDir: string,
  model: tf.LayersModel
): Promise<NonNullable<LoopState['top']>> {
  const ranked = [...top, candidate].sort((a, b) => a.valLoss - b.valLoss).slice(0, k)
  if (!ranked.includes(candidate)) return ranked
  if (!candidate.dir) candidate.dir = await writeBest(foldDir, candidate.epoch, model)
  return ranked
}
