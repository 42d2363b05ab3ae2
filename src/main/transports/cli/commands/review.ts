/**
 * `ser review --run ID` (docs/cli.md): the "second look" — utterances whose current label the run's held-out
 * predictions put in doubt, strongest disagreement first, each with its reason.
 */
import type { Command } from 'commander'
import { callTyped, createDispatcher } from '../../dispatch'
import type { CommonOptions } from '../cli-context'
import { parseNumber, printJson, withCommon, withServices } from '../cli-context'

interface ReviewOptions extends CommonOptions {
  run: string
  limit?: number
  minConfidence?: number
}

export function registerReview(program: Command): void {
  withCommon(
    program
      .command('review')
      .description('list utterances a model confidently disagrees with, or where it sides with outvoted raters')
      .requiredOption('--run <runId>', 'the stored run whose test predictions to use')
      .option('--limit <n>', 'at most this many (default 50)', parseNumber('limit', { integer: true, min: 1 }))
      .option(
        '--min-confidence <p>',
        'confidence a disagreement needs when no rater supports it (default 0.5)',
        parseNumber('min-confidence', { min: 0, max: 1 })
      )
  ).action(async (opts: ReviewOptions) => {
    await withServices(opts, async (s) => {
      const items = await callTyped(createDispatcher(s), 'evaluation.secondLook', {
        runId: opts.run,
        ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
        ...(opts.minConfidence !== undefined ? { minConfidence: opts.minConfidence } : {})
      })
      if (opts.json) return printJson(items)
      if (items.length === 0)
        process.stdout.write(
          'nothing to review: the model agrees with the labels, or is not confident where it does not\n'
        )
      for (const i of items)
        process.stdout.write(`${i.id}\t${i.label} → ${i.predicted}\t${i.confidence.toFixed(2)}\t${i.reason}\n`)
    })
  })
}
