import { RUN_DEFAULTS } from './runs'
import type { Preset, RunConfig } from './training'

/** The fields a preset may set: everything but the corpus, its classes and the preset's own name. */
export type PresetValues = Partial<Omit<RunConfig, 'corpusId' | 'classes' | 'preset'>>

/**
 * Named starting points for a run (docs/training.md "Presets"). A request's own fields override the preset's.
 * - paper: exactly RUN_DEFAULTS, Neumann & Vu's CNN as paper.md describes it; the experiment-1/2 recipes use it.
 * - workbench: the configuration measured best on a real corpus (EmoDB, speaker-disjoint folds): late fusion of two
 *   CNN views (eGeMAPS LLD and MFCC inputs, averaged) with the eGeMAPS baseline, every speaker z-normalised by its
 *   own statistics. The default of `ser train` and
 *   of the launch form.
 */
export const PRESET_VALUES: Record<Preset, PresetValues> = {
  paper: {},
  workbench: {
    model: 'fusion',
    classifier: 'lr',
    normalisation: 'speaker',
    classWeighting: 'inverse',
    features: 'egemaps',
    extraFeatures: ['mfcc'],
    fusionWeight: 0.5
  }
}

export const PRESET_LABEL: Record<Preset, string> = { paper: 'Paper', workbench: 'Workbench' }

/** Every RunConfig default under a preset (null: none, RUN_DEFAULTS alone). */
export function presetDefaults(preset: Preset | null): Omit<RunConfig, 'corpusId' | 'classes'> {
  return { ...RUN_DEFAULTS, ...(preset ? PRESET_VALUES[preset] : {}), preset }
}

/** Fields that never count as a difference from a preset: they say where or how fast, not what is trained */
const NOT_OPTIONS = new Set<keyof RunConfig>(['corpusId', 'classes', 'preset', 'parallelFolds', 'backend', 'convForm'])

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * The options of a stored config that differ from its preset's values (or from RUN_DEFAULTS when it has none), in
 * RunConfig order, with the preset's value: what the run header and the runs table show beside the preset's name.
 */
export function presetDifferences(config: RunConfig): { field: keyof RunConfig; value: unknown; preset: unknown }[] {
  const base = presetDefaults(config.preset ?? null) as Partial<RunConfig>
  return (Object.keys(config) as (keyof RunConfig)[])
    .filter((k) => !NOT_OPTIONS.has(k) && k in base && !same(config[k], base[k]))
    .map((field) => ({ field, value: config[field], preset: base[field] }))
}
