/**
 * Training targets from consensus labels: the category mapped onto the run's class set (hap+exc merged, as the
 * IEMOCAP 4-class protocol does), and activation (arousal) and valence binned into low/mid/high for the auxiliary
 * heads with docs/paper.md's thresholds (low < 2.5 ≤ mid ≤ 3.5 < high by default).
 */
import type { CategoryCode } from '../../../shared/domain/categories'
import { CATEGORY_CODES, FOUR_CLASSES } from '../../../shared/domain/categories'
import type { ClassCounts } from '../../../shared/domain/runs'
import type { CorpusKind } from '../../../shared/domain/corpus'

export const BIN_NAMES = ['low', 'mid', 'high'] as const

/** Bin of a 1–5 rating average; -1 when the rating is missing (the auxiliary loss then skips the utterance). */
export function binRating(value: number | null, thresholds: readonly [number, number]): number {
  if (value === null || !Number.isFinite(value)) return -1
  if (value < thresholds[0]) return 0
  if (value <= thresholds[1]) return 1
  return 2
}

/** Each corpus's usual class set (docs/cli.md: "default: the corpus's standard set, IEMOCAP's 4 classes"). */
export function standardClasses(kind: CorpusKind, present: Iterable<CategoryCode>): CategoryCode[] {
  switch (kind) {
    case 'iemocap':
      return [...FOUR_CLASSES]
    case 'emodb':
      return ['neu', 'hap', 'ang', 'sad', 'fea', 'dis', 'bor']
    case 'ravdess':
      return ['neu', 'cal', 'hap', 'sad', 'ang', 'fea', 'dis', 'sur']
    case 'folder': {
      // whatever the manifest labels, in the vocabulary's order, without the "no class" codes
      const have = new Set(present)
      return CATEGORY_CODES.filter((c) => have.has(c) && c !== 'xxx' && c !== 'oth')
    }
  }
}

/** Counts per name, every name present (0 where none). */
export function countBy(values: readonly number[], names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]))
  for (const v of values) if (v >= 0 && v < names.length) out[names[v]]++
  return out
}

/** Utterances per class and per activation/valence bin: what a run shows as its class counts (ClassCounts) */
export function classCounts(
  utterances: readonly { label: number; activation: number; valence: number }[],
  classes: readonly string[]
): ClassCounts {
  return {
    category: countBy(
      utterances.map((u) => u.label),
      classes
    ),
    activation: countBy(
      utterances.map((u) => u.activation),
      BIN_NAMES
    ),
    valence: countBy(
      utterances.map((u) => u.valence),
      BIN_NAMES
    )
  }
}
