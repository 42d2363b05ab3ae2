import type { ImportSkip } from '../../../../shared/api/corpus'
import type { CorpusKind, Gender } from '../../../../shared/domain/corpus'
import type { AnnotatorKind, LabelField } from '../../../../shared/domain/labels'

/**
 * What every importer produces from a corpus folder, before any audio is probed or anything is written: the
 * metadata its layout and annotation files say. import-service.ts probes the audio and writes it all in one
 * transaction, so each importer is a pure reading of one corpus format.
 */
export interface ParsedCorpus {
  id: string
  kind: CorpusKind
  root: string
  speakers: ParsedSpeaker[]
  dialogs: ParsedDialog[]
  utterances: ParsedUtterance[]
  /** Files or lines that could not be read, each with the reason; the rest is imported */
  skipped: ImportSkip[]
}

export interface ParsedSpeaker {
  id: string
  gender: Gender | null
  session: string | null
}

export interface ParsedDialog {
  id: string
  session: string | null
  /** Relative to the root; null when the corpus has no whole-dialog audio */
  audioPath: string | null
}

export interface ParsedLabel {
  /** Rater's name within the corpus (`reference`, `E2`, `F1` …); the index namespaces it by corpus */
  rater: string
  kind: AnnotatorKind
  field: LabelField
  value: string
}

export interface ParsedUtterance {
  id: string
  /** Audio path relative to the root, with forward slashes */
  path: string
  session: string | null
  speaker: string | null
  dialog: string | null
  startSec: number | null
  endSec: number | null
  transcript: string | null
  labels: ParsedLabel[]
}

export interface ImporterOptions {
  root: string
  /** Corpus name in the index */
  name: string
  manifest?: string
}

export type Importer = (options: ImporterOptions) => ParsedCorpus
