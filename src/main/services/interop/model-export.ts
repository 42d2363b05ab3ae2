/**
 * `ser export-model` / `interop.exportModel` (docs/interop.md): a trained run's fold models out of the workbench —
 * the tfjs layers files as saved (model.json + weights.bin) with the normalisation and class list next to them, and,
 * for the CNN, the same model rewritten with Keras's built-in layers only (`keras/`), which tensorflowjs_converter
 * turns into a Keras model. No tfjs is needed: TimeConvPool (time convolution + ReLU + global max over time) is
 * Keras's Conv1D(valid, relu) + GlobalMaxPooling1D with the same kernel layout [width, dims, filters] and the same
 * weight names; SeededDropout is Dropout (a no-op at inference). weights.bin is copied byte for byte. Baseline and
 * fusion folds add their linear model (`fold-K/baseline/baseline.json`) and fusion its weight (`fold-K/fusion.json`),
 * so the export is the whole final model a held-out score uses (docs/training.md "A fusion fold's saved model").
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { ExportModelRequest, ExportModelResult } from '../../../shared/api/interop'
import type { RunConfig } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'
import { loadFusionWeight } from '../baseline/fusion-file'
import { foldMembers } from '../training/fold-files'
import type { RunSource } from '../training/stored-run'

/** Keras layer classes a converted model may use (all built into Keras) */
export const KERAS_BUILTIN = ['InputLayer', 'Conv1D', 'GlobalMaxPooling1D', 'Concatenate', 'Dropout', 'Dense'] as const

interface LayerNode {
  name: string
  class_name: string
  config: Record<string, unknown>
  inbound_nodes: [string, number, number, Record<string, unknown>][][]
}

interface ModelJson {
  format: string
  generatedBy: string
  convertedBy: string | null
  modelTopology: {
    class_name: string
    config: { name: string; layers: LayerNode[]; input_layers: unknown[]; output_layers: [string, number, number][] }
    keras_version: string
    backend: string
  }
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[]
}

/** The topology with Keras built-ins only, or why it cannot be (a layer Keras does not have) */
export function kerasTopology(model: ModelJson): { model: ModelJson } | { why: string } {
  const out: LayerNode[] = []
  const renamed = new Map<string, string>()
  for (const l of model.modelTopology.config.layers) {
    const inbound = l.inbound_nodes.map((n) =>
      n.map(
        ([name, a, b, kw]) => [renamed.get(name) ?? name, a, b, kw] as [string, number, number, Record<string, unknown>]
      )
    )
    if (l.class_name === 'TimeConvPool') {
      if (l.config.pool_size !== 0)
        return { why: `${l.name}: windowed pooling (the attentive CNN) has no Keras built-in equivalent` }
      out.push({
        name: l.name,
        class_name: 'Conv1D',
        config: {
          name: l.name,
          trainable: true,
          filters: l.config.filters,
          kernel_size: [l.config.kernel_size],
          strides: [1],
          padding: 'valid',
          data_format: 'channels_last',
          dilation_rate: [1],
          activation: 'relu',
          use_bias: true
        },
        inbound_nodes: inbound
      })
      const pool = `${l.name}_max`
      out.push({
        name: pool,
        class_name: 'GlobalMaxPooling1D',
        config: { name: pool, trainable: true, data_format: 'channels_last' },
        inbound_nodes: [[[l.name, 0, 0, {}]]]
      })
      renamed.set(l.name, pool)
    } else if (l.class_name === 'SeededDropout') {
      out.push({
        name: l.name,
        class_name: 'Dropout',
        config: { name: l.name, trainable: true, rate: l.config.rate },
        inbound_nodes: inbound
      })
    } else if ((KERAS_BUILTIN as readonly string[]).includes(l.class_name)) {
      out.push({ ...l, inbound_nodes: inbound })
    } else {
      return { why: `${l.name}: ${l.class_name} is a workbench layer with no Keras built-in equivalent` }
    }
  }
  const outputs = model.modelTopology.config.output_layers.map(
    ([n, a, b]) => [renamed.get(n) ?? n, a, b] as [string, number, number]
  )
  return {
    model: {
      ...model,
      convertedBy: 'SER Workbench export-model (Keras built-in layers)',
      modelTopology: {
        ...model.modelTopology,
        config: { ...model.modelTopology.config, layers: out, output_layers: outputs }
      }
    }
  }
}

