/**
 * Interop with other trainers (docs/interop.md): `ser import-predictions` makes a run from a model trained elsewhere.
 */
import type { Command } from 'commander'
import type { CategoryCode } from '../../../../shared/domain/categories'
import { callTyped, createDispatcher } from '../../dispatch'
import type { CommonOptions } from '../cli-context'
import { printJson, withCommon, withServices } from '../cli-context'
import { formatMetrics } from './runs'
import { parseClasses } from './train'

interface ImportPredictionsOptions extends CommonOptions {
  name: string
  corpus?: string
  classes?: CategoryCode[]
}

export function registerImportPredictions(program: Command): void {
  withCommon(
    program
      .command('import-predictions')
      .description('make a run from the predictions of a model trained elsewhere (id, fold, one probability column per class)')
      .argument('<file>', 'CSV: header id,fold,<class>,…; one row per test utterance')
      .requiredOption('--name <name>', 'what the run is called in lists and comparisons')
      .option('--corpus <name>', 'the corpus the ids belong to (default: the index\'s corpus)')
      .option('--classes <codes>', 'the run\'s classes (default: the corpus\'s standard set)', parseClasses)
  ).action(async (file: string, opts: ImportPredictionsOptions) => {
    await withServices(opts, async (s) => {
      const r = await callTyped(createDispatcher(s), 'runs.import', {
        file,
        name: opts.name,
        ...(opts.corpus ? { corpusId: opts.corpus } : {}),
        ...(opts.classes ? { classes: opts.classes } : {})
      })
      if (opts.json) return printJson(r)
      process.stdout.write(`run ${r.runId} '${r.name}': ${r.predictions} predictions in ${r.folds.length} folds (${r.folds.map((f) => `${f.fold}: ${f.testGroups.join(',')}`).join('; ')})\n`)
      process.stdout.write(formatMetrics(r.metrics))
    })
  })
}
