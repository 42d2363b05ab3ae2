/**
 * `ser train` (docs/cli.md): trains the paper's CNN on the current corpus and prints its test metrics. Progress on
 * stderr; Ctrl-C cancels cleanly (the run keeps its last epoch checkpoint) and `--resume RUN_ID` continues it.
 */
import { resolve } from 'node:path'
import type { Command } from 'commander'
import type { TrainingProgress } from '../../../../shared/api/training'
import { StartTrainingRequest } from '../../../../shared/api/training'
import type { CategoryCode } from '../../../../shared/domain/categories'
import { isCategoryCode } from '../../../../shared/domain/categories'
import type { BackendInfo, RunSummary } from '../../../../shared/domain/runs'
import { describeBackend } from '../../../../shared/domain/runs'
import { TRAIN_FEATURES } from '../../../../shared/domain/training'
import type { Services } from '../../../services/create-services'
import { callTyped, createDispatcher } from '../../dispatch'
import type { CommonOptions } from '../cli-context'
import {
  CliExit,
  EXIT_OK,
  EXIT_PARTIAL,
  EXIT_USAGE,
  log,
  printJson,
  progressBar,
  withCommon,
  withServices
} from '../cli-context'
import type { FieldFlags } from '../schema-options'
import { schemaOptions } from '../schema-options'
import { formatMetrics } from './runs'
import { foldLabel } from '../../../../shared/domain/fold-name'

interface TrainOptions extends CommonOptions, Record<string, unknown> {
  attention?: boolean
  model?: StartTrainingRequest['model']
  resume?: string
}

