import { exportModel } from '../../services/interop/model-export'
import type { Routes } from '../dispatch'

export const interopRoutes: Routes<'runs.import' | 'interop.exportDataset' | 'interop.exportModel'> = {
  'runs.import': (s, req) => s.predictionImport.importPredictions(req),
  'interop.exportDataset': (s, req) => s.interop.exportDataset(req),
  'interop.exportModel': (s, req) => exportModel(s.training, req)
}
