/** `ser runs` (docs/cli.md): the stored training runs with their config, backend, status and final metrics. */
import type { Command } from 'commander'
import type { Metrics } from '../../../../shared/domain/training'
import { callTyped, createDispatcher } from '../../dispatch'
import type { CommonOptions } from '../cli-context'
import { log, printJson, withCommon, withServices } from '../cli-context'

const pct = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? (100 * x).toFixed(1) : '-')

/** WA, UA, per-class recall and the confusion matrix as plain text. */
export function formatMetrics(m: Metrics): string {
  const labels = m.confusion.labels
  const lines = [`WA ${pct(m.wa)} %   UA ${pct(m.ua)} %`, `recall  ${labels.map((l) => `${l} ${pct(m.perClassRecall[l])}`).join('  ')}`]
  lines.push(`confusion (rows: true, columns: predicted)`, `      ${labels.map((l) => l.padStart(5)).join('')}`)
  m.confusion.matrix.forEach((row, i) => lines.push(`${labels[i].padEnd(6)}${row.map((n) => String(n).padStart(5)).join('')}`))
  return lines.join('\n') + '\n'
}

export function registerRuns(program: Command): void {
  withCommon(
    program
      .command('runs')
      .description('list stored training runs (or show one, or delete one)')
      .argument('[runId]', 'show this run in full: folds, per-epoch metrics and the progress curve')
      .option('--corpus <name>', 'only runs of this corpus')
      .option('--delete <runId>', 'delete a run, its predictions and its model files')
  ).action(async (runId: string | undefined, opts: CommonOptions & { corpus?: string; delete?: string }) => {
    await withServices(opts, async (s) => {
      const d = createDispatcher(s)
      if (opts.delete) {
        const r = await callTyped(d, 'runs.delete', { runId: opts.delete })
        if (opts.json) printJson(r)
        else log(r.deleted ? `deleted ${opts.delete}` : `no run ${opts.delete}`)
        return
      }
      if (runId) {
        const run = await callTyped(d, 'runs.get', { runId })
        if (opts.json) return printJson(run)
        process.stdout.write(`${run.id}  ${run.status}  ${run.config.features}/${run.config.task}/${run.config.model}  backend ${run.backend?.name ?? '-'}\n`)
        for (const f of run.foldSummaries) {
          process.stdout.write(`fold ${f.fold} test ${f.testGroups.join(',')}: ${f.status}, ${f.epochs} epochs (best ${f.bestEpoch ?? '-'}), WA ${pct(f.metrics?.wa)} UA ${pct(f.metrics?.ua)}\n`)
        }
        if (run.metrics) process.stdout.write(formatMetrics(run.metrics))
        return
      }
      const runs = await callTyped(d, 'runs.list', opts.corpus ? { corpusId: opts.corpus } : {})
      if (opts.json) return printJson(runs)
      for (const r of runs) {
        const c = r.config
        process.stdout.write(
          [r.id, r.status, `${c.features}/${c.task}/${c.model}`, c.testSession ? `test ${c.testSession}` : `${r.folds} folds`, r.backend?.name ?? '-', `${r.epochs} ep`, `WA ${pct(r.metrics?.wa)}`, `UA ${pct(r.metrics?.ua)}`, r.createdAt].join('\t') + '\n'
        )
      }
    })
  })
}
