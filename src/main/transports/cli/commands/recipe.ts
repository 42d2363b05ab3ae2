/**
 * `ser recipe experiment1|experiment2` (docs/cli.md): the paper's experiments on the current corpus, one progress
 * bar over the whole grid on stderr, the table on stdout (or `--json`: the numbers), and with `--out DIR` the report
 * folder. Ctrl-C cancels the cell training now; running the same command again reuses the finished cells and resumes
 * the cancelled one from its checkpoint.
 */
import type { Command } from 'commander'
import { Option } from 'commander'
import type { StartRecipeRequest } from '../../../../shared/api/recipes'
import type { CategoryCode } from '../../../../shared/domain/categories'
import { isCategoryCode } from '../../../../shared/domain/categories'
import type { RecipeKind, RecipeStatus } from '../../../../shared/domain/recipes'
import { RECIPE_KINDS } from '../../../../shared/domain/recipes'
import type { TaskKind, TrainFeatures } from '../../../../shared/domain/training'
import { TRAIN_FEATURES } from '../../../../shared/domain/training'
import { experiment1Tables, experiment2Tables } from '../../../services/reports/tables'
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

interface RecipeOptions extends CommonOptions {
  out?: string
  corpus?: string
  features?: TrainFeatures[]
  tasks?: TaskKind[]
  lengths?: number[]
  testSession?: string
  folds?: number
  epochs?: number
  seed?: number
  classes?: CategoryCode[]
  maxSeconds?: number
  attention?: boolean
  alpha?: number
  beta?: number
  batchSize?: number
  filters?: number
  patience?: number
  parallelFolds?: number
}

function listOf<T extends string>(
  flag: string,
  allowed: readonly string[],
  is: (s: string) => boolean = (s) => allowed.includes(s)
) {
  return (value: string): T[] => {
    const items = value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)
    const bad = items.find((v) => !is(v))
    if (bad !== undefined || items.length === 0)
      throw new CliExit(EXIT_USAGE, `--${flag}: unknown value '${bad ?? value}' (one or more of ${allowed.join(', ')})`)
    return items as T[]
  }
}

function parseLengths(value: string): number[] {
  return value.split(',').map((v) => parseNumber('lengths', { min: 0.01, max: 600 })(v.trim()))
}

function request(kind: RecipeKind, o: RecipeOptions): StartRecipeRequest {
  const train = Object.fromEntries(
    Object.entries({
      testSession: o.testSession,
      folds: o.folds,
      epochs: o.epochs,
      seed: o.seed,
      classes: o.classes,
      maxSeconds: o.maxSeconds,
      model: o.attention ? 'attentive-cnn' : undefined,
      alpha: o.alpha,
      beta: o.beta,
      batchSize: o.batchSize,
      filters: o.filters,
      earlyStoppingPatience: o.patience,
      parallelFolds: o.parallelFolds
    }).filter(([, v]) => v !== undefined)
  )
  return {
    kind,
    ...(o.corpus ? { corpusId: o.corpus } : {}),
    ...(o.features ? { features: o.features } : {}),
    ...(o.tasks ? { tasks: o.tasks } : {}),
    ...(o.lengths ? { lengths: o.lengths } : {}),
    ...(Object.keys(train).length > 0 ? { train } : {})
  }
}

