/**
 * One fold's training, in the trainer child. Our own loop rather than model.fit, because the run must be a pure
 * function of its seed (fit shuffles with Math.random), stop within one batch, and resume mid-run with the same
 * epoch order and dropout masks; it keeps tfjs's callback shape (tfjs-layers base_callbacks.ts: onBatchEnd,
 * onEpochEnd) in `FoldEvents`. Each epoch: seeded order → batches (Adam on the task loss) → dev loss/accuracy →
 * best-on-dev weights → checkpoint. At the end: the final model on disk and the test predictions.
 * Each job of the loop is its own module, as tfjs splits fit into callbacks: the epoch order and augmented batches
 * (train-batches.ts), progress and ETA (fold-progress.ts), early stopping, the best epoch and the final weights
 * (best-epoch.ts), the LR schedule (lr-schedule.ts), checkpoints (checkpoint.ts), inference (fold-eval.ts) and
 * predictions (fold-predictions.ts); speaker normalisation (normalise.ts) and class weights (losses.ts) set up the
 * fold, and seed ensembles are below.
 */
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import type { TrainJob, TrainingProgress, UtterancePrediction } from '../../../shared/api/training'
import { isEncoderFeatures } from '../../../shared/domain/encoders'
import type { BackendInfo, ClassCounts, EpochRecord } from '../../../shared/domain/runs'
import { SerError } from '../../../shared/errors'
import type { ModelSpec } from '../models/build-model'
import { buildModel, dropoutLayers, parameterCount } from '../models/build-model'
import type { EncoderHeadSpec } from '../models/encoder-head'
import { buildEncoderHead, encoderHeadParameters, encoderHeadSpec } from '../models/encoder-head'
import { saveModel } from '../models/model-io'
import { chunks } from './batches'
import { finalWeights, keepBestWeights, patienceSpent, recordEpoch } from './best-epoch'
import type { LoopState } from './checkpoint'
import { readLatest, restoreCheckpoint, writeCheckpoint } from './checkpoint'
import type { Dataset, DatasetUtterance } from './dataset-file'
import { readDataset, viewDatasetBase } from './dataset-file'
import { batchTensors, disposeBatch, evaluate } from './fold-eval'
import { MODEL_DIR, seedFolder, viewFolder } from './fold-files'
import { averagePredictions, devPredictions, testPredictions } from './fold-predictions'
import { foldProgress } from './fold-progress'
import { inverseClassWeights, taskLoss } from './losses'
import { lrScheduler } from './lr-schedule'
import type { Norm } from './normalise'
import { normalised, normalisedByUtterance, normStats, utteranceNorms } from './normalise'
import { mixSeed } from './prng'
import { classCounts } from './targets'
import type { TrainingBatches } from './train-batches'
import { trainingBatches, withVariants } from './train-batches'

export { withVariants }

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

/** A further model of the fold (a seed, a view): its points go out live, tagged; its start and epochs are not stored */
const asMember = (events: FoldEvents, member: string): FoldEvents => ({
  onStart: () => {},
  onProgress: (p) => events.onProgress({ ...p, member }),
  onEpochSaved: () => {}
})

/**
 * One fold. The CNN on `features` is trained (and reported) first; each extra view (RunConfig.extraFeatures) then
 * trains its own CNN, silently, on its dataset (dataset-file.ts viewDatasetBase) in `view-K/` (its points tagged `member`, live only), and the fold's test
 * and dev predictions are the mean of the views' (each view weighs the same, whatever its seed count).
 */
export async function trainFold(
  job: TrainJob,
  backend: BackendInfo,
  events: FoldEvents,
  cancelled: () => boolean
): Promise<FoldOutcome> {
  const first = await trainSeeds(job, backend, events, cancelled)
  const views = job.config.extraFeatures ?? []
  if (views.length === 0 || first.status !== 'done') return first
  const test = [first.predictions ?? []]
  const dev = [first.devPredictions ?? []]
  for (const [k, features] of views.entries()) {
    const view: TrainJob = {
      ...job,
      config: { ...job.config, features, extraFeatures: [] },
      datasetPath: viewDatasetBase(job.datasetPath, k),
      foldDir: viewFolder(job.foldDir, k + 1)
    }
    const outcome = await trainSeeds(view, backend, events, cancelled, `view ${features}`)
    if (outcome.status !== 'done') return { status: outcome.status, epochs: first.epochs, bestEpoch: first.bestEpoch }
    test.push(outcome.predictions ?? [])
    dev.push(outcome.devPredictions ?? [])
  }
  const predictions = averagePredictions(test)
  return first.devPredictions
    ? { ...first, predictions, devPredictions: averagePredictions(dev) }
    : { ...first, predictions }
}

