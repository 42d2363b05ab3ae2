import { z } from 'zod'
import type {
  BaselineComparison,
  FoldPlanView,
  HeldOutScore,
  SecondLookItem,
  RunEvaluation
} from '../domain/evaluation'
import { Id } from './common'

/**
 * Evaluation of stored runs: the fold plan, metrics from the stored test predictions (per fold and pooled, every
 * head), a saved model scored on a held-out session, and the "second look" list. Read-only over the runs; scoring
 * refuses (CONFLICT, naming the session) a session the model trained or selected epochs on.
 */
export const EvaluationRunRequest = z.object({ runId: Id }).strict()

export const ScoreSessionRequest = z
  .object({
    runId: Id,
    session: z.string().min(1).max(64),
    /** The corpus holding the session (default: the run's own corpus) */
    corpusId: Id.optional()
  })
  .strict()
export type ScoreSessionRequest = z.infer<typeof ScoreSessionRequest>

export const SecondLookRequest = z
  .object({
    runId: Id,
    /** At most this many items, strongest disagreement first (default 50) */
    limit: z.number().int().min(1).max(100_000).optional(),
    /** Disagreements without evaluator support need at least this confidence (default 0.5) */
    minConfidence: z.number().min(0).max(1).optional()
  })
  .strict()
export type SecondLookRequest = z.infer<typeof SecondLookRequest>

export const evaluationRequests = {
  'evaluation.folds': EvaluationRunRequest,
  'evaluation.metrics': EvaluationRunRequest,
  'evaluation.score': ScoreSessionRequest,
  'evaluation.secondLook': SecondLookRequest,
  'evaluation.baselineComparison': EvaluationRunRequest
}

export interface EvaluationApi {
  /** The run's fold plan: test/train groups and the speakers of every split */
  'evaluation.folds': { req: { runId: string }; res: FoldPlanView }
  /** WA, UA, per-class precision/recall/F1 and confusion for each head, per fold and pooled */
  'evaluation.metrics': { req: { runId: string }; res: RunEvaluation }
  /** Loads the saved model of the fold that held the session out and scores the session */
  'evaluation.score': { req: ScoreSessionRequest; res: HeldOutScore }
  /** Utterances the model confidently disagrees about, or where it sides with a minority of evaluators */
  'evaluation.secondLook': { req: SecondLookRequest; res: SecondLookItem[] }
  /** The eGeMAPS baseline (LR; per speaker where the corpus has speakers) on the run's folds, beside the run */
  'evaluation.baselineComparison': { req: { runId: string }; res: BaselineComparison }
}
