// relative rather than @shared: the pure labeling modules are also type-checked with the tests (tsconfig.node.json)
import type { CategoryCode } from '../../../shared/domain/categories'
import { CATEGORY_NAMES, toFourClass } from '../../../shared/domain/categories'

/**
 * The category sets a linguist can label with; the digit keys pick by position (1 … 9, then 0 for the tenth).
 * IEMOCAP's ten evaluator categories are the default: `xxx` is not among them because it is the release's summary
 * for "no agreement", never a choice an evaluator made.
 */
export interface CategorySet {
  id: string
  title: string
  codes: readonly CategoryCode[]
}

export const CATEGORY_SETS: readonly CategorySet[] = [
  {
    id: 'iemocap',
    title: 'IEMOCAP (10)',
    codes: ['neu', 'hap', 'exc', 'ang', 'sad', 'fru', 'fea', 'sur', 'dis', 'oth']
  },
  { id: 'four', title: '4 classes', codes: ['neu', 'hap', 'ang', 'sad'] },
  { id: 'ravdess', title: 'RAVDESS (8)', codes: ['neu', 'cal', 'hap', 'sad', 'ang', 'fea', 'dis', 'sur'] },
  { id: 'emodb', title: 'EmoDB (7)', codes: ['neu', 'hap', 'ang', 'sad', 'fea', 'dis', 'bor'] }
]

export const DEFAULT_CATEGORY_SET = CATEGORY_SETS[0]

export function categorySet(id: string | null): CategorySet {
  return CATEGORY_SETS.find((s) => s.id === id) ?? DEFAULT_CATEGORY_SET
}

/** The digit that picks position i of a set: 1 … 9, then 0 */
export function digitFor(index: number): string {
  return index === 9 ? '0' : String(index + 1)
}

/** The position a digit picks (Digit1 → 0 … Digit0 → 9) */
export function indexForDigit(digit: number): number {
  return digit === 0 ? 9 : digit - 1
}

export function categoryName(code: CategoryCode | null): string {
  return code === null ? 'unlabelled' : CATEGORY_NAMES[code]
}

/** What the 4-class view used in training makes of a code (exc → hap; the rest outside), as shown on the buttons */
export function fourClassNote(code: CategoryCode): string {
  const four = toFourClass(code)
  if (four === null) return 'not in 4-class'
  return four === code ? '4-class' : `4-class: ${four}`
}
