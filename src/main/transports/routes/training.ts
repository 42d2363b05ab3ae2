import type { Routes } from '../dispatch'

export const trainingRoutes: Routes<
  | 'training.backend'
  | 'training.start'
  | 'training.cancel'
  | 'training.resume'
  | 'runs.list'
  | 'runs.get'
  | 'runs.delete'
  | 'runs.annotate'
> = {
  'training.backend': (s) => s.training.backend(),
  'training.start': (s, req) => s.training.start(req),
  'training.cancel': (s, req) => s.training.cancel(req.runId),
  'training.resume': (s, req) => s.training.resume(req.runId),
  'runs.list': (s, req) => s.training.list(req.corpusId),
  'runs.get': (s, req) => s.training.get(req.runId),
  'runs.delete': (s, req) => s.training.delete(req.runId),
  'runs.annotate': (s, req) => s.training.annotate(req)
}
