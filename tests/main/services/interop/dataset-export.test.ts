/**
 * Dataset exports read back by independent readers (docs/interop.md): the Kaldi data directory by a small reader
 * written here from Kaldi's description of its binary matrix format (not the writer's code), the Parquet file by a
 * second library (hyparquet). Features must equal the feature service's matrices value for value, labels and
 * speakers the corpus's, and the fold plan a trained run's exactly — index for index, both from the run and from the
 * same options `ser train` was given.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import type { DatasetMeta } from '../../../../src/main/services/training/dataset-file'
import type { FoldPlan } from '../../../../src/main/services/training/folds'
import { createDispatcher } from '../../../../src/main/transports/dispatch'
import type { ExportDatasetResult } from '../../../../src/shared/api/interop'
import type { JobProgress } from '../../../../src/shared/api/common'
import type { RunSummary } from '../../../../src/shared/domain/runs'
import { tempDir } from '../../../helpers/temp-dir'
import { importTiny, TINY_TRAIN } from '../../../helpers/tiny-iemocap'

let s: Services
let dir: string
let cleanup: () => void
let run: RunSummary
let meta: DatasetMeta
let plans: FoldPlan[]

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('ser-export-'))
  s = createServices({ dbPath: join(dir, 'index.db') })
  await importTiny(s, dir)
  const { runId } = await s.training.start({ ...TINY_TRAIN, folds: 3, testSession: undefined, epochs: 1 })
  run = await s.training.wait(runId)
  expect(run.status, run.error ?? '').toBe('done')
  meta = JSON.parse(readFileSync(join(s.training.runDir(runId), 'dataset.json'), 'utf8')) as DatasetMeta
  plans = JSON.parse(readFileSync(join(s.training.runDir(runId), 'folds.json'), 'utf8')) as FoldPlan[]
}, 300_000)

afterAll(() => {
  s?.close()
  cleanup?.()
})

/** Kaldi's binary float matrix, read from its description: "\0B", "FM ", (size byte 4, int32 rows), (4, int32 cols), floats */
function readKaldiMatrix(buf: Buffer, at: number): { rows: number; cols: number; data: Float32Array; end: number } {
  if (buf[at] !== 0 || buf[at + 1] !== 0x42) throw new Error(`no binary marker "\\0B" at ${at}`)
  if (buf.toString('latin1', at + 2, at + 5) !== 'FM ') throw new Error(`not a float matrix at ${at}`)
  if (buf[at + 5] !== 4 || buf[at + 10] !== 4) throw new Error('int32 sizes must be preceded by their size, 4')
  const rows = buf.readInt32LE(at + 6)
  const cols = buf.readInt32LE(at + 11)
  const data = new Float32Array(rows * cols)
  for (let i = 0; i < data.length; i++) data[i] = buf.readFloatLE(at + 15 + 4 * i)
  return { rows, cols, data, end: at + 15 + 4 * data.length }
}

/** The whole archive, entry by entry: key, one space, matrix */
function readArk(buf: Buffer): Map<string, { at: number; m: ReturnType<typeof readKaldiMatrix> }> {
  const out = new Map<string, { at: number; m: ReturnType<typeof readKaldiMatrix> }>()
  let at = 0
  while (at < buf.length) {
    const space = buf.indexOf(0x20, at)
    const key = buf.toString('utf8', at, space)
    const m = readKaldiMatrix(buf, space + 1)
    out.set(key, { at: space + 1, m })
    at = m.end
  }
  return out
}

const table = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)] as const)
const cSorted = (keys: string[]) =>
  keys.every((k, i) => i === 0 || Buffer.compare(Buffer.from(keys[i - 1]), Buffer.from(k)) < 0)

