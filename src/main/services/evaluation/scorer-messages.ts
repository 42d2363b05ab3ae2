/**
 * What the parent and the scorer child (scorer-process.ts) say to each other over process.send. The child, like the
 * trainer child, never opens SQLite: it reads a dataset file pair and a saved model, and answers with probabilities.
 */
import type { SerErrorInfo } from '../../../shared/errors'
import type { BackendInfo } from '../../../shared/domain/runs'
import type { BackendPreference } from '../../../shared/domain/training'

export interface ScoreJob {
  /** dataset.json / dataset.bin (training/dataset-file.ts) holding the session's utterances, not normalised */
  datasetPath: string
  /** The fold's saved model folder (model.json, weights.bin, norm.json) */
  modelDir: string
  backend: BackendPreference
}

export type ScorerRequest = { kind: 'score'; job: ScoreJob }

/** Per utterance, in dataset order: each head's class probabilities (category first). */
export type ScorerReply =
  { kind: 'scored'; backend: BackendInfo; outputs: number[][][] } | { kind: 'failed'; error: SerErrorInfo }
