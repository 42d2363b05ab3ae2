import type { Routes } from '../dispatch'

export const featuresRoutes: Routes<'features.computeAll' | 'features.cancel'> = {
  // features.progress is the service's
  'features.computeAll': (s, req) => s.features.computeAll(req.kind, req.ids),
  'features.cancel': (s, req) => ({ cancelled: s.features.cancel(req.kind) })
}
