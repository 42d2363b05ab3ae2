import type { CategoryCode } from '../../../shared/domain/categories'
import type { ConsensusLabel } from '../../../shared/domain/corpus'
import type { AnnotatorKind, ScaleField } from '../../../shared/domain/labels'
import { SCALE_FIELDS } from '../../../shared/domain/labels'

/** One annotator's current value of one field, as consensus sees it. */
export interface Vote {
  kind: AnnotatorKind
  field: 'category' | ScaleField | 'flag'
  value: string
  /** History sequence number of the edit that set it: later edits have larger numbers */
  seq: number
}

export interface DerivedLabel extends ConsensusLabel {
  raters: number
  disagree: boolean
  flagged: boolean
}

/**
 * The consensus rule (docs/labels.md), a pure function of the current votes:
 * - People who labelled in the workbench decide. Category: their majority; a tie goes to the corpus's reference
 *   label when it is among the tied values, else to the most recent edit among them. Scales: their mean.
 * - Without any person's label: the corpus's reference label (IEMOCAP's summary line, a file-name code, a manifest
 *   row); without that, the evaluators' majority (no majority → null) and mean.
 * - Actors rating themselves (IEMOCAP's F1/M1) and models never count, as IEMOCAP leaves self-ratings out of its
 *   averages.
 */
export function deriveConsensus(votes: Vote[]): DerivedLabel {
  const of = (kind: AnnotatorKind, field: Vote['field']) => votes.filter((v) => v.kind === kind && v.field === field)
  const reference = (field: Vote['field']) => of('reference', field)[0]?.value ?? null

  let category: CategoryCode | null
  const human = of('human', 'category')
  if (human.length > 0) {
    category = majority(human, reference('category'))
  } else {
    const ref = reference('category')
    category = ref !== null ? (ref as CategoryCode) : majority(of('evaluator', 'category'), null, true)
  }

  const scale = (field: ScaleField): number | null => {
    const h = of('human', field)
    if (h.length > 0) return mean(h)
    const ref = reference(field)
    if (ref !== null) return Number(ref)
    const e = of('evaluator', field)
    return e.length > 0 ? mean(e) : null
  }

  const raterCategories = votes.filter((v) => v.field === 'category' && (v.kind === 'evaluator' || v.kind === 'human'))
  const distinct = new Set(raterCategories.map((v) => v.value))
  const label: DerivedLabel = {
    category,
    valence: null,
    arousal: null,
    dominance: null,
    raters: raterCategories.length,
    disagree: raterCategories.length >= 2 && distinct.size > 1,
    flagged: votes.some((v) => v.field === 'flag' && v.value === '1')
  }
  for (const f of SCALE_FIELDS) label[f] = scale(f)
  return label
}

function mean(votes: Vote[]): number {
  return votes.reduce((s, v) => s + Number(v.value), 0) / votes.length
}

/** Most frequent value; ties resolved by the reference value, else the latest edit, or null when `strict`. */
function majority(votes: Vote[], reference: string | null, strict = false): CategoryCode | null {
  if (votes.length === 0) return null
  const counts = new Map<string, { n: number; latest: number }>()
  for (const v of votes) {
    const c = counts.get(v.value) ?? { n: 0, latest: -1 }
    c.n++
    c.latest = Math.max(c.latest, v.seq)
    counts.set(v.value, c)
  }
  const top = Math.max(...[...counts.values()].map((c) => c.n))
  const tied = [...counts.entries()].filter(([, c]) => c.n === top)
  if (tied.length === 1) return tied[0][0] as CategoryCode
  if (strict) return null
  if (reference !== null && tied.some(([v]) => v === reference)) return reference as CategoryCode
  tied.sort((a, b) => b[1].latest - a[1].latest)
  return tied[0][0] as CategoryCode
}
