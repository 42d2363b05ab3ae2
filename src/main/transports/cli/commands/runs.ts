/** `ser runs` (docs/cli.md): the stored training runs with their config, backend, status and final metrics. */
import type { Command } from 'commander'
import type { Metrics } from '../../../../shared/domain/training'
import { callTyped, createDispatcher } from '../../dispatch'
import type { CommonOptions } from '../cli-context'
import { log, printJson, withCommon, withServices } from '../cli-context'
import { foldLabel } from '../../../../shared/domain/fold-name'

const pct = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? (100 * x).toFixed(1) : '-')

/** WA, UA, per-class recall and the confusion matrix as plain text. */
export function formatMetrics(m: Metrics): string {
  const labels = m.confusion.labels
  const lines = [
    `WA ${pct(m.wa)} %   UA ${pct(m.ua)} %`,
    `recall  ${labels.map((l) => `${l} ${pct(m.perClassRecall[l])}`).join('  ')}`
  ]
  lines.push(`confusion (rows: true, columns: predicted)`, `      ${labels.map((l) => l.padStart(5)).join('')}`)
  m.confusion.matrix.forEach((row, i) =>
    lines.push(`${labels[i].padEnd(6)}${row.map((n) => String(n).padStart(5)).join('')}`)
  )
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
      .option('--name <text>', 'with a run id: name the run ("" clears it)')
      .option('--note <text>', 'with a run id: set its note ("" clears it)')
  ).action(
    async (
      runId: string | undefined,
      opts: CommonOptions & { corpus?: string; delete?: string; name?: string; note?: string }
    ) => {
      await withServices(opts, async (s) => {
        const d = createDispatcher(s)
        if (runId && (opts.name !== undefined || opts.note !== undefined)) {
          const patch = {
            ...(opts.name !== undefined ? { name: opts.name } : {}),
            ...(opts.note !== undefined ? { note: opts.note } : {})
          }
          const r = await callTyped(d, 'runs.annotate', { runId, ...patch })
          if (opts.json) printJson(r)
          else log(`${r.id}: ${r.name ?? '(no name)'}${r.note ? ` · ${r.note}` : ''}`)
          return
        }
        if (opts.delete) {
          const r = await callTyped(d, 'runs.delete', { runId: opts.delete })
          if (opts.json) printJson(r)
          else log(r.deleted ? `deleted ${opts.delete}` : `no run ${opts.delete}`)
          return
        }
        if (runId) {
          const run = await callTyped(d, 'runs.get', { runId })
          if (opts.json) return printJson(run)
          const what = run.source
            ? `imported '${run.source.name}' from ${run.source.file}`
            : `preset ${run.config.preset ?? 'none'}  ${run.config.features}/${run.config.task}/${run.config.model}`
          process.stdout.write(`${run.id}  ${run.status}  ${what}  backend ${run.backend?.name ?? '-'}\n`)
          if (run.name || run.note)
            process.stdout.write(`${run.name ?? ''}${run.name && run.note ? ' · ' : ''}${run.note ?? ''}\n`)
          for (const f of run.foldSummaries) {
            process.stdout.write(
              `${foldLabel(f.fold)} test ${f.testGroups.join(',')}: ${f.status}, ${f.epochs} epochs (best ${f.bestEpoch ?? '-'}), WA ${pct(f.metrics?.wa)} UA ${pct(f.metrics?.ua)}\n`
            )
          }
          if (run.metrics) process.stdout.write(formatMetrics(run.metrics))
          return
        }
        const runs = await callTyped(d, 'runs.list', opts.corpus ? { corpusId: opts.corpus } : {})
        if (opts.json) return printJson(runs)
        for (const r of runs) {
          const c = r.config
          process.stdout.write(
            [
              r.id,
              r.status,
              ...(r.source
                ? [`imported '${r.source.name}'`]
                : [
                    c.preset ?? 'none',
                    c.model === 'baseline'
                      ? `functionals/${c.classifier}/${c.normalisation}`
                      : `${c.features}/${c.task}/${c.model}`
                  ]),
              c.testSession ? `test ${c.testSession}` : `${r.folds} folds`,
              r.backend?.name ?? '-',
              `${r.epochs} ep`,
              `WA ${pct(r.metrics?.wa)}`,
              `UA ${pct(r.metrics?.ua)}`,
              r.createdAt,
              ...(r.name ? [r.name] : [])
            ].join('\t') + '\n'
          )
        }
      })
    }
  )
}
