/**
 * `ser train` (docs/cli.md): trains the paper's CNN on the current corpus and prints its test metrics. Progress on
 * stderr; Ctrl-C cancels cleanly (the run keeps its last epoch checkpoint) and `--resume RUN_ID` continues it.
 */
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { Option } from 'commander'
import type { StartTrainingRequest, TrainingProgress } from '../../../../shared/api/training'
import type { CategoryCode } from '../../../../shared/domain/categories'
import { isCategoryCode } from '../../../../shared/domain/categories'
import type { BackendInfo, RunSummary } from '../../../../shared/domain/runs'
import { describeBackend } from '../../../../shared/domain/runs'
import {
  BACKEND_NAMES,
  CLASS_WEIGHTINGS,
  CLASSIFIERS,
  CONV_FORMS,
  DEV_SPLITS,
  LR_SCHEDULES,
  MODEL_KINDS,
  NORMALISATIONS,
  PRESETS,
  TRAIN_FEATURES
} from '../../../../shared/domain/training'
import type { ClassWeighting, LrSchedule } from '../../../../shared/domain/training'
import type { Services } from '../../../services/create-services'
import { callTyped, createDispatcher } from '../../dispatch'
import type { CommonOptions } from '../cli-context'
import {
  CliExit,
  EXIT_OK,
  EXIT_PARTIAL,
  EXIT_USAGE,
  log,
  parseNumber,
  printJson,
  progressBar,
  withCommon,
  withServices
} from '../cli-context'
import { formatMetrics } from './runs'
import { foldLabel } from '../../../../shared/domain/fold-name'

