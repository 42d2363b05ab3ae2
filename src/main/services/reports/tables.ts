/**
 * The recipe tables as Markdown, CSV and LaTeX (booktabs). Experiment 1 is laid out as the paper's table: one row per
 * feature set, single- and multi-task side by side, each with our WA and UA and the paper's accuracy. Experiment 2
 * is one row per signal length. A cell that has not finished shows '–' (empty in CSV). Pure.
 */
import type { TaskKind, TrainFeatures } from '../../../shared/domain/training'
import type { RecipeReportData, ReportCell } from './report-data'
import { FEATURE_NAMES, TASK_NAMES, csvPct, pct } from './report-data'

export interface Tables {
  markdown: string
  csv: string
  /** One row per fold of every cell */
  foldsCsv: string
  latex: string
}

const csvField = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))
const csvLine = (values: (string | number)[]) => values.map(csvField).join(',') + '\n'
const texEscape = (s: string) => s.replace(/([&%$#_{}])/g, '\\$1')

function spreadOf(c: ReportCell): string {
  const s = c.evaluation?.foldSpread
  return s && Number.isFinite(s.waMean) && (c.evaluation?.category.folds.length ?? 0) > 1
    ? `${pct(s.waMean)} ± ${pct(s.waStd)}`
    : '–'
}

function cellCsv(data: RecipeReportData): { csv: string; foldsCsv: string } {
  let csv = csvLine([
    'key',
    'features',
    'task',
    'max_seconds',
    'run_id',
    'status',
    'reused',
    'wa',
    'ua',
    'macro_f1',
    'wa_fold_mean',
    'wa_fold_std',
    'ua_fold_mean',
    'ua_fold_std',
    'folds',
    'test_utterances',
    'paper'
  ])
  let foldsCsv = csvLine([
    'key',
    'features',
    'task',
    'max_seconds',
    'run_id',
    'fold',
    'test_groups',
    'wa',
    'ua',
    'items'
  ])
  for (const c of data.cells) {
    const e = c.evaluation
    const s = e?.foldSpread
    csv += csvLine([
      c.cell.key,
      c.cell.features,
      c.cell.task,
      c.cell.maxSeconds,
      c.cell.runId ?? '',
      c.cell.status,
      c.cell.reused ? 1 : 0,
      csvPct(e?.category.pooled.wa),
      csvPct(e?.category.pooled.ua),
      csvPct(e?.category.pooled.macroF1),
      csvPct(s?.waMean),
      csvPct(s?.waStd),
      csvPct(s?.uaMean),
      csvPct(s?.uaStd),
      e?.category.folds.length ?? '',
      e?.category.pooled.items ?? '',
      csvPct(c.cell.paper)
    ])
    for (const f of e?.category.folds ?? []) {
      foldsCsv += csvLine([
        c.cell.key,
        c.cell.features,
        c.cell.task,
        c.cell.maxSeconds,
        c.cell.runId ?? '',
        f.fold,
        f.testGroups.join(' '),
        csvPct(f.metrics.wa),
        csvPct(f.metrics.ua),
        f.metrics.items
      ])
    }
  }
  return { csv, foldsCsv }
}

export function experiment1Tables(data: RecipeReportData): Tables {
  const features = [...new Set(data.cells.map((c) => c.cell.features))] as TrainFeatures[]
  const tasks = [...new Set(data.cells.map((c) => c.cell.task))] as TaskKind[]
  const at = (f: TrainFeatures, t: TaskKind) => data.cells.find((c) => c.cell.features === f && c.cell.task === t)
  const md: string[] = []
  md.push(`| Features | ${tasks.map((t) => `${TASK_NAMES[t]} WA | UA | paper`).join(' | ')} |`)
  md.push(`|---|${tasks.map(() => '---:|---:|---:').join('|')}|`)
  for (const f of features) {
    const parts = tasks.map((t) => {
      const c = at(f, t)
      return `${pct(c?.evaluation?.category.pooled.wa)} | ${pct(c?.evaluation?.category.pooled.ua)} | ${pct(c?.cell.paper)}`
    })
    md.push(`| ${FEATURE_NAMES[f]} | ${parts.join(' | ')} |`)
  }
  md.push(
    '',
    '| Features | Task | WA | UA | macro F1 | WA per fold (mean ± std) | folds | run |',
    '|---|---|---:|---:|---:|---:|---:|---|'
  )
  for (const c of data.cells) {
    const p = c.evaluation?.category.pooled
    md.push(
      `| ${FEATURE_NAMES[c.cell.features]} | ${TASK_NAMES[c.cell.task]} | ${pct(p?.wa)} | ${pct(p?.ua)} | ${pct(p?.macroF1)} | ${spreadOf(c)} | ${c.evaluation?.category.folds.length ?? '–'} | ${c.cell.runId ? `\`${c.cell.runId}\`${c.cell.reused ? ' (reused)' : ''}` : c.cell.status} |`
    )
  }
  const tex = [
    '\\begin{table}[t]',
    '  \\centering',
    `  \\caption{Experiment 1: 4-class accuracy (\\%) by input features, single- and multi-task; WA/UA ours (leave-one-session-out, pooled), paper: Neumann \\& Vu (2017).}`,
    '  \\label{tab:experiment1}',
    `  \\begin{tabular}{l${'rrr'.repeat(tasks.length)}}`,
    '    \\toprule',
    `     & ${tasks.map((t) => `\\multicolumn{3}{c}{${texEscape(TASK_NAMES[t])}}`).join(' & ')} \\\\`,
    `    ${tasks.map((_, i) => `\\cmidrule(lr){${2 + 3 * i}-${4 + 3 * i}}`).join('')}`,
    `    Features & ${tasks.map(() => 'WA & UA & paper').join(' & ')} \\\\`,
    '    \\midrule',
    ...features.map(
      (f) =>
        `    ${texEscape(FEATURE_NAMES[f])} & ${tasks
          .map((t) => {
            const c = at(f, t)
            return `${pct(c?.evaluation?.category.pooled.wa)} & ${pct(c?.evaluation?.category.pooled.ua)} & ${pct(c?.cell.paper)}`
          })
          .join(' & ')} \\\\`
    ),
    '    \\bottomrule',
    '  \\end{tabular}',
    '\\end{table}',
    ''
  ]
  return { markdown: md.join('\n') + '\n', ...cellCsv(data), latex: tex.join('\n').replace(/–/g, '--') }
}

export function experiment2Tables(data: RecipeReportData): Tables {
  const md = [
    '| Seconds | WA | UA | macro F1 | WA per fold (mean ± std) | folds | run |',
    '|---:|---:|---:|---:|---:|---:|---|'
  ]
  for (const c of data.cells) {
    const p = c.evaluation?.category.pooled
    md.push(
      `| ${c.cell.maxSeconds} | ${pct(p?.wa)} | ${pct(p?.ua)} | ${pct(p?.macroF1)} | ${spreadOf(c)} | ${c.evaluation?.category.folds.length ?? '–'} | ${c.cell.runId ? `\`${c.cell.runId}\`${c.cell.reused ? ' (reused)' : ''}` : c.cell.status} |`
    )
  }
  const first = data.cells[0]?.cell
  const model = first ? `${FEATURE_NAMES[first.features]}, ${TASK_NAMES[first.task]}` : ''
  const tex = [
    '\\begin{table}[t]',
    '  \\centering',
    `  \\caption{Experiment 2: accuracy (\\%) when training and testing on the first $N$ seconds of each utterance (${texEscape(model)}; leave-one-session-out, pooled).}`,
    '  \\label{tab:experiment2}',
    '  \\begin{tabular}{rrr}',
    '    \\toprule',
    '    $N$ (s) & WA & UA \\\\',
    '    \\midrule',
    ...data.cells.map(
      (c) =>
        `    ${c.cell.maxSeconds} & ${pct(c.evaluation?.category.pooled.wa)} & ${pct(c.evaluation?.category.pooled.ua)} \\\\`
    ),
    '    \\bottomrule',
    '  \\end{tabular}',
    '\\end{table}',
    ''
  ]
  return { markdown: md.join('\n') + '\n', ...cellCsv(data), latex: tex.join('\n').replace(/–/g, '--') }
}
