/**
 * The scorer child: loads one fold's saved model on the backend a trainer would pick (training/backend.ts), z-normalises
 * the session's features with the fold's training statistics (norm.json, saved with the model) and returns every
 * head's probabilities. A child rather than the parent for the trainer's reasons: native TensorFlow must not load into
 * Electron's main process, and tfjs-node fails in a second worker thread (tfjs#8388).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { toErrorInfo, SerError } from '../../../shared/errors'
import { loadModel } from '../models/model-io'
import { selectBackend } from '../training/backend'
import { chunks, fillBatch } from '../training/batches'
import { readDataset } from '../training/dataset-file'
import type { Norm } from '../training/normalise'
import { normalised } from '../training/normalise'
import type { ScoreJob, ScorerReply, ScorerRequest } from './scorer-messages'

/** Utterances per inference batch (no gradients, so larger than a training batch is fine) */
const BATCH = 64

function send(reply: ScorerReply): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve()
    process.send(reply, undefined, undefined, () => resolve())
  })
}

async function score(job: ScoreJob): Promise<ScorerReply> {
  const backend = await selectBackend(job.backend)
  const normFile = join(job.modelDir, 'norm.json')
  const norm = JSON.parse(readFileSync(normFile, 'utf8')) as Norm & { names: string[] }
  const d = readDataset(job.datasetPath)
  if (norm.mean.length !== d.meta.dims) {
    throw new SerError(
      'FILE_FORMAT',
      `${normFile}: the model takes ${norm.mean.length} feature dims, the session has ${d.meta.dims}`,
      { file: normFile, field: 'dims' }
    )
  }
  const model = await loadModel(job.modelDir, { form: backend.convForm })
  const [, frames] = model.inputs[0].shape
  if (frames !== d.meta.maxFrames) {
    throw new SerError(
      'FILE_FORMAT',
      `${job.modelDir}: the model takes ${String(frames)} frames, the session was cut to ${d.meta.maxFrames}`,
      { file: job.modelDir, field: 'maxFrames' }
    )
  }
  const data = normalised(d.data, d.meta.dims, norm)
  const outputs: number[][][] = []
  const all = d.meta.utterances.map((_, i) => i)
  for (const part of chunks(all, BATCH)) {
    const b = fillBatch(d.meta, data, part)
    const heads = tf.tidy(() => {
      const out = model.predict(tf.tensor3d(b.x, [b.size, d.meta.maxFrames, d.meta.dims])) as tf.Tensor | tf.Tensor[]
      return (Array.isArray(out) ? out : [out]).map((t) => t.arraySync() as number[][])
    })
    for (let i = 0; i < b.size; i++) outputs.push(heads.map((h) => h[i]))
  }
  model.dispose()
  return { kind: 'scored', backend, outputs }
}

process.on('SIGINT', () => {
  // the parent decides when to stop (as the trainer child does)
})
process.on('disconnect', () => process.exit(0))
process.on('message', (m: ScorerRequest) => {
  void (async () => {
    try {
      await send(await score(m.job))
    } catch (e) {
      await send({ kind: 'failed', error: toErrorInfo(e) })
    }
    process.exit(0)
  })()
})