interface TrainOptions extends CommonOptions {
  features?: StartTrainingRequest['features']
  task?: 'single' | 'multi'
  alpha?: number
  beta?: number
  attention?: boolean
  model?: StartTrainingRequest['model']
  classifier?: StartTrainingRequest['classifier']
  preset?: 'paper' | 'workbench' | 'none'
  normalisation?: StartTrainingRequest['normalisation']
  testSession?: string
  folds?: number
  classes?: CategoryCode[]
  epochs?: number
  seed?: number
  maxSeconds?: number
  corpus?: string
  batchSize?: number
  learningRate?: number
  filterWidths?: number[]
  filters?: number
  dropout?: number
  devFraction?: number
  devSplit?: 'utterances' | 'speaker'
  patience?: number
  poolFrames?: number
  backend?: StartTrainingRequest['backend']
  convForm?: StartTrainingRequest['convForm']
  parallelFolds?: number
  classWeighting?: ClassWeighting
  balancedBatches?: boolean
  speedFactors?: number[]
  specAugment?: boolean
  randomCrop?: boolean
  noiseSnr?: [number, number]
  lrSchedule?: LrSchedule
  averageCheckpoints?: number
  ensembleSeeds?: number
  fusionWeight?: number | null
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

function parseWidths(value: string): number[] {
  return value.split(',').map((w) => parseNumber('filter-widths', { integer: true, min: 1 })(w.trim()))
}

function parseFactors(value: string): number[] {
  return value.split(',').map((f) => parseNumber('speed-factors', { min: 0.5, max: 2 })(f.trim()))
}

function parseSnr(value: string): [number, number] {
  const parts = value.split(',').map((f) => parseNumber('noise-snr', { min: -20, max: 100 })(f.trim()))
  if (parts.length !== 2)
    throw new CliExit(EXIT_USAGE, `--noise-snr: give two SNRs in dB, low,high (e.g. 10,30), got '${value}'`)
  return [parts[0], parts[1]]
}

function request(o: TrainOptions): StartTrainingRequest {
  const r: StartTrainingRequest = {
    corpusId: o.corpus,
    features: o.features,
    task: o.task,
    model: o.attention ? 'attentive-cnn' : o.model,
    preset: o.preset === undefined ? undefined : o.preset === 'none' ? null : o.preset,
    classifier: o.classifier,
    normalisation: o.normalisation,
    alpha: o.alpha,
    beta: o.beta,
    testSession: o.testSession,
    folds: o.folds,
    classes: o.classes,
    epochs: o.epochs,
    seed: o.seed,
    maxSeconds: o.maxSeconds,
    batchSize: o.batchSize,
    learningRate: o.learningRate,
    filterWidths: o.filterWidths,
    filters: o.filters,
    dropout: o.dropout,
    devFraction: o.devFraction,
    devSplit: o.devSplit,
    earlyStoppingPatience: o.patience,
    poolFrames: o.poolFrames,
    backend: o.backend,
    convForm: o.convForm,
    parallelFolds: o.parallelFolds,
    classWeighting: o.classWeighting,
    balancedBatches: o.balancedBatches,
    speedFactors: o.speedFactors,
    specAugment: o.specAugment,
    randomCrop: o.randomCrop,
    noiseSnrDb: o.noiseSnr,
    lrSchedule: o.lrSchedule,
    averageCheckpoints: o.averageCheckpoints,
    ensembleSeeds: o.ensembleSeeds,
    fusionWeight: o.fusionWeight
  }
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as StartTrainingRequest
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
  const number = (flag: string, o: { integer?: boolean; min?: number; max?: number } = {}) => parseNumber(flag, o)
  withCommon(
    program
      .command('train')
      .description(
        "train a model (default: the workbench preset; --preset paper: the paper's CNN) and report test metrics; Ctrl-C cancels, --resume continues"
      )
      .addOption(
        new Option(
          '--features <kind>',
          `input features: ${TRAIN_FEATURES.join(', ')}, or encoder:PATH.onnx[#layer=last|weighted|N] (docs/encoders.md)`
        ).argParser(parseFeatures)
      )
      .addOption(
        new Option('--task <task>', 'single: category only; multi: + activation and valence heads').choices([
          'single',
          'multi'
        ])
      )
      .option('--alpha <a>', 'multi-task weight of the activation loss', number('alpha', { min: 0, max: 1 }))
      .option('--beta <b>', 'multi-task weight of the valence loss', number('beta', { min: 0, max: 1 }))
      .addOption(
        new Option(
          '--preset <name>',
          "start from these defaults (default workbench; 'none': RUN_DEFAULTS, recorded as no preset)"
        ).choices([...PRESETS, 'none'])
      )
      .addOption(
        new Option(
          '--model <kind>',
          'cnn, attentive-cnn, baseline (eGeMAPS functionals + linear model) or fusion'
        ).choices(MODEL_KINDS)
      )
      .addOption(
        new Option('--classifier <name>', 'baseline and fusion: logistic regression or linear SVM').choices(CLASSIFIERS)
      )
      .addOption(
        new Option('--normalisation <how>', 'z-normalise per fold (training statistics) or per speaker').choices(
          NORMALISATIONS
        )
      )
      .option('--attention', 'the attentive CNN (Neumann & Vu 2017; same as --model attentive-cnn)')
      .option('--test-session <s>', 'hold out this session (default: every session in turn, metrics pooled)')
      .option(
        '--folds <k>',
        'group sessions (or speakers) into K speaker-disjoint folds',
        number('folds', { integer: true, min: 2 })
      )
      .option('--classes <list>', 'classes to train and test, e.g. neu,hap,ang,sad', parseClasses)
      .option(
        '--epochs <n>',
        'maximum epochs (early stopping may end sooner)',
        number('epochs', { integer: true, min: 1 })
      )
      .option('--seed <n>', 'seed of weights, order and dropout', number('seed', { integer: true, min: 0 }))
      .option(
        '--max-seconds <sec>',
        'cut (first seconds kept) or pad every utterance to this length',
        number('max-seconds', { min: 0.01 })
      )
      .option('--corpus <name>', 'the corpus to train on (default: the only or newest one)')
      .option('--batch-size <n>', 'utterances per step', number('batch-size', { integer: true, min: 1 }))
      .option('--learning-rate <lr>', "Adam's step size", number('learning-rate', { min: 1e-9 }))
      .option('--filter-widths <list>', 'convolution widths in frames, e.g. 5,10,20', parseWidths)
      .option('--filters <n>', 'filters per width', number('filters', { integer: true, min: 1 }))
      .option('--dropout <p>', 'dropout before the softmax', number('dropout', { min: 0, max: 0.99 }))
      .option(
        '--dev-fraction <f>',
        'dev share of the training utterances (early stopping)',
        number('dev-fraction', { min: 0, max: 0.9 })
      )
      .addOption(
        new Option('--dev-split <how>', 'dev split: stratified utterances, or one training speaker').choices(DEV_SPLITS)
      )
      .option(
        '--patience <n>',
        'early stopping: epochs without a better dev loss (0 = off)',
        number('patience', { integer: true, min: 0 })
      )
      .option(
        '--pool-frames <n>',
        'attentive CNN: pooling window in frames',
        number('pool-frames', { integer: true, min: 1 })
      )
      .addOption(
        new Option('--backend <name>', 'tfjs backend (default: the fastest present)').choices([
          'auto',
          ...BACKEND_NAMES
        ])
      )
      .addOption(new Option('--conv-form <form>', 'convolution as tfjs conv1d or as im2col matmul').choices(CONV_FORMS))
      .option(
        '--parallel-folds <n>',
        'folds trained at once (0 = one per core on WASM/CPU)',
        number('parallel-folds', { integer: true, min: 0 })
      )
      .addOption(
        new Option('--class-weighting <how>', 'loss weight per class: none, or inverse frequency').choices(
          CLASS_WEIGHTINGS
        )
      )
      .option('--balanced-batches', 'draw every class equally often in each epoch')
      .option('--speed-factors <list>', 'speed perturbation of the training fold, e.g. 0.9,1,1.1', parseFactors)
      .option('--spec-augment', 'SpecAugment time and frequency masks on training batches')
      .option('--random-crop', 'a random max-seconds window of longer training utterances each epoch')
      .option('--noise-snr <lo,hi>', 'additive noise on training batches at an SNR from lo..hi dB (logmel)', parseSnr)
      .addOption(
        new Option('--lr-schedule <how>', 'constant, or halve after 2 epochs without a lower dev loss').choices(
          LR_SCHEDULES
        )
      )
      .option(
        '--average-checkpoints <n>',
        'final weights = mean of the best n epochs (by dev loss)',
        number('average-checkpoints', { integer: true, min: 1 })
      )
      .option(
        '--ensemble-seeds <n>',
        'train n seeds per fold and average their probabilities',
        number('ensemble-seeds', { integer: true, min: 1 })
      )
      .option(
        '--fusion-weight <w>',
        "fusion: the CNN's weight, 0–1 (default: chosen on the dev split)",
        number('fusion-weight', { min: 0, max: 1 })
      )
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
