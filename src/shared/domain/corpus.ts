import type { CategoryCode } from './categories'

/** The corpus formats the importers understand (docs/cli.md `ser import KIND DIR`). */
export const CORPUS_KINDS = ['iemocap', 'emodb', 'ravdess', 'folder'] as const
export type CorpusKind = (typeof CORPUS_KINDS)[number]

export type Gender = 'F' | 'M'

export interface Corpus {
  /** Unique name in the index; chosen by the importer (e.g. `IEMOCAP_full_release`) */
  id: string
  kind: CorpusKind
  /** Absolute path of the corpus root; every stored path is relative to it */
  root: string
  importedAt: string
  utterances: number
}

export interface Session {
  id: string
  corpusId: string
  speakers: string[]
  utterances: number
}

export interface Speaker {
  /** e.g. `Ses01F` for IEMOCAP (session + speaking actor's letter), `03` for EmoDB, `Actor_01` for RAVDESS */
  id: string
  corpusId: string
  gender: Gender | null
  session: string | null
}

export interface Dialog {
  id: string
  corpusId: string
  session: string | null
  /** Relative path of the whole-dialog audio, when the corpus has one (IEMOCAP dialog/wav) */
  audioPath: string | null
}

/** The consensus label of one utterance (see docs/labels.md for the rule that derives it). */
export interface ConsensusLabel {
  category: CategoryCode | null
  valence: number | null
  arousal: number | null
  dominance: number | null
}

export interface Utterance extends ConsensusLabel {
  id: string
  corpusId: string
  /** Relative to the corpus root */
  path: string
  session: string | null
  speaker: string | null
  gender: Gender | null
  dialog: string | null
  /** Seconds from the start of the dialog audio (IEMOCAP), else null */
  startSec: number | null
  endSec: number | null
  durationSec: number
  sampleRate: number
  channels: number
  transcript: string | null
  /** Number of annotators (evaluators and people) with a category label; > 1 means agreement can be measured */
  raters: number
  /** True when the raters' categories are not unanimous */
  ratersDisagree: boolean
  /** Flagged for a second look by any annotator */
  flagged: boolean
}
