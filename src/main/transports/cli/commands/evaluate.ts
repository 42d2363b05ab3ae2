/**
 * `ser evaluate` (docs/cli.md): with `--session S`, a stored run's saved model scored on a session it never saw
 * (refused, exit 2, naming the session, if the run trained or selected epochs on it); without, the run's fold plan
 * and its metrics from the stored test predictions, per fold and pooled, for every head.
 */
import type { Command } from 'commander'
import type {
  BaselineComparison,
  DetailedMetrics,
  FoldPlanView,
  RunEvaluation
} from '../../../../shared/domain/evaluation'
import { callTyped, createDispatcher } from '../../dispatch'
import type { CommonOptions } from '../cli-context'
import { printJson, withCommon, withServices } from '../cli-context'
import { formatMetrics } from './runs'
import { foldLabel } from '../../../../shared/domain/fold-name'

interface EvaluateOptions extends CommonOptions {
  run: string
  session?: string
  corpus?: string
}

const pct = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(1) : '-')

function formatDetail(m: DetailedMetrics): string {
  const labels = m.confusion.labels
  const rows = labels.map(
    (l) =>
      `  ${l.padEnd(5)} precision ${pct(m.perClassPrecision[l]).padStart(5)}  recall ${pct(m.perClassRecall[l]).padStart(5)}  F1 ${pct(m.perClassF1[l]).padStart(5)}  n ${m.support[l]}`
  )
  return formatMetrics(m) + rows.join('\n') + '\n'
}

function formatPlan(plan: FoldPlanView): string {
  const lines = [
    `fold plan: leave-one-${plan.unit}-out, dev split ${plan.devSplit === 'speaker' ? 'one training speaker' : `${Math.round(plan.devFraction * 100)} % of training utterances`} (training ${plan.unit}s only)`
  ]
  for (const f of plan.folds) {
    lines.push(
      `  ${foldLabel(f.fold)}: test ${f.testGroups.join(',')} [${f.testSpeakers.join(',')}] ${f.test} utt; train ${f.trainGroups.join(',')} ${f.train} utt, dev ${f.dev} utt [${f.devSpeakers.join(',')}]`
    )
  }
  return lines.join('\n') + '\n'
}

function formatEvaluation(e: RunEvaluation): string {
  const out: string[] = []
  for (const h of [e.category, e.activation, e.valence]) {
    if (!h) continue
    out.push(`== ${h.head} (pooled over ${h.folds.length} folds)`, formatDetail(h.pooled).trimEnd())
    for (const f of h.folds)
      out.push(
        `  ${foldLabel(f.fold)} (${f.testGroups.join(',')}): WA ${pct(f.metrics.wa)} UA ${pct(f.metrics.ua)} n ${f.metrics.items}`
      )
  }
  out.push(
    `per-fold WA ${pct(e.foldSpread.waMean)} ± ${pct(e.foldSpread.waStd)}, UA ${pct(e.foldSpread.uaMean)} ± ${pct(e.foldSpread.uaStd)}`
  )
  return out.join('\n') + '\n'
}

export function registerEvaluate(program: Command): void {
  withCommon(
    program
      .command('evaluate')
      .description("score a run's saved model on a held-out session, or show its fold plan and per-fold metrics")
      .requiredOption('--run <runId>', 'the stored run')
      .option('--session <s>', 'score this session with the model of the fold that never saw it')
      .option('--corpus <name>', "the corpus holding --session (default: the run's own)")
  ).action(async (opts: EvaluateOptions) => {
    await withServices(opts, async (s) => {
      const d = createDispatcher(s)
      if (opts.session !== undefined) {
        const score = await callTyped(d, 'evaluation.score', {
          runId: opts.run,
          session: opts.session,
          ...(opts.corpus ? { corpusId: opts.corpus } : {})
        })
        if (opts.json) return printJson(score)
        process.stdout.write(
          `run ${score.runId}, ${foldLabel(score.fold)}'s model on session ${score.session} of ${score.corpusId} (${score.utterances} utterances, ${score.skipped} outside the run's classes; ${score.backend}${score.fusionWeight !== undefined ? `; fused at CNN weight ${score.fusionWeight}` : ''})\n`
        )
        process.stdout.write(formatDetail(score.metrics))
        for (const [name, m] of [
          ['activation', score.activation],
          ['valence', score.valence]
        ] as const)
          if (m) process.stdout.write(`${name}: WA ${pct(m.wa)} UA ${pct(m.ua)}\n`)
        return
      }
      const plan = await callTyped(d, 'evaluation.folds', { runId: opts.run })
      const evaluation = await callTyped(d, 'evaluation.metrics', { runId: opts.run })
      // the eGeMAPS baseline on the same folds (cached per fold plan); a corpus without audio has none
      let baseline: BaselineComparison | null = null
      let baselineError: string | null = null
      try {
        baseline = await callTyped(d, 'evaluation.baselineComparison', { runId: opts.run })
      } catch (e) {
        baselineError = (e as Error).message
      }
      if (opts.json) return printJson({ runId: opts.run, plan, evaluation, baseline })
      process.stdout.write(formatPlan(plan) + formatEvaluation(evaluation))
      if (baseline) {
        const delta =
          baseline.deltaUa === null
            ? ''
            : `${baseline.deltaUa >= 0 ? '+' : '−'}${Math.abs(baseline.deltaUa).toFixed(1)} UA over the eGeMAPS baseline: `
        process.stdout.write(
          `${delta}baseline LR per ${baseline.baseline.normalisation} on the same folds WA ${pct(baseline.baseline.wa)} UA ${pct(baseline.baseline.ua)}\n`
        )
      } else process.stdout.write(`no eGeMAPS baseline: ${baselineError}\n`)
    })
  })
}