export function registerRecipe(program: Command): void {
  const n = (flag: string, o: { integer?: boolean; min?: number; max?: number } = {}) => parseNumber(flag, o)
  withCommon(
    program
      .command('recipe')
      .description("run the paper's experiment 1 (features × single/multi-task) or 2 (signal length); resumable")
      .addArgument(program.createArgument('<experiment>', 'experiment1 or experiment2').choices(RECIPE_KINDS))
      .option('--out <dir>', 'write the report folder (Markdown, CSV, LaTeX, SVG, PNG, JSON)')
      .option('--corpus <name>', 'the corpus (default: the only or newest one)')
      .option(
        '--features <list>',
        'feature sets (experiment 1: the grid rows; experiment 2: one)',
        listOf<TrainFeatures>('features', TRAIN_FEATURES)
      )
      .option(
        '--tasks <list>',
        'single,multi (experiment 1: the grid columns; experiment 2: one)',
        listOf<TaskKind>('tasks', ['single', 'multi'])
      )
      .option(
        '--lengths <list>',
        "experiment 2: seconds kept, e.g. 1,2,3,7.5 (default the paper's 1 … 7.5)",
        parseLengths
      )
      .option('--test-session <s>', 'hold out this session only (default: every session in turn)')
      .option(
        '--folds <k>',
        'group sessions (or speakers) into K speaker-disjoint folds',
        n('folds', { integer: true, min: 2 })
      )
      .option('--epochs <n>', 'maximum epochs per fold', n('epochs', { integer: true, min: 1 }))
      .option('--seed <n>', 'seed of every cell', n('seed', { integer: true, min: 0 }))
      .option(
        '--classes <list>',
        'classes, e.g. neu,hap,ang,sad',
        listOf<CategoryCode>('classes', ['neu', 'hap', 'ang', 'sad', '…'], isCategoryCode)
      )
      .option('--max-seconds <sec>', 'experiment 1: utterance length (default 7.5)', n('max-seconds', { min: 0.01 }))
      .option('--attention', 'the attentive CNN')
      .option('--alpha <a>', 'multi-task weight of the activation loss', n('alpha', { min: 0, max: 1 }))
      .option('--beta <b>', 'multi-task weight of the valence loss', n('beta', { min: 0, max: 1 }))
      .option('--batch-size <n>', 'utterances per step', n('batch-size', { integer: true, min: 1 }))
      .option('--filters <n>', 'filters per width', n('filters', { integer: true, min: 1 }))
      .option('--patience <n>', 'early stopping patience (0 = off)', n('patience', { integer: true, min: 0 }))
      .addOption(
        new Option('--parallel-folds <n>', 'folds trained at once (0 = one per core)').argParser(
          n('parallel-folds', { integer: true, min: 0 })
        )
      )
  ).action(async (kind: RecipeKind, opts: RecipeOptions) => {
    await withServices(opts, async (s) => {
      const d = createDispatcher(s)
      const bar = progressBar(kind)
      // listening before the start: this process runs one recipe, so every progress event is ours
      const off = s.events.on('recipes.progress', (p) => {
        if (p.cell)
          log(
            `\n${p.cell.key}: ${p.cell.status}${p.cell.reused ? ' (reused)' : ''}, WA ${p.cell.wa === null ? '-' : (100 * p.cell.wa).toFixed(2)} UA ${p.cell.ua === null ? '-' : (100 * p.cell.ua).toFixed(2)}`
          )
        bar.update(Math.floor(p.done), p.total, p.item)
      })
      const { recipeId } = await callTyped(d, 'recipes.start', request(kind, opts)).catch((e: unknown) => {
        off()
        throw e
      })
      log(`recipe ${recipeId} (${kind})`)
      let interrupts = 0
      const onSigint = () => {
        if (++interrupts > 1) process.exit(130)
        log(`\ncancelling ${recipeId} (Ctrl-C again to quit at once); run the same command to continue`)
        s.recipes.cancel(recipeId)
      }
      process.on('SIGINT', onSigint)
      let status: RecipeStatus
      try {
        status = await s.recipes.wait(recipeId)
      } finally {
        off()
        bar.stop()
        process.off('SIGINT', onSigint)
      }
      const report = opts.out ? await callTyped(d, 'recipes.export', { recipeId, out: opts.out }) : null
      if (report) log(`report: ${report.dir} (${report.files.length} files)`)
      const data = s.recipes.reportData(recipeId)
      if (opts.json) {
        printJson({
          recipeId,
          kind,
          corpusId: status.corpusId,
          status: status.status,
          error: status.error,
          cells: data.cells.map(({ cell, evaluation }) => ({
            ...cell,
            macroF1: evaluation?.category.pooled.macroF1 ?? null,
            folds:
              evaluation?.category.folds.map((f) => ({
                fold: f.fold,
                testGroups: f.testGroups,
                wa: f.metrics.wa,
                ua: f.metrics.ua,
                items: f.metrics.items
              })) ?? []
          })),
          report
        })
      } else {
        process.stdout.write((kind === 'experiment1' ? experiment1Tables(data) : experiment2Tables(data)).markdown)
      }
      if (status.status !== 'done') log(`recipe ${recipeId} ${status.status}${status.error ? `: ${status.error}` : ''}`)
      process.exitCode = status.status === 'done' ? EXIT_OK : EXIT_PARTIAL
    })
  })
}
