/**
 * Epoch checkpoints of one fold, safe against SIGKILL at any instant. Each epoch writes a new folder
 * `ckpt-NNNN/` (model weights, Adam's slots, the loop state); only then is `latest.json` replaced (write + rename,
 * atomic on POSIX) to point at it, and older folders are removed. A kill before the rename leaves the previous
 * checkpoint in charge; a half-written folder is never pointed at and is swept by the next write.
 * The best-on-dev weights live the same way in `best-NNNN/`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import type { EpochRecord } from '../../../shared/domain/runs'
import { SerError } from '../../../shared/errors'
import type { NamedTensor } from '../models/model-io'
import { readTensors, writeTensors } from '../models/model-io'
import { LATEST, sweepCheckpoints } from './fold-files'

export interface LoopState {
  /** Epochs completed */
  epoch: number
  bestEpoch: number | null
  bestValLoss: number | null
  /** Epochs since the dev loss last improved */
  badEpochs: number
  /** Folder (in the fold folder) holding the best weights so far */
  bestDir: string | null
  history: EpochRecord[]
  /** Learning rate of the next epoch and the plateau count (lrSchedule 'plateau'); absent in older checkpoints */
  lr?: number
  plateauEpochs?: number
  /** averageCheckpoints > 1: the best epochs so far by dev loss, lowest first, each with its weights folder */
  top?: { epoch: number; valLoss: number; dir: string }[]
}

const pad = (n: number) => String(n).padStart(4, '0')

function weightsOf(model: tf.LayersModel): NamedTensor[] {
  return model.weights.map((w) => ({ name: w.originalName, tensor: w.read() }))
}

async function writeWeights(dir: string, model: tf.LayersModel): Promise<void> {
  mkdirSync(dir, { recursive: true })
  await writeTensors(dir, 'weights', weightsOf(model))
}

/** Loads weights written by writeWeights into a model of the same architecture; a mismatch is a named error. */
export function restoreWeights(model: tf.LayersModel, dir: string): void {
  const saved = readTensors(dir, 'weights')
  const expected = model.weights
  const where = join(dir, 'weights.json')
  if (saved.length !== expected.length) {
    throw new SerError('FILE_FORMAT', `${where}: ${saved.length} weights saved, the model has ${expected.length}`, {
      file: where
    })
  }
  expected.forEach((w, i) => {
    const s = saved[i]
    if (s.name !== w.originalName || s.tensor.shape.join('x') !== w.shape.join('x')) {
      throw new SerError(
        'FILE_FORMAT',
        `${where}: weight ${i} is ${s.name} [${s.tensor.shape}], the model expects ${w.originalName} [${w.shape}]`,
        { file: where, field: w.originalName }
      )
    }
  })
  model.setWeights(saved.map((s) => s.tensor))
  tf.dispose(saved.map((s) => s.tensor))
}

function writeJsonAtomic(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(value))
  renameSync(`${path}.tmp`, path)
}

/** Saves the best-so-far weights; returns the folder name to keep in the state. */
export async function writeBest(foldDir: string, epoch: number, model: tf.LayersModel): Promise<string> {
  const name = `best-${pad(epoch)}`
  rmSync(join(foldDir, name), { recursive: true, force: true })
  await writeWeights(join(foldDir, name), model)
  return name
}

/** Writes the end-of-epoch checkpoint and makes it the one a resume starts from. Returns its folder. */
export async function writeCheckpoint(
  foldDir: string,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  state: LoopState
): Promise<string> {
  const name = `ckpt-${pad(state.epoch)}`
  const dir = join(foldDir, name)
  rmSync(dir, { recursive: true, force: true })
  await writeWeights(dir, model)
  const slots = await optimizer.getWeights()
  await writeTensors(dir, 'optimizer', slots)
  writeFileSync(join(dir, 'state.json'), JSON.stringify(state))
  writeJsonAtomic(join(foldDir, LATEST), { checkpoint: name })
  sweepCheckpoints(foldDir, [name, state.bestDir, ...(state.top ?? []).map((t) => t.dir)])
  return dir
}

/** The checkpoint a resume starts from, or null when the fold has none yet. */
export function readLatest(foldDir: string): { dir: string; state: LoopState } | null {
  const pointer = join(foldDir, LATEST)
  if (!existsSync(pointer)) return null
  const { checkpoint } = JSON.parse(readFileSync(pointer, 'utf8')) as { checkpoint: string }
  const dir = join(foldDir, checkpoint)
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as LoopState
  return { dir, state }
}

/** Sets the model's weights to the element-wise mean of the weights saved in `dirs` (checkpoint averaging). */
export function averageWeights(model: tf.LayersModel, dirs: string[]): void {
  const sets = dirs.map((dir) => readTensors(dir, 'weights'))
  const mean = model.weights.map((w, i) => {
    const bad = dirs.findIndex((_, k) => sets[k][i]?.name !== w.originalName)
    if (bad >= 0)
      throw new SerError('FILE_FORMAT', `${join(dirs[bad], 'weights.json')}: weight ${i} is not ${w.originalName}`, {
        file: dirs[bad]
      })
    return tf.tidy(() => tf.div(tf.addN(sets.map((s) => s[i].tensor)), sets.length))
  })
  model.setWeights(mean)
  tf.dispose([...mean, ...sets.flat().map((s) => s.tensor)])
}

/** Restores weights and Adam's slots (step count, first and second moments) from a checkpoint folder. */
export async function restoreCheckpoint(dir: string, model: tf.LayersModel, optimizer: tf.Optimizer): Promise<void> {
  restoreWeights(model, dir)
  await optimizer.setWeights(readTensors(dir, 'optimizer'))
}
