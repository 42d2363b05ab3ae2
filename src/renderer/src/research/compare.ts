/** What a comparison of runs draws and tabulates, from their stored details. */
import type { RunDetail } from '@shared/domain/runs'
import type { Aligned, ChartSeries, EpochPoint } from './curves'
import { protocolLabel } from './config-text'
import { meanOverFolds } from './curves'
import { duration, pct } from './format'

/** One colour per compared run, in pick order; distinct in print and for the common colour-vision deficiencies */
export const RUN_COLOURS = ['#2f6f9f', '#d9822b', '#3a8f5c', '#a2448a', '#6b6b66', '#b8a12a', '#c0504d', '#4bacc6']

export const runColour = (i: number) => RUN_COLOURS[i % RUN_COLOURS.length]

/**
 * The two per-epoch lines of one run (or one fold) in its colour: dev solid with a marker per epoch, train dashed;
 * in the order `overlaidEpochs` and `foldEpochs` put their columns (dev, then train).
 */
export function devTrainSeries(name: string, colour: string): ChartSeries[] {
  return [
    { label: `${name} dev`, color: colour, width: 2, points: true, spanGaps: true },
    { label: `${name} train`, color: colour, width: 1.25, dash: [5, 4], spanGaps: true }
  ]
}

/**
 * Per-epoch curves of several runs on one epoch axis, each the mean over the run's folds (a single-session run is
 * its one fold): for every run, the dev value then the train value.
 */
export function overlaidEpochs(details: readonly RunDetail[], which: 'loss' | 'acc'): Aligned {
  const curves = details.map((d) => {
    const epochs: EpochPoint[] = d.epochHistory
    return {
      dev: meanOverFolds(epochs, (e) => (which === 'loss' ? e.valLoss : e.valAcc)),
      train: meanOverFolds(epochs, (e) => (which === 'loss' ? e.loss : e.acc))
    }
  })
  const max = Math.max(1, ...curves.map((c) => c.train.x.length))
  const x = Array.from({ length: max }, (_, i) => i + 1)
  const pad = (y: (number | null)[]) => x.map((_, i) => y[i] ?? null)
  const out: Aligned = [x]
  for (const c of curves) out.push(pad(c.dev.y), pad(c.train.y))
  return out
}

export interface MetricRow {
  label: string
  values: string[]
  /** Indices of the best runs for this row (highest score; ties all marked), empty when the row is not a score */
  best: number[]
}

/**
 * Why the runs' test metrics are not comparable, one line per difference: another corpus, protocol (one test session
 * against leave-one-session-out, other folds), set of classes, or test set (its size). Empty: comparable.
 */
export function incomparable(details: readonly RunDetail[]): string[] {
  if (details.length < 2) return []
  const differs = (what: string, value: (d: RunDetail) => string): string[] => {
    const values = details.map(value)
    return new Set(values).size > 1 ? [`${what}: ${values.join(' vs ')}`] : []
  }
  return [
    ...differs('corpus', (d) => d.config.corpusId),
    ...differs('protocol', (d) => protocolLabel(d.config, d.folds)),
    ...differs('classes', (d) => d.config.classes.join(',')),
    ...differs('test set', (d) => `${d.testUtterances} utterances`)
  ]
}

/**
 * WA, UA, recall per class and what each run cost, side by side; the best score of a row is marked only when the
 * runs are comparable (`incomparable` is empty), so no "best" is claimed across different test sets
 */
export function metricRows(
  details: readonly RunDetail[],
  comparable = incomparable(details).length === 0
): MetricRow[] {
  const score = (label: string, get: (d: RunDetail) => number | null | undefined): MetricRow => {
    const raw = details.map((d) => get(d) ?? null)
    const finite = raw.map((v) => (v !== null && Number.isFinite(v) ? v : -Infinity))
    const top = Math.max(...finite)
    const best =
      comparable && top > -Infinity && details.length > 1 ? finite.flatMap((v, i) => (v === top ? [i] : [])) : []
    return { label, values: raw.map((v) => pct(v)), best }
  }
  const classes = [...new Set(details.flatMap((d) => Object.keys(d.metrics?.perClassRecall ?? {})))]
  return [
    score('WA %', (d) => d.metrics?.wa),
    score('UA %', (d) => d.metrics?.ua),
    ...classes.map((c) => score(`recall ${c} %`, (d) => d.metrics?.perClassRecall[c])),
    { label: 'epochs (max over folds)', values: details.map((d) => String(d.epochs)), best: [] },
    { label: 'folds', values: details.map((d) => String(d.folds)), best: [] },
    { label: 'train / test utt.', values: details.map((d) => `${d.trainUtterances} / ${d.testUtterances}`), best: [] },
    { label: 'duration', values: details.map((d) => duration(d.seconds)), best: [] },
    { label: 'backend', values: details.map((d) => d.backend?.name ?? '—'), best: [] }
  ]
}

/** One run's per-epoch curves, one pair of series (dev, train) per fold, on one epoch axis */
export function foldEpochs(detail: RunDetail, which: 'loss' | 'acc'): { data: Aligned; folds: number[] } {
  const folds = [...new Set(detail.epochHistory.map((e) => e.fold))].sort((a, b) => a - b)
  const max = Math.max(1, ...detail.epochHistory.map((e) => e.epoch))
  const x = Array.from({ length: max }, (_, i) => i + 1)
  const data: Aligned = [x]
  for (const f of folds) {
    const byEpoch = new Map(detail.epochHistory.filter((e) => e.fold === f).map((e) => [e.epoch, e]))
    data.push(
      x.map((ep) => (which === 'loss' ? byEpoch.get(ep)?.valLoss : byEpoch.get(ep)?.valAcc) ?? null),
      x.map((ep) => (which === 'loss' ? byEpoch.get(ep)?.loss : byEpoch.get(ep)?.acc) ?? null)
    )
  }
  return { data, folds }
}
