import type { Command } from 'commander'
import { registerAgreement } from './agreement'
import { registerEvaluate } from './evaluate'
import { registerExport } from './export'
import { registerFeatures } from './features'
import { registerHistory } from './history'
import { registerImport } from './import'
import { registerImportLabels } from './import-labels'
import { registerExportDataset, registerExportModel, registerImportPredictions } from './interop'
import { registerLabel } from './label'
import { registerList } from './list'
import { registerRecipe } from './recipe'
import { registerReview } from './review'
import { registerRuns } from './runs'
import { registerServe } from './serve'
import { registerTeam } from './team'
import { registerTrain } from './train'

/** Every `ser` command, in the order `ser --help` lists them (docs/cli.md). */
export function registerCommands(program: Command): void {
  registerImport(program)
  registerList(program)
  registerLabel(program)
  registerHistory(program)
  registerAgreement(program)
  registerExport(program)
  registerFeatures(program)
  registerTrain(program)
  registerRuns(program)
  registerEvaluate(program)
  registerRecipe(program)
  registerReview(program)
  registerImportLabels(program)
  registerImportPredictions(program)
  registerExportDataset(program)
  registerExportModel(program)
  registerServe(program)
  registerTeam(program)
}