describe('interop.exportDataset', () => {
  it("kaldi: feats.ark/scp in Kaldi's binary format equal the cached features; utt2spk, spk2utt, labels and the run's folds", async () => {
    const out = join(dir, 'kaldi')
    const progress: JobProgress[] = []
    const off = s.events.on('interop.exportProgress', (p) => progress.push(p))
    const r = (await createDispatcher(s).call('interop.exportDataset', {
      format: 'kaldi',
      out,
      runId: run.id
    })) as ExportDatasetResult
    off()
    expect(r).toMatchObject({ utterances: meta.utterances.length, folds: 3, features: 'logmel', dims: 26 })
    expect(progress.at(-1)).toMatchObject({ done: meta.utterances.length, total: meta.utterances.length })

    const utt2id = new Map(table(join(out, 'utt2id')).map(([k, id]) => [k, id]))
    const idOf = (k: string) => utt2id.get(k) ?? k
    const ark = readArk(readFileSync(join(out, 'feats.ark')))
    const scp = table(join(out, 'feats.scp'))
    expect(scp.length).toBe(meta.utterances.length)
    expect(cSorted(scp.map(([k]) => k))).toBe(true)
    for (const [key, where] of scp) {
      const [path, offset] = [where.slice(0, where.lastIndexOf(':')), Number(where.slice(where.lastIndexOf(':') + 1))]
      expect(path).toBe(join(out, 'feats.ark'))
      expect(ark.get(key)!.at).toBe(offset)
      const viaScp = readKaldiMatrix(readFileSync(path), offset)
      const cached = await s.features.matrix(idOf(key), 'logmel')
      expect([viaScp.rows, viaScp.cols]).toEqual([cached.frames, cached.dims])
      expect(viaScp.data).toEqual(cached.data)
    }

    const utt2spk = table(join(out, 'utt2spk'))
    for (const [key, spk] of utt2spk) {
      expect(key.startsWith(spk)).toBe(true) // Kaldi's rule: sorting by utterance sorts by speaker
      expect(s.corpus.utterance(idOf(key)).speaker).toBe(spk)
    }
    const spk2utt = table(join(out, 'spk2utt'))
    expect(cSorted(spk2utt.map(([k]) => k))).toBe(true)
    expect(spk2utt.flatMap(([, us]) => us.split(' '))).toEqual(utt2spk.map(([k]) => k))
    const emo = new Map(table(join(out, 'utt2emo')))
    for (const u of meta.utterances)
      expect(emo.get([...utt2id].find(([, id]) => id === u.id)?.[0] ?? u.id)).toBe(meta.classes[u.label])

    // the run's exact plan, by id, in the fold lists and the EmoBox-style JSONL
    const ids = (list: number[]) => list.map((i) => meta.utterances[i].id)
    for (const p of plans) {
      for (const split of ['train', 'dev', 'test'] as const) {
        const listed = readFileSync(join(out, 'folds', `fold_${p.fold + 1}`, `${split}.list`), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map(idOf)
        expect(listed.sort()).toEqual(ids(p[split]).sort())
        const jsonl = readFileSync(join(out, 'folds', `fold_${p.fold + 1}`, `${split}.jsonl`), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { key: string; emo: string; wav: string })
        expect(jsonl.map((j) => j.key)).toEqual(ids(p[split]))
        for (const j of jsonl) expect(j.wav).toBe(s.corpus.audioPath(j.key))
      }
    }
    const folds = readFileSync(join(out, 'folds', 'folds.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { fold: number; test_groups: string[]; test: string[] })
    expect(folds.map((f) => [f.fold, f.test_groups, f.test])).toEqual(
      plans.map((p) => [p.fold, p.testGroups, ids(p.test)])
    )
  }, 120_000)

  it("without a run: the plan `ser train` makes from the same options is the run's, fold for fold", async () => {
    const out = join(dir, 'kaldi-options')
    await createDispatcher(s).call('interop.exportDataset', { format: 'kaldi', out, folds: 3, features: 'mfcc' })
    const folds = readFileSync(join(out, 'folds', 'folds.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { train: string[]; dev: string[]; test: string[] })
    const ids = (list: number[]) => list.map((i) => meta.utterances[i].id)
    expect(folds.map((f) => [f.train, f.dev, f.test])).toEqual(
      plans.map((p) => [ids(p.train), ids(p.dev), ids(p.test)])
    )
    const [first] = table(join(out, 'feats.scp'))
    const m = readKaldiMatrix(readFileSync(join(out, 'feats.ark')), Number(first[1].split(':').pop()))
    expect(m.cols).toBe(13)
  }, 120_000)

  it('parquet: one row per utterance, read back by hyparquet: ids, labels, scales, per-fold splits, frames', async () => {
    const out = join(dir, 'parquet')
    await createDispatcher(s).call('interop.exportDataset', {
      format: 'parquet',
      out,
      runId: run.id,
      features: 'egemaps'
    })
    const file = await asyncBufferFromFile(join(out, 'dataset.parquet'))
    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[]
    expect(rows.map((r) => r.id)).toEqual(meta.utterances.map((u) => u.id))
    for (const [i, r] of rows.entries()) {
      const u = s.corpus.utterance(r.id as string)
      expect(r).toMatchObject({
        speaker: u.speaker,
        session: u.session,
        label: meta.classes[meta.utterances[i].label],
        category: u.category,
        valence: u.valence,
        arousal: u.arousal
      })
      for (const p of plans) {
        const want = p.train.includes(i) ? 'train' : p.dev.includes(i) ? 'dev' : p.test.includes(i) ? 'test' : null
        expect(r[`fold_${p.fold}`]).toBe(want)
      }
      const m = await s.features.matrix(r.id as string, 'egemaps')
      const frames = r.features as number[][]
      expect([frames.length, frames[0].length, r.frames, r.dims]).toEqual([m.frames, m.dims, m.frames, m.dims])
      expect(Float32Array.from(frames.flat())).toEqual(m.data)
    }
    const md = await parquetMetadataAsync(file)
    expect(JSON.parse(md.key_value_metadata!.find((k) => k.key === 'ser.classes')!.value!)).toEqual(meta.classes)
  }, 120_000)

  it('refuses an unknown feature set, naming the field', async () => {
    await expect(
      createDispatcher(s).call('interop.exportDataset', { format: 'parquet', out: join(dir, 'x'), features: 'wavlm' })
    ).rejects.toThrow(/features/)
  })
})
