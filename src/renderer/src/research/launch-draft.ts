/**
 * The launch form's values and how they become a training.start request. The form starts from a preset
 * (shared/domain/presets.ts; Workbench unless the researcher picks Paper or none) and sends the preset and only what
 * the researcher changed from it, so the stored config shows the preset's own values for the rest.
 */
import type { StartTrainingRequest } from '@shared/api/training'
import { presetDefaults } from '@shared/domain/presets'
import type {
  Classifier,
  DevSplit,
  ModelKind,
  Normalisation,
  Preset,
  TaskKind,
  TrainFeatures
} from '@shared/domain/training'
import { SerError } from '@shared/errors'

export interface LaunchDraft {
  /** The preset the form was filled from; 'none' = RUN_DEFAULTS, recorded as no preset */
  preset: Preset | 'none'
  classifier: Classifier
  normalisation: Normalisation
  /** 'encoder': a pretrained encoder's frames (encoderPath, encoderLayer; docs/encoders.md) */
  features: TrainFeatures | 'encoder'
  /** Further inputs, one CNN each, averaged with the CNN on `features` (RunConfig.extraFeatures) */
  extraFeatures: TrainFeatures[]
  /** The .onnx file on the machine that trains */
  encoderPath: string
  /** 'last', 'weighted' (SUPERB's learned sum of layers) or a layer number, as typed */
  encoderLayer: string
  model: ModelKind
  task: TaskKind
  alpha: number
  beta: number
  /** 'loso': every leave-one-session-out fold, metrics pooled (the paper's protocol); 'one': one test session */
  folds: 'loso' | 'one'
  testSession: string
  epochs: number
  seed: number
  maxSeconds: number
  batchSize: number
  learningRate: number
  filters: number
  /** Comma-separated frame widths, as typed */
  filterWidths: string
  dropout: number
  patience: number
  devSplit: DevSplit
}

/** The launch form's default preset, as `ser train`'s */
export const DEFAULT_PRESET: Preset = 'workbench'

export function defaultDraft(preset: Preset | 'none' = DEFAULT_PRESET): LaunchDraft {
  const d = presetDefaults(preset === 'none' ? null : preset)
  return {
    preset,
    classifier: d.classifier,
    normalisation: d.normalisation,
    features: d.features as TrainFeatures,
    extraFeatures: d.extraFeatures.filter((f): f is TrainFeatures => !f.startsWith('encoder:')),
    encoderPath: '',
    encoderLayer: 'last',
    model: d.model,
    task: d.task,
    alpha: d.alpha,
    beta: d.beta,
    folds: 'loso',
    testSession: '',
    epochs: d.epochs,
    seed: d.seed,
    maxSeconds: d.maxSeconds,
    batchSize: d.batchSize,
    learningRate: d.learningRate,
    filters: d.filters,
    filterWidths: d.filterWidths.join(', '),
    dropout: d.dropout,
    patience: d.earlyStoppingPatience,
    devSplit: d.devSplit
  }
}

/** "5, 10,20" → [5, 10, 20] (filter widths, signal lengths); a typo becomes NaN, which the service refuses by field */
export function parseNumberList(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((s) => s.length > 0)
    .map(Number)
}

/**
 * The request the form's values make. "One test session" without a session is refused here, naming the field, rather
 * than sent as `testSession: null` (which means leave-one-session-out): the run never differs from the form.
 */
export function toRequest(d: LaunchDraft, corpusId: string | null): StartTrainingRequest {
  if (d.folds === 'one' && !d.testSession) {
    throw new SerError('FIELD_INVALID', 'testSession: choose the session to test on, or All sessions (LOSO)', {
      field: 'testSession'
    })
  }
  const r: StartTrainingRequest = {}
  const base = defaultDraft(d.preset)
  if (corpusId) r.corpusId = corpusId
  r.preset = d.preset === 'none' ? null : d.preset
  const linear = d.model === 'baseline' || d.model === 'fusion'
  if (linear && d.classifier !== base.classifier) r.classifier = d.classifier
  // what the form shows is what trains (the service would pick per-speaker for a baseline on its own)
  if (linear || d.normalisation !== base.normalisation) r.normalisation = d.normalisation
  if (d.features === 'encoder') {
    const layer = d.encoderLayer.trim()
    r.features = `encoder:${d.encoderPath.trim()}${layer && layer !== 'last' ? `#layer=${layer}` : ''}`
  } else if (d.features !== base.features && d.model !== 'baseline') r.features = d.features
  // a view on the main input is no second view; the baseline has no CNN to add views to
  const views = d.model === 'baseline' ? [] : d.extraFeatures.filter((f) => f !== d.features)
  if (views.join() !== base.extraFeatures.join()) r.extraFeatures = views
  if (d.model !== base.model) r.model = d.model
  if (d.task !== base.task) r.task = d.task
  if (d.task === 'multi') {
    r.alpha = d.alpha
    r.beta = d.beta
  }
  r.testSession = d.folds === 'one' ? d.testSession : null
  if (d.epochs !== base.epochs) r.epochs = d.epochs
  if (d.seed !== base.seed) r.seed = d.seed
  if (d.maxSeconds !== base.maxSeconds) r.maxSeconds = d.maxSeconds
  if (d.batchSize !== base.batchSize) r.batchSize = d.batchSize
  if (d.learningRate !== base.learningRate) r.learningRate = d.learningRate
  if (d.filters !== base.filters) r.filters = d.filters
  if (d.filterWidths.trim() !== base.filterWidths) r.filterWidths = parseNumberList(d.filterWidths)
  if (d.dropout !== base.dropout) r.dropout = d.dropout
  if (d.patience !== base.patience) r.earlyStoppingPatience = d.patience
  if (d.devSplit !== base.devSplit) r.devSplit = d.devSplit
  return r
}
