/**
 * One vocabulary of three-letter category codes for every corpus: IEMOCAP's own codes (its EmoEvaluation summary
 * lines use exactly these), plus RAVDESS's calm and EmoDB's boredom. Importers map their corpus's labels onto it.
 */
export const CATEGORY_CODES = [
  'neu',
  'hap',
  'exc',
  'ang',
  'sad',
  'fru',
  'fea',
  'sur',
  'dis',
  'oth',
  'xxx',
  'cal',
  'bor'
] as const

export type CategoryCode = (typeof CATEGORY_CODES)[number]

export const CATEGORY_NAMES: Record<CategoryCode, string> = {
  neu: 'neutral',
  hap: 'happy',
  exc: 'excited',
  ang: 'angry',
  sad: 'sad',
  fru: 'frustrated',
  fea: 'fearful',
  sur: 'surprised',
  dis: 'disgusted',
  oth: 'other',
  xxx: 'no agreement',
  cal: 'calm',
  bor: 'bored'
}

export function isCategoryCode(s: string): s is CategoryCode {
  return (CATEGORY_CODES as readonly string[]).includes(s)
}

/** The paper's 4 classes, in the order reports and confusion matrices use. */
export const FOUR_CLASSES = ['neu', 'hap', 'ang', 'sad'] as const
export type FourClass = (typeof FOUR_CLASSES)[number]

/**
 * The standard IEMOCAP 4-class protocol (SpeechBrain, torchaudio, s3prl): excited merges into happy; every other
 * code stays in the corpus but outside the 4 classes.
 */
export function toFourClass(code: CategoryCode | null): FourClass | null {
  switch (code) {
    case 'neu':
      return 'neu'
    case 'hap':
    case 'exc':
      return 'hap'
    case 'ang':
      return 'ang'
    case 'sad':
      return 'sad'
    default:
      return null
  }
}

/**
 * Maps a category onto a chosen class set (e.g. `neu,hap,ang,sad` or RAVDESS's eight). Codes not in the set map to
 * null, except that `exc` joins `hap` when the set has hap but not exc (the IEMOCAP merge).
 */
export function toClassSet(code: CategoryCode | null, classes: readonly CategoryCode[]): CategoryCode | null {
  if (code === null) return null
  if (classes.includes(code)) return code
  if (code === 'exc' && classes.includes('hap')) return 'hap'
  return null
}

/** IEMOCAP evaluator words (C-E1: Anger; Frustration;) to codes; the first three letters, lower-cased, as S8 does. */
export function categoryFromWord(word: string): CategoryCode | null {
  const w = word.trim().toLowerCase()
  if (w.startsWith('neutral')) return 'neu'
  if (w.startsWith('happ')) return 'hap'
  if (w.startsWith('excit')) return 'exc'
  if (w.startsWith('ang')) return 'ang'
  if (w.startsWith('sad')) return 'sad'
  if (w.startsWith('frus')) return 'fru'
  if (w.startsWith('fear')) return 'fea'
  if (w.startsWith('surp')) return 'sur'
  if (w.startsWith('disg')) return 'dis'
  if (w.startsWith('other')) return 'oth'
  if (w.startsWith('calm')) return 'cal'
  if (w.startsWith('bored')) return 'bor'
  return null
}

/** The words a manifest or label file may use for each category, matched whole (case-insensitive), never by prefix */
const CATEGORY_WORDS: Record<string, CategoryCode> = Object.fromEntries(
  (
    [
      ['neu', ['neutral', 'neutral state']],
      ['hap', ['happy', 'happiness']],
      ['exc', ['excited', 'excitement']],
      ['ang', ['angry', 'anger']],
      ['sad', ['sad', 'sadness']],
      ['fru', ['frustrated', 'frustration']],
      ['fea', ['fear', 'fearful', 'afraid']],
      ['sur', ['surprise', 'surprised']],
      ['dis', ['disgust', 'disgusted']],
      ['oth', ['other']],
      ['cal', ['calm']],
      ['bor', ['bored', 'boredom']]
    ] as const
  ).flatMap(([code, words]) => words.map((w) => [w, code]))
)

/**
 * A category as a manifest or label file writes it: a code (`ang`) or one of its words (`angry`, `Anger`), exactly;
 * anything else (`angryish`) is null. The corpus importers and the label-file import both read categories so.
 */
export function parseCategory(value: string): CategoryCode | null {
  const v = value.trim().toLowerCase().replace(/\s+/g, ' ')
  return isCategoryCode(v) ? v : (CATEGORY_WORDS[v] ?? null)
}
