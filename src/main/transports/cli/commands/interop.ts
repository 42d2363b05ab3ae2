/**
 * Interop with other trainers (docs/interop.md): `ser import-predictions` makes a run from a model trained elsewhere;
 * `ser export-dataset` writes a Kaldi/ESPnet data directory or a Parquet file with the fold plan.
 */
import type { Command } from 'commander'
import { Option } from 'commander'
import type { ExportDatasetRequest } from '../../../../shared/api/interop'
import { EXPORT_FORMATS } from '../../../../shared/api/interop'
import type { CategoryCode } from '../../../../shared/domain/categories'
import { DEV_SPLITS } from '../../../../shared/domain/training'
import { callTyped, createDispatcher } from '../../dispatch'
import type { CommonOptions } from '../cli-context'
import { log, parseNumber, printJson, progressBar, withCommon, withServices } from '../cli-context'
import { formatMetrics } from './runs'
import { parseClasses, parseFeatures } from './train'

interface ImportPredictionsOptions extends CommonOptions {
  name: string
  corpus?: string
  classes?: CategoryCode[]
}

export function registerImportPredictions(program: Command): void {
  withCommon(
    program
      .command('import-predictions')
      .description(
        'make a run from the predictions of a model trained elsewhere (id, fold, one probability column per class)'
      )
      .argument('<file>', 'CSV: header id,fold,<class>,…; one row per test utterance')
      .requiredOption('--name <name>', 'what the run is called in lists and comparisons')
      .option('--corpus <name>', "the corpus the ids belong to (default: the index's corpus)")
      .option('--classes <codes>', "the run's classes (default: the corpus's standard set)", parseClasses)
  ).action(async (file: string, opts: ImportPredictionsOptions) => {
    await withServices(opts, async (s) => {
      const r = await callTyped(createDispatcher(s), 'runs.import', {
        file,
        name: opts.name,
        ...(opts.corpus ? { corpusId: opts.corpus } : {}),
        ...(opts.classes ? { classes: opts.classes } : {})
      })
      if (opts.json) return printJson(r)
      process.stdout.write(
        `run ${r.runId} '${r.name}': ${r.predictions} predictions in ${r.folds.length} folds (${r.folds.map((f) => `${f.fold}: ${f.testGroups.join(',')}`).join('; ')})\n`
      )
      process.stdout.write(formatMetrics(r.metrics))
    })
  })
}

interface ExportDatasetOptions extends CommonOptions {
  format: ExportDatasetRequest['format']
  features?: ExportDatasetRequest['features']
  out: string
  run?: string
  corpus?: string
  classes?: CategoryCode[]
  testSession?: string
  folds?: number
  devFraction?: number
  devSplit?: 'utterances' | 'speaker'
  seed?: number
}

export function registerExportDataset(program: Command): void {
  withCommon(
    program
      .command('export-dataset')
      .description(
        'write the corpus with labels, speakers, sessions, features and a fold plan for another trainer (Kaldi/ESPnet dir or Parquet)'
      )
      .addOption(
        new Option('--format <format>', 'kaldi: data dir with feats.ark/scp; parquet: one row per utterance')
          .choices([...EXPORT_FORMATS])
          .makeOptionMandatory()
      )
      .requiredOption('--out <dir>', 'the folder to write')
      .option(
        '--features <set>',
        "logmel, mfcc, egemaps or encoder:PATH.onnx (default: the run's, else logmel)",
        parseFeatures
      )
      .option('--run <runId>', "export this run's utterances and exact fold plan")
      .option('--corpus <name>', "without --run: the corpus (default: the index's)")
      .option('--classes <codes>', "without --run: the classes (default: the corpus's standard set)", parseClasses)
      .option('--test-session <s>', 'without --run: one fold holding this session out')
      .option('--folds <k>', 'without --run: K speaker-disjoint folds', parseNumber('folds', { integer: true, min: 2 }))
      .option(
        '--dev-fraction <f>',
        'without --run: dev split fraction (default 0.2)',
        parseNumber('dev-fraction', { min: 0, max: 0.9 })
      )
      .addOption(
        new Option('--dev-split <kind>', 'without --run: dev split from utterances or one speaker').choices([
          ...DEV_SPLITS
        ])
      )
      .option(
        '--seed <n>',
        'without --run: the seed of the dev split (default 1)',
        parseNumber('seed', { integer: true, min: 0 })
      )
  ).action(async (opts: ExportDatasetOptions) => {
    await withServices(opts, async (s) => {
      const bar = progressBar('export')
      const off = s.events.on('interop.exportProgress', (p) => bar.update(p.done, p.total, p.item))
      const defined = <T extends object>(o: T) =>
        Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
      try {
        const r = await callTyped(
          createDispatcher(s),
          'interop.exportDataset',
          defined({
            format: opts.format,
            out: opts.out,
            features: opts.features,
            runId: opts.run,
            corpusId: opts.corpus,
            classes: opts.classes,
            testSession: opts.testSession,
            folds: opts.folds,
            devFraction: opts.devFraction,
            devSplit: opts.devSplit,
            seed: opts.seed
          })
        )
        bar.stop()
        if (opts.json) return printJson(r)
        for (const k of r.skipped) log(`skipped ${k.id}: ${k.error}`)
        process.stdout.write(
          `${r.format} export of ${r.utterances} utterances (${r.features}, ${r.dims} dims), ${r.folds} folds → ${r.out}\n`
        )
      } finally {
        bar.stop()
        off()
      }
    })
  })
}

export function registerExportModel(program: Command): void {
  withCommon(
    program
      .command('export-model')
      .description("copy a run's trained fold models out: tfjs files, normalisation, classes, and a Keras-ready form")
      .requiredOption('--run <runId>', 'the trained run')
      .requiredOption('--out <dir>', 'the folder to write')
  ).action(async (opts: CommonOptions & { run: string; out: string }) => {
    await withServices(opts, async (s) => {
      const r = await callTyped(createDispatcher(s), 'interop.exportModel', { runId: opts.run, out: opts.out })
      if (opts.json) return printJson(r)
      for (const f of r.folds)
        process.stdout.write(
          `fold ${f.fold} (test ${f.testGroups.join(',')}): ${[f.tfjs, f.keras, f.baseline].filter(Boolean).join(', ')}${f.tfjs && !f.keras ? `; no Keras form: ${f.notConvertible}` : ''}${f.fusionWeight !== undefined ? `; fused at CNN weight ${f.fusionWeight}` : ''}\n`
        )
      if (r.converter) process.stdout.write(`to Keras: ${r.converter}\n`)
    })
  })
}