/** The tfjs-layers version that wrote a model.json ("TensorFlow.js tfjs-layers v4.22.0" → "4.22.0") */
export function tfjsVersionOf(model: Pick<ModelJson, 'generatedBy'>): string | null {
  return /tfjs-layers v(\d+\.\d+\.\d+)/.exec(model.generatedBy)?.[1] ?? null
}

const MODEL_FILES = ['model.json', 'weights.bin', 'norm.json', 'targets.json', 'spec.json']

/**
 * A fold's further models (further seeds, extra views; training/fold-files.ts foldMembers), each copied to
 * `tfjs-view-V-seed-S/` beside the first model's `tfjs/`.
 */
function exportMembers(
  config: RunConfig,
  src: string,
  dir: string
): { tfjs: string; features: string; seed: number; files: string[] }[] {
  return foldMembers(dirname(src), config)
    .slice(1) // the fold's own model, exported as tfjs/
    .map((m) => {
      if (!existsSync(join(m.modelDir, 'model.json')))
        throw new SerError('FILE_FORMAT', `${m.modelDir}: missing; the fold trained this ${m.features} model`, {
          file: m.modelDir
        })
      const to = join(dir, `tfjs-view-${m.view}-seed-${m.seed}`)
      mkdirSync(to, { recursive: true })
      const files = MODEL_FILES.filter((n) => existsSync(join(m.modelDir, n))).map((n) => {
        copyFileSync(join(m.modelDir, n), join(to, n))
        return join(to, n)
      })
      return { tfjs: to, features: m.features, seed: m.seed, files }
    })
}

