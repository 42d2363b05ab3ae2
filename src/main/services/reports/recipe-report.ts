/**
 * Writes a recipe's report folder: the table as Markdown, CSV (cells and folds) and LaTeX; the numbers as JSON;
 * and as SVG + PNG the confusion matrix and training curve of every finished cell, plus experiment 1's bars or
 * experiment 2's curve. `<kind>.md` ties them together. Files are written whole (temporary name, then rename), and
 * files of an earlier export that this one does not write are left alone.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { TopLevelSpec } from 'vega-lite'
import type { ReportFile, ReportFiles } from '../../../shared/domain/recipes'
import { SerError } from '../../../shared/errors'
import type { BarPoint, CurvePoint } from './chart-specs'
import { confusionSpec, experiment1BarsSpec, lengthCurveSpec, trainingCurveSpec } from './chart-specs'
import { renderSvg, svgToPng } from './render-chart'
import type { RecipeReportData } from './report-data'
import { FEATURE_NAMES, TASK_NAMES, cellSlug, pct, protocolLine } from './report-data'
import { experiment1Tables, experiment2Tables } from './tables'

/** JSON that keeps NaN (a recall without support) as null */
const json = (v: unknown) =>
  JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x), 2) + '\n'

export async function writeRecipeReport(out: string, data: RecipeReportData): Promise<ReportFiles> {
  const dir = resolve(out)
  try {
    mkdirSync(dir, { recursive: true })
  } catch (e) {
    throw new SerError('FILE_UNREADABLE', `${dir}: cannot create the report folder (${(e as Error).message})`, {
      file: dir,
      field: 'out'
    })
  }
  const files: ReportFile[] = []
  const write = (path: string, body: string | Buffer, kind: ReportFile['kind'], title: string) => {
    const file = join(dir, path)
    writeFileSync(`${file}.tmp`, body)
    renameSync(`${file}.tmp`, file)
    files.push({ path, kind, title })
  }
  const figure = async (base: string, spec: TopLevelSpec, title: string) => {
    const svg = await renderSvg(spec)
    write(`${base}.svg`, svg, 'svg', title)
    write(`${base}.png`, await svgToPng(svg), 'png', title)
  }
  const { recipe } = data
  const name = recipe.kind
  const tables = name === 'experiment1' ? experiment1Tables(data) : experiment2Tables(data)
  const folds = data.cells.find((c) => c.run)?.run?.foldSummaries.length ?? 0
  const subtitle = `corpus ${recipe.corpusId}, ${folds} fold${folds === 1 ? '' : 's'}, pooled`

  if (name === 'experiment1') {
    const bars: BarPoint[] = data.cells.flatMap((c) => {
      const cell = `${FEATURE_NAMES[c.cell.features]} ${c.cell.task}`
      const p = c.evaluation?.category.pooled
      return [
        ...(p
          ? [
              { cell, source: 'WA (ours)', value: 100 * p.wa },
              { cell, source: 'UA (ours)', value: 100 * p.ua }
            ]
          : []),
        ...(c.cell.paper !== null ? [{ cell, source: 'paper', value: 100 * c.cell.paper }] : [])
      ]
    })
    await figure(
      'experiment1',
      experiment1BarsSpec(bars, 'Experiment 1: features × task', subtitle),
      'experiment 1: WA and UA beside the paper'
    )
  } else {
    const points: CurvePoint[] = data.cells.flatMap((c) => {
      const p = c.evaluation?.category.pooled
      return p
        ? [
            { seconds: c.cell.maxSeconds, metric: 'WA' as const, value: 100 * p.wa },
            { seconds: c.cell.maxSeconds, metric: 'UA' as const, value: 100 * p.ua }
          ]
        : []
    })
    const first = data.cells[0]?.cell
    const model = first ? `${FEATURE_NAMES[first.features]} ${TASK_NAMES[first.task]}` : ''
    await figure(
      'experiment2-curve',
      lengthCurveSpec(points, `Experiment 2: accuracy vs signal length (${model})`, subtitle),
      'experiment 2: accuracy against the first N seconds'
    )
  }
  for (const c of data.cells) {
    if (!c.run || !c.evaluation) continue
    const slug = cellSlug(c.cell)
    const p = c.evaluation.category.pooled
    const label =
      name === 'experiment1'
        ? `${FEATURE_NAMES[c.cell.features]} ${TASK_NAMES[c.cell.task]}`
        : `first ${c.cell.maxSeconds} s`
    await figure(
      `confusion-${slug}`,
      confusionSpec(p.confusion, `Confusion: ${label}`, `WA ${pct(p.wa)} %, UA ${pct(p.ua)} %; ${subtitle}`),
      `confusion matrix, ${label}`
    )
    if (c.run.epochHistory.length > 0) {
      await figure(
        `training-${slug}`,
        trainingCurveSpec(c.run.epochHistory, `Training: ${label}`, `run ${c.run.id}`),
        `training curve, ${label}`
      )
    }
  }
  write(`${name}.csv`, tables.csv, 'csv', `${name}: one row per cell`)
  write(`${name}-folds.csv`, tables.foldsCsv, 'csv', `${name}: one row per fold of every cell`)
  write(`${name}.tex`, tables.latex, 'latex', `${name}: the table for LaTeX (booktabs)`)
  write(
    `${name}.json`,
    json({ recipe, cells: data.cells.map((c) => ({ ...c.cell, evaluation: c.evaluation })) }),
    'json',
    `${name}: every number`
  )
  const heading =
    name === 'experiment1' ? 'Experiment 1: input features × single-/multi-task' : 'Experiment 2: signal length'
  const pending = data.cells.filter((c) => !c.evaluation).map((c) => `${c.cell.key} (${c.cell.status})`)
  const figures = files
    .filter((f) => f.kind === 'svg')
    .map((f) => `- ${f.title}: [SVG](${f.path}), [PNG](${f.path.replace(/\.svg$/, '.png')})`)
  const md = [
    `# ${heading}`,
    '',
    `Recipe \`${recipe.recipeId}\` (${recipe.status}).`,
    '',
    protocolLine(data),
    '',
    tables.markdown,
    ...(pending.length ? [`Not finished: ${pending.join(', ')}.`, ''] : []),
    '## Figures',
    '',
    ...figures,
    '',
    `Tables: [CSV](${name}.csv), [per fold](${name}-folds.csv), [LaTeX](${name}.tex); numbers: [JSON](${name}.json).`,
    ''
  ]
  write(`${name}.md`, md.join('\n'), 'markdown', `${name}: the report`)
  return { dir, files }
}
