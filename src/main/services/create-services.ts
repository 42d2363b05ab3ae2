import type { Db } from './db/open-db'
import { openDb } from './db/open-db'
import type { CorpusIndex } from './corpus/corpus-index'
import { createCorpusIndex } from './corpus/corpus-index'
import type { ImportService } from './corpus/import-service'
import { createImportService } from './corpus/import-service'
import type { AgreementService } from './labels/agreement-service'
import { createAgreementService } from './labels/agreement-service'
import type { LabelExportService } from './labels/export-service'
import { createLabelExportService } from './labels/export-service'
import type { LabelFileImporter } from './labels/label-file-import'
import { createLabelFileImporter } from './labels/label-file-import'
import type { LabelStore } from './labels/label-store'
import { createLabelStore } from './labels/label-store'
import type { BaselineComparisonService } from './baseline/baseline-comparison'
import { createBaselineComparison } from './baseline/baseline-comparison'
import type { FeatureService } from './features/feature-service'
import { createFeatureService } from './features/feature-service'
import type { MediaService } from './media/media-service'
import { createMediaService } from './media/media-service'
import type { EvaluationService } from './evaluation/evaluation-service'
import { createEvaluationService } from './evaluation/evaluation-service'
import type { RecipeService } from './recipes/recipe-service'
import { createRecipeService } from './recipes/recipe-service'
import type { EncoderFeatures } from './encoders/encoder-features'
import { createEncoderFeatures } from './encoders/encoder-features'
import { createRunFeatureSource } from './encoders/run-features'
import type { InteropService } from './interop/interop-service'
import { createInteropService } from './interop/interop-service'
import type { PredictionImporter } from './interop/prediction-import'
import { createPredictionImporter } from './interop/prediction-import'
import type { EventBus } from './runtime/event-bus'
import type { TrainingService } from './training/training-service'
import { createTrainingService } from './training/training-service'
import { createEventBus } from './runtime/event-bus'
import type { TeamLink } from './team/team-link'

export interface ServicesOptions {
  /** The corpus index (SQLite file); created when missing */
  dbPath: string
  /** better_sqlite3.node built for Electron's ABI, when running inside Electron */
  nativeBinding?: string
  /** The event bus to announce on (an app that opens another index keeps its listeners); default a new one */
  events?: EventBus
}

/** Every service, built once per index. Transports (IPC, web, CLI) receive this and nothing else. */
export interface Services {
  readonly dbPath: string
  readonly db: Db
  readonly events: EventBus
  readonly corpus: CorpusIndex
  readonly labels: LabelStore
  readonly importer: ImportService
  readonly agreement: AgreementService
  readonly labelExport: LabelExportService
  readonly labelImport: LabelFileImporter
  readonly features: FeatureService
  /** Audio, envelopes and spectrograms by id for the player (services/media) */
  readonly media: MediaService
  readonly training: TrainingService
  readonly evaluation: EvaluationService
  /** The eGeMAPS baseline beside every run (services/baseline) */
  readonly baseline: BaselineComparisonService
  readonly recipes: RecipeService
  readonly predictionImport: PredictionImporter
  readonly interop: InteropService
  /** `encoder:PATH.onnx` feature sets (docs/encoders.md) */
  readonly encoders: EncoderFeatures
  /** Set when `--db` is a postgresql:// URL: the services run on its local replica (open-services.ts) */
  readonly team?: TeamLink
  close(): void
}

/** The only wiring in the app: no container, no globals; each service gets what it needs here. */
export function createServices(options: ServicesOptions): Services {
  const db = openDb(options.dbPath, { nativeBinding: options.nativeBinding })
  const events = options.events ?? createEventBus()
  const labels = createLabelStore(db, events)
  const corpus = createCorpusIndex(db, labels)
  const importer = createImportService({ corpus, labels, events })
  const agreement = createAgreementService(db)
  const labelExport = createLabelExportService(corpus, labels)
  const labelImport = createLabelFileImporter(corpus, labels, events)
  const features = createFeatureService({ db, corpus, events })
  const media = createMediaService({ corpus, features })
  const encoders = createEncoderFeatures({ db, corpus })
  // what runs train and score on: the paper's kinds and encoder:… kinds
  const runFeatures = createRunFeatureSource(features, encoders)
  const training = createTrainingService({ db, dbPath: options.dbPath, corpus, features: runFeatures, events })
  const evaluation = createEvaluationService({ runs: training, corpus, labels, features: runFeatures })
  const baseline = createBaselineComparison({ db, runs: training, features })
  const recipes = createRecipeService({ db, corpus, training, evaluation, events })
  const predictionImport = createPredictionImporter({ db, corpus, runDir: training.runDir })
  const interop = createInteropService({ corpus, features: runFeatures, encoders, runs: training, events })
  let closed = false
  return {
    dbPath: options.dbPath,
    db,
    events,
    corpus,
    labels,
    importer,
    agreement,
    labelExport,
    labelImport,
    features,
    media,
    training,
    evaluation,
    baseline,
    recipes,
    predictionImport,
    interop,
    encoders,
    close() {
      if (closed) return
      closed = true
      recipes.close()
      training.close()
      void encoders.close()
      db.close()
    }
  }
}