/**
 * One view of a fold. With ensembleSeeds N > 1, N models are trained on it with seeds seed, seed+1, … (the first in
 * the fold folder and reported as usual, the others in `seed-K/`, their points tagged `member` and not stored), and the test predictions are the mean of
 * their class probabilities; the fold's model on disk is the first one's.
 */
async function trainSeeds(
  job: TrainJob,
  backend: BackendInfo,
  events: FoldEvents,
  cancelled: () => boolean,
  view?: string
): Promise<FoldOutcome> {
  const members = job.config.ensembleSeeds ?? 1
  const first = await trainMember(job, backend, view ? asMember(events, view) : events, cancelled)
  if (members <= 1 || first.status !== 'done') return first
  const all = [first.predictions ?? []]
  // fusion weighs the CNN on its dev predictions: those of the ensemble, like its test predictions
  const dev = [first.devPredictions ?? []]
  for (let k = 1; k < members; k++) {
    const member: TrainJob = {
      ...job,
      config: { ...job.config, seed: job.config.seed + k, ensembleSeeds: 1 },
      foldDir: seedFolder(job.foldDir, k)
    }
    const tag = `${view ? `${view}, ` : ''}seed ${member.config.seed}`
    const outcome = await trainMember(member, backend, asMember(events, tag), cancelled)
    if (outcome.status !== 'done') return { status: outcome.status, epochs: first.epochs, bestEpoch: first.bestEpoch }
    all.push(outcome.predictions ?? [])
    dev.push(outcome.devPredictions ?? [])
  }
  const predictions = averagePredictions(all)
  return first.devPredictions
    ? { ...first, predictions, devPredictions: averagePredictions(dev) }
    : { ...first, predictions }
}

/** Everything one fold trains on and with, before its first epoch. */
interface FoldSetup {
  d: Dataset
  /** The normalised features (utterances, then their variants) */
  data: Float32Array
  norm: Norm
  items: DatasetUtterance[]
  train: number[]
  batches: TrainingBatches
  classWeights?: tf.Tensor1D
  model: tf.LayersModel
  spec: ModelSpec
  head: EncoderHeadSpec | null
  convForm: 'conv' | 'matmul'
}

/** Reads the dataset, normalises it with the training statistics and builds the fold's model. */
function setUpFold(job: TrainJob, backend: BackendInfo): FoldSetup {
  const d = readDataset(job.datasetPath)
  checkJob(job, d)
  const { config } = job
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
  const batches = trainingBatches(job, d.meta, data, items, norms, train)
  return { d, data, norm, items, train, batches, classWeights, model, spec, head, convForm }
}

/** The fold's utterances per class and per activation/valence bin (training utterances and their variants) */
function trainCounts(f: FoldSetup): ClassCounts {
  return classCounts(
    f.train.map((i) => f.items[i]),
    f.d.meta.classes
  )
}

/** Let IPC in (a cancel arrives as a message) */
const yieldToEvents = () => new Promise((r) => setImmediate(r))

