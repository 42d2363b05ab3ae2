/**
 * The trainer child reports bad input as a named error in its `ended` message — the field and file it is about —
 * instead of crashing: labels outside the class set, feature frames that are not whole rows, a checkpoint of
 * another architecture. Driven through the same fork the service uses.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TrainJob, TrainerMessage } from '../../../../src/shared/api/training'
import { RUN_DEFAULTS } from '../../../../src/shared/domain/runs'
import type { DatasetMeta } from '../../../../src/main/services/training/dataset-file'
import { writeDataset } from '../../../../src/main/services/training/dataset-file'
import { forkTrainer } from '../../../../src/main/services/training/trainer-client'
import { tempDir } from '../../../helpers/temp-dir'

const t = tempDir('ser-trainer-')
afterAll(() => t.cleanup())

/** 12 utterances of 20 frames × 4 dims, 3 classes; `edit` breaks it */
function dataset(
  name: string,
  edit: (meta: DatasetMeta, data: Float32Array) => Float32Array | void = () => {}
): string {
  const dims = 4
  const frames = 20
  const meta: DatasetMeta = {
    version: 1,
    features: 'logmel',
    dims,
    names: ['a', 'b', 'c', 'd'],
    frameShiftSec: 0.01,
    maxFrames: frames,
    classes: ['neu', 'ang', 'sad'],
    binThresholds: [2.5, 3.5],
    utterances: Array.from({ length: 12 }, (_, i) => ({
      id: `u${i}`,
      session: String(1 + (i % 3)),
      speaker: `s${i % 3}`,
      offset: i * frames,
      frames,
      label: i % 3,
      activation: i % 3,
      valence: -1
    })),
    hash: 'test'
  }
  let data: Float32Array = Float32Array.from(
    { length: 12 * frames * dims },
    (_, i) => Math.sin(i * 0.37) + (Math.floor(i / (frames * dims)) % 3)
  )
  data = edit(meta, data) ?? data
  const base = join(t.dir, name)
  writeDataset(base, meta, data)
  return base
}

function job(datasetPath: string, fold: string, over: Partial<TrainJob> = {}): TrainJob {
  const foldDir = join(t.dir, fold)
  mkdirSync(foldDir, { recursive: true })
  return {
    runId: 'r1',
    fold: 0,
    folds: 1,
    config: {
      ...RUN_DEFAULTS,
      corpusId: 'c',
      classes: ['neu', 'ang', 'sad'],
      epochs: 2,
      filterWidths: [3],
      filters: 4,
      task: 'multi',
      earlyStoppingPatience: 0
    },
    datasetPath,
    foldDir,
    train: [0, 1, 2, 3, 4, 5, 6, 7],
    dev: [8],
    test: [9, 10, 11],
    resume: false,
    progressIntervalMs: 0,
    ...over
  }
}

/** Runs one job in a real child; resolves with its `ended` message. */
function run(j: TrainJob): Promise<Extract<TrainerMessage, { kind: 'ended' }>> {
  return new Promise((resolve, reject) => {
    let ended: Extract<TrainerMessage, { kind: 'ended' }> | null = null
    const child = forkTrainer(
      (m) => void (m.kind === 'ended' && (ended = m)),
      () => {}
    )
    child.send({ kind: 'train', job: j })
    void child.exited.then(({ code, signal }) =>
      ended ? resolve(ended) : reject(new Error(`child ended ${signal ?? code} without a result`))
    )
  })
}

let good: string
beforeAll(() => {
  good = dataset('good')
})

describe('the trainer child', () => {
  it('trains a well-formed fold and returns test predictions', async () => {
    const ended = await run(job(good, 'ok'))
    expect(ended).toMatchObject({ status: 'done', epochs: 2 })
    expect(ended.predictions?.map((p) => p.index)).toEqual([9, 10, 11])
    expect(ended.predictions?.[0].probabilities).toHaveLength(3)
  })

  it('a label outside the class set is FILE_FORMAT naming `label`', async () => {
    const bad = dataset('bad-label', (meta) => void (meta.utterances[3].label = 7))
    const ended = await run(job(bad, 'bad-label'))
    expect(ended.status).toBe('failed')
    expect(ended.error).toMatchObject({ code: 'FILE_FORMAT', field: 'label' })
    expect(ended.error?.message).toMatch(/u3: class index 7/)
  })

  it('features that are not whole frames are FILE_FORMAT naming `dims`', async () => {
    const bad = dataset('bad-dims', (_meta, data) => data.subarray(0, data.length - 1))
    const ended = await run(job(bad, 'bad-dims'))
    expect(ended.error).toMatchObject({ code: 'FILE_FORMAT', field: 'dims' })
  })

  it('an index outside the dataset is FIELD_INVALID naming the split', async () => {
    const ended = await run(job(good, 'bad-index', { test: [9, 99] }))
    expect(ended.error).toMatchObject({ code: 'FIELD_INVALID', field: 'test' })
  })

  it('resuming from a checkpoint of another architecture is FILE_FORMAT naming the weight', async () => {
    const first = job(good, 'arch', { config: { ...job(good, 'x').config, epochs: 1 } })
    expect((await run(first)).status).toBe('done')
    const other = { ...first, resume: true, config: { ...first.config, epochs: 2, filters: 6 } }
    const ended = await run(other)
    expect(ended.error).toMatchObject({ code: 'FILE_FORMAT', field: 'conv_w3/kernel' })
  })

  it('a missing dataset is FILE_UNREADABLE naming the file', async () => {
    const ended = await run(job(join(t.dir, 'nowhere'), 'missing'))
    expect(ended.error).toMatchObject({ code: 'FILE_UNREADABLE' })
    expect(ended.error?.message).toContain('nowhere.json')
  })
})
