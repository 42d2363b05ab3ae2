/**
 * A training request made whole: RUN_DEFAULTS for what it leaves out, the corpus it names (or the index's default
 * one), the corpus's standard class set, and the cross-field checks a schema cannot make. Errors name the field.
 */
import type { StartTrainingRequest } from '../../../shared/api/training'
import type { CategoryCode } from '../../../shared/domain/categories'
import { PRESET_VALUES, presetDefaults } from '../../../shared/domain/presets'
import { RUN_DEFAULTS } from '../../../shared/domain/runs'
import type { RunConfig } from '../../../shared/domain/training'
import { isEncoderFeatures } from '../../../shared/domain/encoders'
import { SerError } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import { standardClasses } from './targets'

export function resolveRunConfig(req: StartTrainingRequest, corpus: CorpusIndex): RunConfig {
  const corpusId = req.corpusId ?? corpus.defaultCorpusId()
  if (!corpusId)
    throw new SerError('NOT_FOUND', 'corpusId: the index holds no corpus; import one first', { field: 'corpusId' })
  const { kind } = corpus.corpus(corpusId)
  const present = Object.keys(corpus.stats({ corpusId }).byCategory).filter((c) => c !== 'null') as CategoryCode[]
  const { binThresholds, noiseSnrDb, preset: asked, ...rest } = req
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<RunConfig>
  if (binThresholds) defined.binThresholds = [binThresholds[0], binThresholds[1]]
  if (noiseSnrDb !== undefined) defined.noiseSnrDb = noiseSnrDb ? [noiseSnrDb[0], noiseSnrDb[1]] : null
  // the API's default is the paper preset (RUN_DEFAULTS); `ser train` and the launch form ask for 'workbench'
  const preset = asked === undefined ? RUN_DEFAULTS.preset : asked
  const config: RunConfig = {
    ...presetDefaults(preset),
    ...defined,
    preset,
    corpusId,
    classes: [...new Set(req.classes ?? standardClasses(kind, present))]
  }
  const bad = (field: string, why: string) => {
    throw new SerError('FIELD_INVALID', `${field}: ${why}`, { field })
  }
  const linear = config.model === 'baseline' || config.model === 'fusion'
  if (config.normalisation === 'speaker' || (linear && req.normalisation === undefined)) {
    const utterances = corpus.utterances({ corpusId })
    const withSpeaker = utterances.filter((u) => u.speaker !== null).length
    if (req.normalisation === 'speaker' && withSpeaker === 0) {
      bad('normalisation', `'speaker' needs speakers, and corpus '${corpusId}' names none; use 'fold'`)
    }
    // not asked for: per speaker where every utterance has a speaker (the baseline's default), else per fold
    const fromPreset = preset !== null && PRESET_VALUES[preset].normalisation !== undefined
    if (req.normalisation === undefined && (linear || fromPreset)) {
      const every = utterances.length > 0 && withSpeaker === utterances.length
      config.normalisation = every && (linear || config.normalisation === 'speaker') ? 'speaker' : 'fold'
    }
  }
  if (config.model === 'baseline' && config.task === 'multi') {
    bad('task', "the baseline has one head (the category); 'multi' needs the CNN (model cnn, attentive-cnn or fusion)")
  }
  if (config.model === 'baseline' && req.features !== undefined && req.features !== 'egemaps') {
    const why = "features is the CNN's input (cnn, attentive-cnn, fusion)"
    bad('features', `the baseline trains on the 88 eGeMAPS functionals, not '${req.features}'; ${why}`)
  }
  if (!linear && req.classifier !== undefined) {
    bad('classifier', `the classifier belongs to the baseline (model baseline or fusion), not to model ${config.model}`)
  }
  if (config.model === 'baseline') {
    if (req.extraFeatures !== undefined && req.extraFeatures.length > 0)
      bad('extraFeatures', 'more views are more CNNs; the baseline has none (model cnn, attentive-cnn or fusion)')
    config.extraFeatures = [] // a preset's views belong to its CNN
  }
  const views = [config.features, ...config.extraFeatures]
  if (new Set(views).size !== views.length)
    bad('extraFeatures', `each view needs its own input; got ${views.join(', ')} (features first)`)
  if (config.model !== 'fusion' && req.fusionWeight !== undefined && req.fusionWeight !== null) {
    bad('fusionWeight', `the fusion weight belongs to model fusion, not to model ${config.model}`)
  }
  if (
    config.model === 'fusion' &&
    config.fusionWeight === null &&
    config.devSplit === 'utterances' &&
    config.devFraction === 0
  ) {
    bad('devFraction', 'fusion chooses its weight on the dev split; give a dev fraction above 0')
  }
  if (config.classes.length < 2) bad('classes', `need at least two classes, got ${config.classes.join(',') || 'none'}`)
  if (config.alpha + config.beta >= 1)
    bad('beta', `alpha + beta must be below 1 (got ${config.alpha} + ${config.beta})`)
  if (config.testSession !== null && config.folds !== null)
    bad('folds', 'give a test session or a number of folds, not both')
  if (new Set(config.filterWidths).size !== config.filterWidths.length)
    bad('filterWidths', `widths must differ, got ${config.filterWidths.join(',')}`)
  if (config.binThresholds[0] > config.binThresholds[1])
    bad('binThresholds', 'the low threshold must not exceed the high one')
  checkTrainingOptions(config, bad)
  return config
}

/** The options beyond the paper (docs/training.md): combinations that cannot work are errors naming the field. */
function checkTrainingOptions(config: RunConfig, bad: (field: string, why: string) => never): void {
  const factors = config.speedFactors
  if (new Set(factors).size !== factors.length) bad('speedFactors', `factors must differ, got ${factors.join(',')}`)
  if (!factors.includes(1))
    bad('speedFactors', `the list must include 1 (the unperturbed audio), got ${factors.join(',')}`)
  if (factors.length > 1 && isEncoderFeatures(config.features)) {
    bad(
      'speedFactors',
      'speed perturbation makes log-Mel, MFCC or eGeMAPS features of resampled audio, not encoder embeddings'
    )
  }
  if (factors.length > 1 && config.extraFeatures.some(isEncoderFeatures))
    bad('speedFactors', 'speed perturbation cannot perturb the encoder view in extraFeatures')
  if (config.noiseSnrDb) {
    if (config.features !== 'logmel')
      bad('noiseSnrDb', `additive noise is computed on log-Mel energies; features is ${config.features}`)
    const other = config.extraFeatures.find((f) => f !== 'logmel')
    if (other !== undefined)
      bad('noiseSnrDb', `additive noise is computed on log-Mel energies; extraFeatures has ${other}`)
    if (config.noiseSnrDb[0] > config.noiseSnrDb[1])
      bad('noiseSnrDb', `the low SNR must not exceed the high one (got ${config.noiseSnrDb.join(', ')})`)
  }
  const noDev = config.devSplit === 'utterances' && config.devFraction <= 0
  if (noDev && config.lrSchedule === 'plateau')
    bad('lrSchedule', "'plateau' follows the dev loss; devFraction 0 leaves no dev split")
  if (noDev && config.averageCheckpoints > 1)
    bad('averageCheckpoints', 'averaging the best epochs needs a dev split to rank them; devFraction is 0')
}
