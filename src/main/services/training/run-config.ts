/**
 * A training request made whole: RUN_DEFAULTS for what it leaves out, the corpus it names (or the index's default
 * one), the corpus's standard class set, and the cross-field checks a schema cannot make. Errors name the field.
 */
import type { StartTrainingRequest } from '../../../shared/api/training'
import type { CategoryCode } from '../../../shared/domain/categories'
import { RUN_DEFAULTS } from '../../../shared/domain/runs'
import type { RunConfig } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import { standardClasses } from './targets'

export function resolveRunConfig(req: StartTrainingRequest, corpus: CorpusIndex): RunConfig {
  const corpusId = req.corpusId ?? corpus.defaultCorpusId()
  if (!corpusId) throw new SerError('NOT_FOUND', 'corpusId: the index holds no corpus; import one first', { field: 'corpusId' })
  const { kind } = corpus.corpus(corpusId)
  const present = Object.keys(corpus.stats({ corpusId }).byCategory).filter((c) => c !== 'null') as CategoryCode[]
  const { binThresholds, ...rest } = req
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<RunConfig>
  if (binThresholds) defined.binThresholds = [binThresholds[0], binThresholds[1]]
  const config: RunConfig = {
    ...RUN_DEFAULTS,
    ...defined,
    corpusId,
    classes: [...new Set(req.classes ?? standardClasses(kind, present))]
  }
  const bad = (field: string, why: string) => {
    throw new SerError('FIELD_INVALID', `${field}: ${why}`, { field })
  }
  if (config.classes.length < 2) bad('classes', `need at least two classes, got ${config.classes.join(',') || 'none'}`)
  if (config.alpha + config.beta >= 1) bad('beta', `alpha + beta must be below 1 (got ${config.alpha} + ${config.beta})`)
  if (config.testSession !== null && config.folds !== null) bad('folds', 'give a test session or a number of folds, not both')
  if (new Set(config.filterWidths).size !== config.filterWidths.length) bad('filterWidths', `widths must differ, got ${config.filterWidths.join(',')}`)
  if (config.binThresholds[0] > config.binThresholds[1]) bad('binThresholds', 'the low threshold must not exceed the high one')
  return config
}