export function exportModel(runs: RunSource, req: ExportModelRequest): ExportModelResult {
  const run = runs.get(req.runId)
  if (run.source)
    throw new SerError(
      'CONFLICT',
      `runId: run ${run.id} ('${run.source.name}') holds imported predictions, not a model`,
      { field: 'runId' }
    )
  const folds = run.foldSummaries.filter((f) => f.status === 'done' && f.modelDir)
  if (folds.length === 0)
    throw new SerError('CONFLICT', `runId: run ${run.id} has no finished fold with a saved model (${run.status})`, {
      field: 'runId'
    })
  const out = resolve(req.out)
  mkdirSync(out, { recursive: true })
  const files: string[] = []
  const written: ExportModelResult['folds'] = []
  let version: string | null = null
  for (const f of folds) {
    const src = join(run.dir, f.modelDir!)
    const dir = join(out, `fold-${f.fold}`)
    mkdirSync(dir, { recursive: true })
    const linear = exportLinear(src, dir, run.config.model === 'fusion' ? f.modelInfo : undefined)
    files.push(...linear.files)
    if (!existsSync(join(src, 'model.json'))) {
      // a baseline fold: its linear model is the whole model
      written.push({ fold: f.fold, testGroups: f.testGroups, tfjs: null, keras: null, ...linear.entry })
      continue
    }
    const tfjsDir = join(dir, 'tfjs')
    mkdirSync(tfjsDir, { recursive: true })
    for (const name of MODEL_FILES) {
      if (!existsSync(join(src, name))) continue
      copyFileSync(join(src, name), join(tfjsDir, name))
      files.push(join(tfjsDir, name))
    }
    const model = JSON.parse(readFileSync(join(src, 'model.json'), 'utf8')) as ModelJson
    version = tfjsVersionOf(model)
    const keras = kerasTopology(model)
    let kerasDir: string | null = null
    if ('model' in keras) {
      kerasDir = join(dir, 'keras')
      mkdirSync(kerasDir, { recursive: true })
      writeFileSync(join(kerasDir, 'model.json'), JSON.stringify(keras.model))
      copyFileSync(join(src, 'weights.bin'), join(kerasDir, 'weights.bin'))
      files.push(join(kerasDir, 'model.json'), join(kerasDir, 'weights.bin'))
    }
    const members = exportMembers(run.config, src, dir)
    for (const m of members) files.push(...m.files)
    written.push({
      fold: f.fold,
      testGroups: f.testGroups,
      tfjs: tfjsDir,
      keras: kerasDir,
      ...('why' in keras ? { notConvertible: keras.why } : {}),
      ...linear.entry,
      ...(members.length > 0 ? { members: members.map(({ files: _f, ...m }) => m) } : {})
    })
  }
  const converter = written[0].keras
    ? `pip install tensorflowjs==${version}; tensorflowjs_converter --input_format=tfjs_layers_model --output_format=keras_saved_model ${join(written[0].keras, 'model.json')} ${join(out, `fold-${written[0].fold}`, 'keras_saved_model')}`
    : null
  const targetsFile = join(run.dir, folds[0].modelDir!, 'targets.json')
  const targets = existsSync(targetsFile)
    ? (JSON.parse(readFileSync(targetsFile, 'utf8')) as Record<string, unknown>)
    : { maxFrames: null }
  const manifest = {
    runId: run.id,
    features: run.config.features,
    task: run.config.task,
    model: run.config.model,
    classes: run.config.classes,
    maxFrames: targets.maxFrames,
    tfjsLayersVersion: version,
    input:
      "features [batch, maxFrames, dims]: the run's features, z-normalised with the fold's norm.json (x − mean) / std, cut or zero-padded to maxFrames after normalising",
    outputs:
      run.config.task === 'multi'
        ? ['category', 'activation (low, mid, high)', 'valence (low, mid, high)']
        : ['category'],
    ...(run.config.model === 'baseline' || run.config.model === 'fusion'
      ? {
          baseline:
            "fold-K/baseline/baseline.json: the 88 eGeMAPSv02 functionals, z-normalised per speaker by the speaker's own statistics ('speaker') or with foldStats ('fold', and speakers with one utterance); a missing value becomes 0; decision values W·x + b (w row-major [classes × 88], a null b: a class the fold never saw), softmax for probabilities"
        }
      : {}),
    ...(run.config.model === 'fusion'
      ? { fusion: 'p = w·p_CNN + (1 − w)·p_baseline on the category head, w = fold-K/fusion.json cnnWeight' }
      : {}),
    folds: written,
    converter
  }
  writeFileSync(join(out, 'model-export.json'), JSON.stringify(manifest, null, 2))
  files.push(join(out, 'model-export.json'))
  return { out, runId: run.id, tfjsLayersVersion: version, folds: written, converter, files }
}

/** A baseline or fusion fold's linear model (and fusion's weight), copied next to the neural files */
function exportLinear(
  src: string,
  dir: string,
  fusionInfo: Record<string, unknown> | null | undefined
): { files: string[]; entry: { baseline?: string; fusionWeight?: number } } {
  if (!existsSync(join(src, 'baseline.json'))) return { files: [], entry: {} }
  const baselineDir = join(dir, 'baseline')
  mkdirSync(baselineDir, { recursive: true })
  copyFileSync(join(src, 'baseline.json'), join(baselineDir, 'baseline.json'))
  const files = [join(baselineDir, 'baseline.json')]
  if (fusionInfo === undefined) return { files, entry: { baseline: baselineDir } }
  const fusionWeight = loadFusionWeight(src, fusionInfo)
  writeFileSync(join(dir, 'fusion.json'), JSON.stringify({ cnnWeight: fusionWeight }))
  files.push(join(dir, 'fusion.json'))
  return { files, entry: { baseline: baselineDir, fusionWeight } }
}