/** A paper feature set, or encoder:PATH (made absolute here: the service may run elsewhere than the shell's cwd) */
export function parseFeatures(value: string): StartTrainingRequest['features'] {
  if ((TRAIN_FEATURES as readonly string[]).includes(value)) return value as StartTrainingRequest['features']
  if (!/^encoder:[^#]+/.test(value))
    throw new CliExit(
      EXIT_USAGE,
      `--features: expected ${TRAIN_FEATURES.join(', ')} or encoder:PATH.onnx, got '${value}'`
    )
  const body = value.slice('encoder:'.length)
  const hash = body.indexOf('#')
  const path = hash < 0 ? body : body.slice(0, hash)
  return `encoder:${resolve(path)}${hash < 0 ? '' : body.slice(hash)}`
}

export function parseClasses(value: string): CategoryCode[] {
  const codes = value
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
  const bad = codes.find((c) => !isCategoryCode(c))
  if (bad !== undefined)
    throw new CliExit(EXIT_USAGE, `--classes: unknown category '${bad}' (three-letter codes such as neu,hap,ang,sad)`)
  return codes as CategoryCode[]
}

/** The request's fields as flags (schema-options.ts): names and help texts where they differ from the defaults */
const TRAIN_FLAGS: FieldFlags<typeof StartTrainingRequest.shape> = {
  corpusId: { flag: 'corpus', arg: '<name>', help: 'the corpus to train on (default: the only or newest one)' },
  features: {
    arg: '<kind>',
    help: `input features: ${TRAIN_FEATURES.join(', ')}, or encoder:PATH.onnx[#layer=last|weighted|N] (docs/encoders.md)`,
    parse: parseFeatures
  },
  model: { arg: '<kind>', help: 'cnn, attentive-cnn, baseline (eGeMAPS functionals + linear model) or fusion' },
  preset: {
    arg: '<name>',
    help: "start from these defaults (default workbench; 'none': RUN_DEFAULTS, recorded as no preset)"
  },
  classifier: { arg: '<name>', help: 'baseline and fusion: logistic regression or linear SVM' },
  task: { arg: '<task>', help: 'single: category only; multi: + activation and valence heads' },
  alpha: { arg: '<a>', help: 'multi-task weight of the activation loss' },
  beta: { arg: '<b>', help: 'multi-task weight of the valence loss' },
  testSession: { arg: '<s>', help: 'hold out this session (default: every session in turn, metrics pooled)' },
  folds: { arg: '<k>', help: 'group sessions (or speakers) into K speaker-disjoint folds' },
  classes: { arg: '<list>', help: 'classes to train and test, e.g. neu,hap,ang,sad', parse: parseClasses },
  epochs: { arg: '<n>', help: 'maximum epochs (early stopping may end sooner)' },
  batchSize: { arg: '<n>', help: 'utterances per step' },
  learningRate: { arg: '<lr>', help: "Adam's step size" },
  seed: { arg: '<n>', help: 'seed of weights, order and dropout' },
  maxSeconds: { arg: '<sec>', help: 'cut (first seconds kept) or pad every utterance to this length' },
  filterWidths: { arg: '<list>', help: 'convolution widths in frames, e.g. 5,10,20' },
  filters: { arg: '<n>', help: 'filters per width' },
  dropout: { arg: '<p>', help: 'dropout before the softmax' },
  devFraction: { arg: '<f>', help: 'dev share of the training utterances (early stopping)' },
  earlyStoppingPatience: {
    flag: 'patience',
    arg: '<n>',
    help: 'early stopping: epochs without a better dev loss (0 = off)'
  },
  devSplit: { arg: '<how>', help: 'dev split: stratified utterances, or one training speaker' },
  normalisation: { arg: '<how>', help: 'z-normalise per fold (training statistics) or per speaker' },
  classWeighting: { arg: '<how>', help: 'loss weight per class: none, or inverse frequency' },
  balancedBatches: { help: 'draw every class equally often in each epoch' },
  speedFactors: { arg: '<list>', help: 'speed perturbation of the training fold, e.g. 0.9,1,1.1' },
  specAugment: { help: 'SpecAugment time and frequency masks on training batches' },
  randomCrop: { help: 'a random max-seconds window of longer training utterances each epoch' },
  noiseSnrDb: {
    flag: 'noise-snr',
    arg: '<lo,hi>',
    help: 'additive noise on training batches at an SNR from lo..hi dB (logmel)'
  },
  lrSchedule: { arg: '<how>', help: 'constant, or halve after 2 epochs without a lower dev loss' },
  averageCheckpoints: { arg: '<n>', help: 'final weights = mean of the best n epochs (by dev loss)' },
  ensembleSeeds: { arg: '<n>', help: 'train n seeds per fold and average their probabilities' },
  extraFeatures: {
    arg: '<list>',
    help: "more views, one CNN each averaged with the main one, e.g. mfcc or mfcc,logmel ('none': one view)",
    parse: (value) => (value === 'none' ? [] : value.split(',').map((v) => parseFeatures(v.trim())))
  },
  fusionWeight: { arg: '<w>', help: "fusion: the CNN's weight, 0–1 (default: chosen on the dev split)" },
  keepBest: { help: 'keep the weights of the epoch with the lowest dev loss as the final model' },
  binThresholds: {
    arg: '<low,high>',
    help: 'activation/valence bins: the low/mid and mid/high thresholds on the 1–5 scale'
  },
  poolFrames: { arg: '<n>', help: 'attentive CNN: pooling window in frames' },
  convForm: { arg: '<form>', help: 'convolution as tfjs conv1d or as im2col matmul' },
  backend: { arg: '<name>', help: 'tfjs backend (default: the fastest present)' },
  parallelFolds: { arg: '<n>', help: 'folds trained at once (0 = one per core on WASM/CPU)' }
}

export const TRAIN_OPTIONS = schemaOptions(StartTrainingRequest, TRAIN_FLAGS)

function request(o: TrainOptions): StartTrainingRequest {
  const r = TRAIN_OPTIONS.request(o) as StartTrainingRequest
  return o.attention ? { ...r, model: 'attentive-cnn' } : r
}

/** One bar over every fold's batches; the item text is the newest point. */
function followProgress(s: Services, runId: string): () => void {
  const bar = progressBar('train')
  const done = new Map<number, number>()
  let total = 0
  const offs = [
    s.events.on('training.prepareProgress', (p) => p.jobId === runId && bar.update(p.done, p.total, p.item)),
    s.events.on('training.progress', (p: TrainingProgress) => {
      if (p.runId !== runId) return
      total = p.folds * p.epochs * p.batches
      done.set(p.fold, (p.epoch - 1) * p.batches + p.batch)
      const sum = [...done.values()].reduce((a, b) => a + b, 0)
      const val = p.valLoss !== undefined ? ` val ${p.valLoss.toFixed(3)}/${(p.valAcc ?? 0).toFixed(2)}` : ''
      bar.update(
        sum,
        total,
        `${foldLabel(p.fold)}/${p.folds} epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(3)} acc ${p.acc.toFixed(2)}${val} ${Math.round(p.throughput)} utt/s`
      )
    })
  ]
  return () => {
    for (const off of offs) off()
    bar.stop()
  }
}

function exitStatus(run: RunSummary): number {
  if (run.status === 'done') return EXIT_OK
  return run.metrics ? EXIT_PARTIAL : run.status === 'cancelled' ? EXIT_PARTIAL : EXIT_USAGE
}

export function registerTrain(program: Command): void {
  const command = program
    .command('train')
    .description(
      "train a model (default: the workbench preset; --preset paper: the paper's CNN) and report test metrics; Ctrl-C cancels, --resume continues"
    )
  for (const option of TRAIN_OPTIONS.options) command.addOption(option)
  withCommon(
    command
      .option('--attention', 'the attentive CNN (Neumann & Vu 2017; same as --model attentive-cnn)')
      .option('--resume <runId>', 'continue a cancelled or interrupted run from its last checkpoint')
  ).action(async (opts: TrainOptions) => {
    await withServices(opts, async (s) => {
      const d = createDispatcher(s)
      const given = Object.keys(request(opts))
      if (opts.resume && given.length > 0)
        throw new CliExit(
          EXIT_USAGE,
          `--resume continues a run with its own settings; drop ${given.map((k) => `'${k}'`).join(', ')}`
        )
      if (opts.attention && opts.model && opts.model !== 'attentive-cnn')
        throw new CliExit(EXIT_USAGE, `--attention: it means --model attentive-cnn; drop it or --model ${opts.model}`)
      // `ser train` starts from the workbench preset unless told otherwise (the API's own default is the paper's)
      const { runId } = opts.resume
        ? await callTyped(d, 'training.resume', { runId: opts.resume })
        : await callTyped(d, 'training.start', { preset: 'workbench', ...request(opts) })
      let interrupts = 0
      const onSigint = () => {
        if (++interrupts > 1) process.exit(130)
        log(`\ncancelling ${runId} at the end of this batch (Ctrl-C again to quit at once)…`)
        s.training.cancel(runId)
      }
      process.on('SIGINT', onSigint)
      const started = s.training.get(runId).config
      const wanted = started.backend
      const inProcess = started.model === 'baseline'
      log(
        `preset: ${started.preset ?? 'none'}; model ${started.model}${started.model === 'baseline' || started.model === 'fusion' ? ` (${started.classifier}, ${started.normalisation} normalisation)` : ''}`
      )
      let probed: BackendInfo | null
      let run: RunSummary
      const stop = followProgress(s, runId)
      try {
        // the backend 'auto' resolves to here, and why the faster ones are missing; a named one is checked by the child
        probed = wanted === 'auto' && !inProcess ? await callTyped(d, 'training.backend', {}) : null
        log(
          `backend: ${inProcess ? 'none (the baseline fits in this process)' : probed ? describeBackend(probed) : `${wanted} (requested)`}`
        )
        log(`${opts.resume ? 'resuming' : 'run'} ${runId}`)
        run = await s.training.wait(runId)
      } finally {
        stop()
        process.off('SIGINT', onSigint)
      }
      if (run.status !== 'done')
        log(
          `run ${runId} ${run.status}${run.error ? `: ${run.error}` : ''}; continue it with: ser train --resume ${runId}`
        )
      const detail = s.training.get(runId)
      if (opts.json) {
        printJson({
          runId,
          status: run.status,
          backend: inProcess ? 'in-process' : (run.backend?.name ?? probed?.name ?? wanted),
          preset: run.config.preset,
          model: run.config.model,
          epochs: run.epochs,
          trainUtterances: run.trainUtterances,
          testUtterances: run.testUtterances,
          metrics: run.metrics,
          // the run's utterances per class and per activation/valence bin (docs/paper.md asks for the counts)
          classCounts: detail.snapshot?.classCounts ?? null,
          folds: detail.foldSummaries.map((f) => ({
            fold: f.fold,
            testGroups: f.testGroups,
            status: f.status,
            epochs: f.epochs,
            bestEpoch: f.bestEpoch,
            trainUtterances: f.trainUtterances,
            devUtterances: f.devUtterances,
            testUtterances: f.testUtterances,
            wa: f.metrics?.wa ?? null,
            ua: f.metrics?.ua ?? null
          }))
        })
      } else if (run.metrics) {
        process.stdout.write(
          `run ${runId} (${run.status}, ${run.backend?.name ?? wanted}, ${run.epochs} epochs, ${run.trainUtterances} train / ${run.testUtterances} test utterances)\n`
        )
        const counts = detail.snapshot?.classCounts
        if (counts)
          process.stdout.write(
            `utterances per class ${JSON.stringify(counts.category)}, activation ${JSON.stringify(counts.activation)}, valence ${JSON.stringify(counts.valence)}\n`
          )
        process.stdout.write(formatMetrics(run.metrics))
      }
      process.exitCode = exitStatus(run)
    })
  })
}
