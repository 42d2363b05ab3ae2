import type { Routes } from '../dispatch'

export const evaluationRoutes: Routes<
  | 'evaluation.folds'
  | 'evaluation.metrics'
  | 'evaluation.score'
  | 'evaluation.secondLook'
  | 'evaluation.baselineComparison'
> = {
  'evaluation.folds': (s, req) => s.evaluation.folds(req.runId),
  'evaluation.metrics': (s, req) => s.evaluation.metrics(req.runId),
  'evaluation.score': (s, req) => s.evaluation.score(req),
  'evaluation.secondLook': (s, req) => s.evaluation.secondLook(req),
  'evaluation.baselineComparison': (s, req) => s.baseline.compare(req.runId)
}
