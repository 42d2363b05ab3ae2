import type { Routes } from '../dispatch'

export const interopRoutes: Routes<'runs.import'> = {
  'runs.import': (s, req) => s.predictionImport.importPredictions(req)
}
