/**
 * The report's figures as Vega-Lite specifications (vega-lite compiles them, vega renders them: render-chart.ts):
 * a confusion matrix, the experiment-2 curve, a training curve, and experiment 1's bars beside the paper's numbers.
 * Data is inlined, so a spec is a complete, self-describing figure. Pure.
 */
import type { TopLevelSpec } from 'vega-lite'
import type { ConfusionMatrix } from '../../../shared/domain/training'
import type { EpochRecord } from '../../../shared/domain/runs'
import { foldLabel } from '../../../shared/domain/fold-name'

const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif'
const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 13 }
}

/**
 * Rows: true class, columns: predicted. Colour is the row share (recall on the diagonal) so small classes read as
 * clearly as large ones; the text gives count and share.
 */
export function confusionSpec(c: ConfusionMatrix, title: string, subtitle: string): TopLevelSpec {
  const values = c.labels.flatMap((t, i) => {
    const row = c.matrix[i].reduce((s, n) => s + n, 0)
    return c.labels.map((p, j) => ({
      true: t,
      predicted: p,
      count: c.matrix[i][j],
      share: row > 0 ? c.matrix[i][j] / row : 0
    }))
  })
  const order = [...c.labels]
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle },
    data: { values },
    // wide enough for "123 (45%)" in a cell
    width: 84 * c.labels.length,
    height: 60 * c.labels.length,
    encoding: {
      x: {
        field: 'predicted',
        type: 'nominal',
        sort: order,
        axis: { orient: 'top', labelAngle: 0, title: 'predicted' }
      },
      y: { field: 'true', type: 'nominal', sort: order, title: 'true' }
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: {
            field: 'share',
            type: 'quantitative',
            scale: { scheme: 'blues', domain: [0, 1] },
            title: 'row share'
          }
        }
      },
      {
        mark: { type: 'text', fontSize: 12 },
        transform: [{ calculate: "datum.count + ' (' + format(datum.share, '.0%') + ')'", as: 'label' }],
        encoding: {
          text: { field: 'label', type: 'nominal' },
          color: { condition: { test: 'datum.share > 0.5', value: 'white' }, value: 'black' }
        }
      }
    ],
    config: CONFIG
  }
}

export interface CurvePoint {
  seconds: number
  metric: 'WA' | 'UA'
  /** Percent */
  value: number
}

/** Experiment 2: accuracy against the signal length kept. */
export function lengthCurveSpec(points: CurvePoint[], title: string, subtitle: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle },
    data: { values: points },
    width: 420,
    height: 260,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'seconds', type: 'quantitative', title: 'signal length kept (s)', scale: { zero: true } },
      y: { field: 'value', type: 'quantitative', title: 'accuracy (%)', scale: { zero: false } },
      color: { field: 'metric', type: 'nominal', title: null, sort: ['WA', 'UA'] }
    },
    config: CONFIG
  }
}

/** Train and dev loss per epoch, one line per fold and split. */
export function trainingCurveSpec(epochs: EpochRecord[], title: string, subtitle: string): TopLevelSpec {
  const values = epochs.flatMap((e) => [
    { epoch: e.epoch, fold: foldLabel(e.fold), split: 'train', loss: e.loss },
    ...(e.valLoss !== null ? [{ epoch: e.epoch, fold: foldLabel(e.fold), split: 'dev', loss: e.valLoss }] : [])
  ])
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle },
    data: { values },
    width: 420,
    height: 260,
    mark: { type: 'line', point: values.length < 80 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
      y: { field: 'loss', type: 'quantitative', title: 'loss', scale: { zero: false } },
      color: { field: 'fold', type: 'nominal', title: null },
      strokeDash: { field: 'split', type: 'nominal', title: null, sort: ['train', 'dev'] }
    },
    config: CONFIG
  }
}

export interface BarPoint {
  cell: string
  source: string
  /** Percent */
  value: number
}

const SOURCES = ['WA (ours)', 'UA (ours)', 'paper']

/** Experiment 1: our WA and UA per cell beside the paper's accuracy. */
export function experiment1BarsSpec(points: BarPoint[], title: string, subtitle: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle },
    data: { values: points },
    width: { step: 18 },
    height: 240,
    mark: 'bar',
    encoding: {
      // the grid's order (features, then task), not alphabetical
      x: { field: 'cell', type: 'nominal', title: null, sort: null, axis: { labelAngle: -30 } },
      xOffset: { field: 'source', type: 'nominal', sort: SOURCES },
      y: { field: 'value', type: 'quantitative', title: 'accuracy (%)', scale: { domain: [0, 100] } },
      color: {
        field: 'source',
        type: 'nominal',
        title: null,
        scale: { domain: SOURCES, range: ['#4c78a8', '#9ecae9', '#e45756'] }
      }
    },
    config: CONFIG
  }
}
