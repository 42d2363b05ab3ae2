/**
 * A trained model out of the workbench (docs/interop.md): the fold's tfjs files with normalisation and classes,
 * and for the CNN a Keras-built-ins form (Conv1D + GlobalMaxPooling1D + Dropout) that computes the same outputs as
 * the workbench's own layers on the same weights, whose model.json tensorflowjs_converter reads: format
 * 'layers-model', only Keras layer classes, the tfjs-layers version the docs' converter command pins.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import { KERAS_BUILTIN, tfjsVersionOf } from '../../../../src/main/services/interop/model-export'
import { loadModel } from '../../../../src/main/services/models/model-io'
import { createDispatcher } from '../../../../src/main/transports/dispatch'
import type { ExportModelResult } from '../../../../src/shared/api/interop'
import { REPO } from '../../../helpers/run-ser'
import { tempDir } from '../../../helpers/temp-dir'
import { importTiny, TINY_TRAIN } from '../../../helpers/tiny-iemocap'

let s: Services
let dir: string
let cleanup: () => void
const runs: Record<'cnn' | 'attentive', string> = { cnn: '', attentive: '' }

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('ser-model-export-'))
  s = createServices({ dbPath: join(dir, 'index.db') })
  await importTiny(s, dir)
  for (const [k, model] of [
    ['cnn', 'cnn'],
    ['attentive', 'attentive-cnn']
  ] as const) {
    const { runId } = await s.training.start({
      ...TINY_TRAIN,
      model,
      poolFrames: 10,
      task: k === 'cnn' ? 'multi' : 'single'
    })
    const run = await s.training.wait(runId)
    expect(run.status, run.error ?? '').toBe('done')
    runs[k] = runId
  }
}, 300_000)

afterAll(() => {
  s?.close()
  cleanup?.()
})

describe('interop.exportModel', () => {
  it('writes the tfjs files and a Keras-built-ins form that predicts the same, at the version the docs pin', async () => {
    const out = join(dir, 'cnn-out')
    const r = (await createDispatcher(s).call('interop.exportModel', { runId: runs.cnn, out })) as ExportModelResult
    const [f] = r.folds
    if (f.tfjs === null) throw new Error('a CNN fold exports tfjs files')
    expect(f.keras).not.toBeNull()
    const original = JSON.parse(readFileSync(join(f.tfjs, 'model.json'), 'utf8'))
    const keras = JSON.parse(readFileSync(join(f.keras!, 'model.json'), 'utf8'))
    // the format tensorflowjs_converter's tfjs_layers_model input reads
    expect(keras.format).toBe('layers-model')
    expect(tfjsVersionOf(keras)).toBe(tf.version_layers)
    expect(keras.modelTopology.keras_version).toBe(`tfjs-layers ${tf.version_layers}`)
    expect(r.tfjsLayersVersion).toBe(tf.version_layers)
    const classes = new Set<string>(keras.modelTopology.config.layers.map((l: { class_name: string }) => l.class_name))
    expect([...classes].every((c) => (KERAS_BUILTIN as readonly string[]).includes(c))).toBe(true)
    expect(classes.has('Conv1D') && classes.has('GlobalMaxPooling1D')).toBe(true)
    expect(keras.weightsManifest).toEqual(original.weightsManifest)
    expect(readFileSync(join(f.keras!, 'weights.bin')).equals(readFileSync(join(f.tfjs, 'weights.bin')))).toBe(true)
    // normalisation and classes travel with the model
    expect(JSON.parse(readFileSync(join(f.tfjs, 'norm.json'), 'utf8')).mean).toHaveLength(26)
    expect(JSON.parse(readFileSync(join(f.tfjs, 'targets.json'), 'utf8')).classes).toEqual(['neu', 'hap', 'ang', 'sad'])
    const manifest = JSON.parse(readFileSync(join(out, 'model-export.json'), 'utf8'))
    expect(manifest).toMatchObject({
      runId: runs.cnn,
      classes: ['neu', 'hap', 'ang', 'sad'],
      task: 'multi',
      tfjsLayersVersion: tf.version_layers
    })

    // same weights, same outputs: every head
    const a = await loadModel(f.tfjs)
    const b = await loadModel(f.keras!)
    const [frames, dims] = (a.inputs[0].shape as number[]).slice(1)
    const x = tf.randomNormal([3, frames, dims], 0, 1, 'float32', 7)
    const ya = a.predict(x) as tf.Tensor[]
    const yb = b.predict(x) as tf.Tensor[]
    expect(ya).toHaveLength(3)
    for (let i = 0; i < ya.length; i++) {
      const d = Array.from(ya[i].dataSync()).map((v, j) => Math.abs(v - yb[i].dataSync()[j]))
      expect(Math.max(...d)).toBeLessThan(1e-5)
    }
    tf.dispose([x, ...ya, ...yb])

    // the docs give the converter for exactly this version, with these flags
    const docs = readFileSync(join(REPO, 'docs', 'interop.md'), 'utf8')
    expect(docs).toContain(`pip install tensorflowjs==${tf.version_layers}`)
    expect(docs).toContain('tensorflowjs_converter --input_format=tfjs_layers_model --output_format=keras_saved_model')
    expect(r.converter).toContain(`tensorflowjs==${tf.version_layers}`)
  }, 120_000)

  it('the attentive CNN goes out as tfjs files only, saying why there is no Keras form', async () => {
    const r = (await createDispatcher(s).call('interop.exportModel', {
      runId: runs.attentive,
      out: join(dir, 'att-out')
    })) as ExportModelResult
    expect(r.folds[0]).toMatchObject({ keras: null, notConvertible: expect.stringContaining('windowed pooling') })
    expect(r.converter).toBeNull()
  }, 60_000)
})
