/**
 * The "second look" (evaluation.secondLook, `ser review`): utterances whose current label a model puts in doubt,
 * strongest first. Two reasons qualify an utterance: the model confidently predicts another class than the current
 * consensus label, or the raters (corpus evaluators and people) disagree and the model sides with the ones outvoted.
 * Each prediction comes from the fold that tested the utterance, so the model never trained on it. Ranked by the margin
 * p(predicted) − p(label): how much more the model believes its own class than the label. Pure.
 */
import type { SecondLookItem, SecondLookKind } from '../../../shared/domain/evaluation'
import type { PredictionRow } from '../training/run-store'
import { foldLabel } from '../../../shared/domain/fold-name'

export interface RaterLabel {
  /** e.g. `demo:E2` or a person's name */
  annotator: string
  /** Mapped onto the run's classes; null when outside them */
  category: string | null
}

export interface SecondLookInput {
  rows: readonly PredictionRow[]
  /** The current consensus label per utterance, mapped onto the run's classes (null: outside them or unlabelled) */
  labelOf: (utteranceId: string) => string | null
  ratersOf: (utteranceId: string) => RaterLabel[]
  /** Disagreements no rater supports need at least this confidence */
  minConfidence: number
  limit: number
}

const p2 = (x: number) => x.toFixed(2)
const shortName = (annotator: string) => annotator.slice(annotator.indexOf(':') + 1)

function list(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** "E1 and E3 said neu, E2 said sad" */
function describeRaters(raters: RaterLabel[]): string {
  const by = new Map<string, string[]>()
  for (const r of raters) {
    const key = r.category ?? 'another class'
    by.set(key, [...(by.get(key) ?? []), shortName(r.annotator)])
  }
  return [...by.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([c, names]) => `${list(names)} said ${c}`)
    .join(', ')
}

function reasonFor(
  kind: SecondLookKind,
  row: PredictionRow,
  label: string,
  raters: RaterLabel[],
  confidence: number,
  pLabel: number
): string {
  const classes = Object.keys(row.probabilities).length
  const relabelled = row.trueLabel !== label ? ` (the run trained on ${row.trueLabel}; relabelled ${label} since)` : ''
  const tail = `${foldLabel(row.fold)} tested it, so its model never trained on it`
  if (kind === 'sides-with-minority') {
    const backers = raters.filter((r) => r.category === row.predicted).map((r) => shortName(r.annotator))
    const forLabel = raters.filter((r) => r.category === label).length
    const side = backers.length < forLabel ? 'the minority' : 'raters the consensus overrode'
    return `raters disagree (${describeRaters(raters)}); the model sides with ${side}, ${list(backers)}: ${row.predicted} at p = ${p2(confidence)}, label ${label}${relabelled} at p = ${p2(pLabel)}; ${tail}`
  }
  const unanimous = raters.length > 0 && raters.every((r) => r.category === label)
  const support = unanimous
    ? `; all ${raters.length} raters said ${label}`
    : raters.length > 0
      ? `; ${describeRaters(raters)}`
      : ''
  return `the model predicts ${row.predicted} at p = ${p2(confidence)} over ${classes} classes, the label ${label}${relabelled} only p = ${p2(pLabel)}${support}; ${tail}`
}

export function secondLook(input: SecondLookInput): SecondLookItem[] {
  const items: SecondLookItem[] = []
  for (const row of input.rows) {
    const label = input.labelOf(row.utteranceId)
    if (label === null || label === row.predicted) continue
    const confidence = row.probabilities[row.predicted] ?? 0
    const pLabel = row.probabilities[label] ?? 0
    const raters = input.ratersOf(row.utteranceId)
    const rated = raters.filter((r) => r.category !== null)
    const split = new Set(raters.map((r) => r.category)).size > 1
    const kind: SecondLookKind =
      split && rated.some((r) => r.category === row.predicted) ? 'sides-with-minority' : 'confident-disagreement'
    if (kind === 'confident-disagreement' && confidence < input.minConfidence) continue
    items.push({
      id: row.utteranceId,
      label,
      predicted: row.predicted,
      confidence,
      reason: reasonFor(kind, row, label, raters, confidence, pLabel),
      kind,
      margin: confidence - pLabel,
      fold: row.fold,
      evaluators: raters.map((r) => ({ annotator: r.annotator, category: r.category }))
    })
  }
  items.sort((a, b) => b.margin - a.margin || b.confidence - a.confidence || a.id.localeCompare(b.id))
  return items.slice(0, input.limit)
}
