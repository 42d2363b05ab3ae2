import type { Routes } from '../dispatch'

export const interopRoutes: Routes<'runs.import' | 'interop.exportDataset'> = {
  'runs.import': (s, req) => s.predictionImport.importPredictions(req),
  'interop.exportDataset': (s, req) => s.interop.exportDataset(req)
}
