/** RunConfig as the research views name it: short labels for tables, and the fields a comparison diffs. */
import { encoderLabel, isEncoderFeatures } from '@shared/domain/encoders'
import type { RunSummary } from '@shared/domain/runs'
import type { RunConfig, RunFeatures, TrainFeatures, ModelKind } from '@shared/domain/training'

export const FEATURE_LABEL: Record<TrainFeatures, string> = { logmel: 'logMel', mfcc: 'MFCC', egemaps: 'eGeMAPS' }
export const MODEL_LABEL: Record<ModelKind, string> = {
  cnn: 'CNN',
  'attentive-cnn': 'Attentive CNN',
  baseline: 'Baseline',
  fusion: 'Fusion'
}

/**
 * "Baseline (LR, per speaker)", "Fusion (CNN + LR)", "CNN"; an encoder run trains the pooling + MLP head
 * (docs/encoders.md) whatever `model` says
 */
export function modelLabel(c: Pick<RunConfig, 'features' | 'model' | 'classifier' | 'normalisation'>): string {
  const clf = (c.classifier ?? 'lr').toUpperCase()
  if (c.model === 'baseline') return `Baseline (${clf}, per ${c.normalisation ?? 'fold'})`
  if (c.model === 'fusion') return `Fusion (CNN + ${clf})`
  if (!isEncoderFeatures(c.features)) return MODEL_LABEL[c.model]
  return c.model === 'attentive-cnn' ? 'Encoder head (attentive pooling)' : 'Encoder head'
}

/** "Workbench", "Paper", "none" */
export function presetLabel(c: RunConfig): string {
  return c.preset ? c.preset[0].toUpperCase() + c.preset.slice(1) : 'none'
}

/** "logMel", or for an encoder "Encoder wavlm.onnx (layer 6)" */
export function featureLabel(f: RunFeatures): string {
  return isEncoderFeatures(f) ? `Encoder ${encoderLabel(f)}` : FEATURE_LABEL[f]
}

export function taskLabel(c: RunConfig): string {
  return c.task === 'multi' ? `multi-task α=${c.alpha} β=${c.beta}` : 'single-task'
}

/**
 * What the loss curves measure: single-task training minimises the categorical cross-entropy; multi-task training
 * the weighted sum J = (1 − α − β)·CE(category) + α·CE(activation) + β·CE(valence) (docs/training.md). Several
 * runs of both kinds: both names.
 */
export function lossName(configs: readonly RunConfig[]): string {
  const kinds = new Set(configs.map((c) => c.task))
  if (kinds.size === 0 || (kinds.size === 1 && kinds.has('single'))) return 'cross-entropy'
  return kinds.size === 1 ? 'multi-task loss J' : 'cross-entropy / J'
}

export function protocolLabel(c: RunConfig, folds?: number): string {
  if (c.testSession !== null) return `test session ${c.testSession}`
  if (c.folds !== null) return `${c.folds} folds`
  return folds ? `LOSO (${folds} folds)` : 'LOSO'
}

/** One line: "logMel · CNN · single-task · LOSO (5 folds) · 30 ep · seed 1 · 7.5 s" */
export function configLine(c: RunConfig, folds?: number): string {
  const views = c.model === 'baseline' ? [] : (c.extraFeatures ?? [])
  const input = c.model === 'baseline' ? 'eGeMAPS functionals' : [c.features, ...views].map(featureLabel).join(' + ')
  return [
    input,
    modelLabel(c),
    taskLabel(c),
    protocolLabel(c, folds),
    `${c.epochs} ep`,
    `seed ${c.seed}`,
    `${c.maxSeconds} s`
  ].join(' · ')
}

/** configLine, or for a run imported from elsewhere: "imported 'wavlm-ft' (preds.csv) · neu, hap, ang, sad · LOSO (5 folds)" */
export function runLine(r: Pick<RunSummary, 'config' | 'folds' | 'source'>): string {
  if (!r.source) return configLine(r.config, r.folds)
  const file = r.source.file.split(/[\\/]/).pop()
  return [`imported '${r.source.name}' (${file})`, r.config.classes.join(', '), protocolLabel(r.config, r.folds)].join(
    ' · '
  )
}

/** The fields a config diff shows, in the order a researcher reads them, with how each value is written */
export const CONFIG_FIELDS: { key: keyof RunConfig; label: string }[] = [
  { key: 'corpusId', label: 'corpus' },
  { key: 'features', label: 'features' },
  { key: 'extraFeatures', label: 'extra views' },
  { key: 'preset', label: 'preset' },
  { key: 'model', label: 'model' },
  { key: 'classifier', label: 'classifier' },
  { key: 'normalisation', label: 'normalisation' },
  { key: 'classWeighting', label: 'class weighting' },
  { key: 'balancedBatches', label: 'balanced batches' },
  { key: 'speedFactors', label: 'speed factors' },
  { key: 'specAugment', label: 'SpecAugment' },
  { key: 'randomCrop', label: 'random crop' },
  { key: 'noiseSnrDb', label: 'noise SNR (dB)' },
  { key: 'lrSchedule', label: 'LR schedule' },
  { key: 'averageCheckpoints', label: 'averaged epochs' },
  { key: 'ensembleSeeds', label: 'seeds per fold' },
  { key: 'fusionWeight', label: 'fusion weight (CNN)' },
  { key: 'task', label: 'task' },
  { key: 'alpha', label: 'α (activation)' },
  { key: 'beta', label: 'β (valence)' },
  { key: 'testSession', label: 'test session' },
  { key: 'folds', label: 'folds' },
  { key: 'classes', label: 'classes' },
  { key: 'epochs', label: 'epochs' },
  { key: 'batchSize', label: 'batch size' },
  { key: 'learningRate', label: 'learning rate' },
  { key: 'seed', label: 'seed' },
  { key: 'maxSeconds', label: 'max seconds' },
  { key: 'filterWidths', label: 'filter widths' },
  { key: 'filters', label: 'filters' },
  { key: 'dropout', label: 'dropout' },
  { key: 'devFraction', label: 'dev fraction' },
  { key: 'devSplit', label: 'dev split' },
  { key: 'earlyStoppingPatience', label: 'patience' },
  { key: 'keepBest', label: 'keep best' },
  { key: 'binThresholds', label: 'bin thresholds' },
  { key: 'poolFrames', label: 'pool frames' },
  { key: 'convForm', label: 'conv form' },
  { key: 'backend', label: 'backend' },
  { key: 'parallelFolds', label: 'parallel folds' }
]

export function configValue(c: RunConfig, key: keyof RunConfig): string {
  const v = c[key]
  if (v === null || v === undefined) return key === 'testSession' ? 'all (LOSO)' : key === 'preset' ? 'none' : '—'
  if (Array.isArray(v)) return v.join(', ')
  return String(v)
}

/** Rows of the config diff: every field, and whether the runs disagree on it */
export function configDiff(configs: readonly RunConfig[]): { label: string; values: string[]; differs: boolean }[] {
  return CONFIG_FIELDS.map(({ key, label }) => {
    const values = configs.map((c) => configValue(c, key))
    return { label, values, differs: values.some((v) => v !== values[0]) }
  })
}
