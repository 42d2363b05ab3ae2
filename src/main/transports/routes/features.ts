import type { Routes } from '../dispatch'

export const featuresRoutes: Routes<'features.computeAll' | 'features.cancel'> = {
  'features.computeAll': (s, req) =>
    s.features.ensureAll(req.kind, {
      ...(req.ids ? { ids: req.ids } : {}),
      onProgress: (p) => s.events.emit('features.progress', { ...p, kind: req.kind })
    }),
  'features.cancel': (s, req) => ({ cancelled: s.features.cancel(req.kind) })
}