async function trainMember(
  job: TrainJob,
  backend: BackendInfo,
  events: FoldEvents,
  cancelled: () => boolean
): Promise<FoldOutcome> {
  const f = setUpFold(job, backend)
  const { d, data, model, classWeights } = f
  const { config } = job
  const multi = config.task === 'multi'
  const optimizer = tf.train.adam(config.learningRate)
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable)
  const dropouts = dropoutLayers(model)

  let state: LoopState = { epoch: 0, bestEpoch: null, bestValLoss: null, badEpochs: 0, bestDir: null, history: [] }
  const latest = job.resume ? readLatest(job.foldDir) : null
  if (latest) {
    await restoreCheckpoint(latest.dir, model, optimizer)
    state = latest.state
  }
  const lr = lrScheduler(
    config.lrSchedule ?? 'constant',
    { lr: state.lr ?? config.learningRate, plateauEpochs: state.plateauEpochs ?? 0 },
    optimizer
  )
  events.onStart({
    resumedFromEpoch: state.epoch,
    history: state.history,
    norm: f.norm,
    counts: trainCounts(f),
    parameters: f.head ? encoderHeadParameters(f.head) : parameterCount(f.spec),
    convForm: f.convForm
  })

  const epochSize = f.batches.order(1).length
  const batchesPerEpoch = Math.ceil(epochSize / config.batchSize)
  const progress = foldProgress(
    job,
    epochSize,
    batchesPerEpoch,
    () => lr.state.lr,
    (p) => events.onProgress(p)
  )
  const cancel = (): FoldOutcome => ({ status: 'cancelled', epochs: state.epoch, bestEpoch: state.bestEpoch })
  // a run that had already stopped early when it was interrupted goes straight to its final model
  let stopped = patienceSpent(state, job.dev.length, config.earlyStoppingPatience)

  for (let epoch = state.epoch + 1; epoch <= config.epochs && !stopped; epoch++) {
    const epochStart = Date.now()
    let lossSum = 0
    let hitSum = 0
    let seen = 0
    const parts = chunks(f.batches.order(epoch), config.batchSize)
    for (let b = 0; b < parts.length; b++) {
      for (const l of dropouts) l.step = (epoch - 1) * batchesPerEpoch + b
      const t = batchTensors(f.batches.batch(parts[b], epoch, b * config.batchSize), d.meta, multi)
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
      progress.batch(epoch, b + 1, parts.length, lossSum / seen, hitSum / seen, epochStart)
      await yieldToEvents()
      if (cancelled()) return cancel()
    }
    const evalStart = Date.now()
    const dev = job.dev.length > 0 ? evaluate(model, d, data, job.dev, job, false, cancelled, classWeights) : null
    if (job.dev.length > 0 && !dev) return cancel()
    progress.evaluated((Date.now() - evalStart) / 1000)
    const record: EpochRecord = {
      fold: job.fold,
      epoch,
      loss: lossSum / seen,
      acc: hitSum / seen,
      valLoss: dev ? dev.loss : null,
      valAcc: dev ? dev.acc : null,
      lr: lr.state.lr,
      seconds: (Date.now() - epochStart) / 1000
    }
    const { next, improved } = recordEpoch(state, record)
    await keepBestWeights(state, next, improved, config, job.foldDir, model)
    const { lr: nextRate, plateauEpochs } = lr.step(improved)
    next.lr = nextRate
    next.plateauEpochs = plateauEpochs
    const checkpoint = await writeCheckpoint(job.foldDir, model, optimizer, next)
    state = next
    progress.epochEnd(epoch, parts.length, record.loss, record.acc, epochStart, dev)
    events.onEpochSaved(epoch, checkpoint, record)
    stopped = patienceSpent(state, job.dev.length, config.earlyStoppingPatience)
    await yieldToEvents()
    if (cancelled()) return cancel()
  }
  return finishFold(job, f, state, cancelled)
}

/** The final weights, the test (and dev) predictions, and the model on disk. */
async function finishFold(
  job: TrainJob,
  f: FoldSetup,
  state: LoopState,
  cancelled: () => boolean
): Promise<FoldOutcome> {
  const { d, data, model } = f
  const { config } = job
  finalWeights(model, state, config, job.foldDir)
  f.classWeights?.dispose()
  const cancel = (): FoldOutcome => ({ status: 'cancelled', epochs: state.epoch, bestEpoch: state.bestEpoch })
  const test = evaluate(model, d, data, job.test, job, true, cancelled)
  if (!test) return cancel()
  const classCount = d.meta.classes.length
  const predictions = testPredictions(test.outputs, job.test, classCount, config.task === 'multi')
  // fusion weighs the CNN against the baseline on the dev split: its category probabilities there
  const wantDev = job.devPredictions === true && job.dev.length > 0
  const devOut = wantDev ? evaluate(model, d, data, job.dev, job, true, cancelled) : null
  if (wantDev && !devOut) return cancel()
  const dev = devOut ? devPredictions(devOut.outputs, job.dev, classCount) : undefined
  await saveModel(model, join(job.foldDir, MODEL_DIR), {
    // 'speaker': whoever scores this model normalises each speaker by its own statistics, as training did
    'norm.json': {
      ...f.norm,
      normalisation: config.normalisation ?? 'fold',
      features: d.meta.features,
      names: d.meta.names,
      frameShiftSec: d.meta.frameShiftSec
    },
    'targets.json': {
      classes: d.meta.classes,
      maxFrames: d.meta.maxFrames,
      binThresholds: d.meta.binThresholds,
      task: config.task
    },
    'spec.json': f.head ?? f.spec
  })
  // checkpoints stay until the parent has stored this result (it clears them), so a kill now loses nothing
  const done = {
    status: 'done' as const,
    epochs: state.epoch,
    bestEpoch: state.bestEpoch,
    predictions,
    modelDir: MODEL_DIR
  }
  return dev ? { ...done, devPredictions: dev } : done
}
