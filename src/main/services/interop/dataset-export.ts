/**
 * `ser export-dataset` / `interop.exportDataset` (docs/interop.md): the run's utterances with labels, speakers,
 * sessions, scales and features, and its exact fold plan, in forms other trainers read — a Kaldi/ESPnet data
 * directory (feats.ark in Kaldi's binary matrix format) or one Parquet file — plus the fold plan as EmoBox-style
 * JSONL. The plan is a stored run's (`runId`: its dataset.json and folds.json, index for index) or the one
 * `ser train` would make from the same options (planFolds over the same utterances in the same order).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { extname, join, resolve } from 'node:path'
import { ParquetWriter } from 'hyparquet-writer'
import { fileWriter } from 'hyparquet-writer/src/node.js'
import type { ExportDatasetRequest, ExportDatasetResult } from '../../../shared/api/interop'
import type { JobProgress } from '../../../shared/api/common'
import type { CategoryCode } from '../../../shared/domain/categories'
import { toClassSet } from '../../../shared/domain/categories'
import type { Utterance } from '../../../shared/domain/corpus'
import type { FeatureMatrix } from '../../../shared/domain/features'
import { SerError } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { RunSource } from '../training/stored-run'
import { loadStoredRun } from '../training/stored-run'
import type { FoldPlan } from '../training/folds'
import { planFolds } from '../training/folds'
import { resolveRunConfig } from '../training/run-config'
import { byteOrder, createArkWriter, isKaldiToken } from './kaldi-ark'

/** Features by name for export: the trainer's kinds, and `encoder:…` where the encoder area provides it */
export interface ExportFeatures {
  ensureAll(
    kind: string,
    opts: { ids: string[]; onProgress?: (p: JobProgress) => void; signal?: AbortSignal }
  ): Promise<{ failed: { id: string; error: string }[] }>
  matrix(id: string, kind: string): Promise<FeatureMatrix>
}

export interface DatasetExportDeps {
  corpus: CorpusIndex
  features: ExportFeatures
  runs: RunSource
}

type Split = 'train' | 'dev' | 'test'

interface Row {
  u: Utterance
  label: CategoryCode
}

/** The utterances (in the trainer's order), their classes and the fold plan indexing them */
async function resolvePlan(
  deps: DatasetExportDeps,
  req: ExportDatasetRequest,
  features: string,
  onProgress: (p: JobProgress) => void,
  jobId: string,
  signal?: AbortSignal
) {
  if (req.runId) {
    const { detail, meta, plans } = loadStoredRun(deps.runs, req.runId)
    const rows: Row[] = meta.utterances.map((d) => ({ u: deps.corpus.utterance(d.id), label: meta.classes[d.label] }))
    return {
      corpusId: detail.config.corpusId,
      classes: meta.classes,
      rows,
      plans,
      skipped: [] as { id: string; error: string }[]
    }
  }
  const { features: _f, format: _fmt, out: _out, runId: _r, ...training } = req
  const config = resolveRunConfig(training, deps.corpus)
  const chosen = deps.corpus
    .utterances({ corpusId: config.corpusId })
    .filter((u) => toClassSet(u.category, config.classes) !== null)
  if (chosen.length === 0)
    throw new SerError(
      'FIELD_INVALID',
      `classes: no utterance of corpus '${config.corpusId}' is labelled ${config.classes.join(', ')}`,
      { field: 'classes' }
    )
  // as training does: utterances whose features cannot be computed leave the dataset before the folds are planned
  const { failed } = await deps.features.ensureAll(features, {
    ids: chosen.map((u) => u.id),
    onProgress: (p) => onProgress({ ...p, jobId, item: `features ${p.item ?? ''}`.trim() }),
    signal
  })
  const bad = new Set(failed.map((f) => f.id))
  const rows: Row[] = chosen
    .filter((u) => !bad.has(u.id))
    .map((u) => ({ u, label: toClassSet(u.category, config.classes)! }))
  const plans = planFolds(
    rows.map((r) => ({ session: r.u.session, speaker: r.u.speaker, label: config.classes.indexOf(r.label) })),
    config
  )
  return { corpusId: config.corpusId, classes: config.classes, rows, plans, skipped: failed }
}

function splitsOf(n: number, plans: FoldPlan[]): (Split | null)[][] {
  return plans.map((p) => {
    const s: (Split | null)[] = new Array<Split | null>(n).fill(null)
    for (const i of p.train) s[i] = 'train'
    for (const i of p.dev) s[i] = 'dev'
    for (const i of p.test) s[i] = 'test'
    return s
  })
}

/** The fold plan as EmoBox-style JSONL: folds.jsonl (one line per fold) and fold_K/{train,dev,test}.jsonl */
function writeFoldPlan(
  dir: string,
  corpusId: string,
  rows: Row[],
  plans: FoldPlan[],
  audioPath: (id: string) => string
): string[] {
  const files: string[] = []
  mkdirSync(join(dir, 'folds'), { recursive: true })
  const ids = (list: number[]) => list.map((i) => rows[i].u.id)
  const plan = join(dir, 'folds', 'folds.jsonl')
  writeFileSync(
    plan,
    plans
      .map((p) =>
        JSON.stringify({
          fold: p.fold,
          test_groups: p.testGroups,
          train: ids(p.train),
          dev: ids(p.dev),
          test: ids(p.test)
        })
      )
      .join('\n') + '\n'
  )
  files.push(plan)
  for (const p of plans) {
    const fdir = join(dir, 'folds', `fold_${p.fold + 1}`)
    mkdirSync(fdir, { recursive: true })
    for (const [name, list] of [
      ['train', p.train],
      ['dev', p.dev],
      ['test', p.test]
    ] as const) {
      const lines = list.map((i) => {
        const { u, label } = rows[i]
        return JSON.stringify({
          key: u.id,
          dataset: corpusId,
          wav: audioPath(u.id),
          type: 'raw',
          sample_rate: u.sampleRate,
          length: u.durationSec,
          task: 'category',
          emo: label,
          channel: u.channels
        })
      })
      const f = join(fdir, `${name}.jsonl`)
      writeFileSync(f, lines.join('\n') + (lines.length ? '\n' : ''))
      files.push(f)
    }
  }
  return files
}

export async function exportDataset(
  deps: DatasetExportDeps,
  req: ExportDatasetRequest,
  onProgress: (p: JobProgress) => void,
  signal?: AbortSignal
): Promise<ExportDatasetResult> {
  const out = resolve(req.out)
  const features = req.features ?? (req.runId ? deps.runs.get(req.runId).config.features : 'logmel')
  const jobId = `export:${out}`
  const { corpusId, classes, rows, plans, skipped } = await resolvePlan(deps, req, features, onProgress, jobId, signal)
  if (req.runId) {
    const { failed } = await deps.features.ensureAll(features, {
      ids: rows.map((r) => r.u.id),
      onProgress: (p) => onProgress({ ...p, jobId, item: `features ${p.item ?? ''}`.trim() }),
      signal
    })
    if (failed.length)
      throw new SerError(
        'FILE_UNREADABLE',
        `${failed[0].id}: no '${features}' features (${failed[0].error}); the run's utterances must all have them`,
        { field: 'features' }
      )
  }
  mkdirSync(out, { recursive: true })
  const splits = splitsOf(rows.length, plans)
  const audioPath = (id: string) => deps.corpus.audioPath(id)
  const files: string[] = []
  let dims = 0
  let frameShiftSec = 0
  let names: string[] = []
  const progress = (i: number) => {
    if (signal?.aborted) throw new SerError('CANCELLED', `export: cancelled after ${i} of ${rows.length} utterances`)
    if (i % 10 === 0 || i === rows.length)
      onProgress({ jobId, done: i, total: rows.length, item: i < rows.length ? rows[i].u.id : 'done' })
  }
  const matrix = async (id: string) => {
    const m = await deps.features.matrix(id, features)
    if (dims === 0) ({ dims, frameShiftSec, names } = m)
    else if (m.dims !== dims)
      throw new SerError('FILE_FORMAT', `${id}: ${m.dims} feature dims, the other utterances have ${dims}`, {
        field: 'features'
      })
    return m
  }

  if (req.format === 'kaldi') {
    // Kaldi wants utterance ids that begin with their speaker id, so that sorting by utterance sorts by speaker
    const spk = (u: Utterance) => u.speaker ?? u.id
    const key = (u: Utterance) => (u.id.startsWith(spk(u)) ? u.id : `${spk(u)}-${u.id}`)
    for (const { u } of rows) {
      if (!isKaldiToken(u.id) || !isKaldiToken(spk(u)))
        throw new SerError(
          'FIELD_INVALID',
          `${u.id}: Kaldi ids cannot hold whitespace (utterance or speaker '${spk(u)}')`,
          { field: 'format' }
        )
    }
    const order = rows.map((_, i) => i).sort((a, b) => byteOrder(key(rows[a].u), key(rows[b].u)))
    const lines = (f: (r: Row) => string | null) =>
      order
        .map((i) => f(rows[i]))
        .filter((l): l is string => l !== null)
        .join('\n') + '\n'
    const write = (name: string, text: string) => {
      const f = join(out, name)
      writeFileSync(f, text)
      files.push(f)
    }
    write(
      'wav.scp',
      lines(({ u }) =>
        extname(u.path).toLowerCase() === '.wav'
          ? `${key(u)} ${audioPath(u.id)}`
          : `${key(u)} sox ${JSON.stringify(audioPath(u.id))} -t wav - |`
      )
    )
    write(
      'utt2spk',
      lines(({ u }) => `${key(u)} ${spk(u)}`)
    )
    const bySpk = new Map<string, string[]>()
    for (const i of order) bySpk.set(spk(rows[i].u), [...(bySpk.get(spk(rows[i].u)) ?? []), key(rows[i].u)])
    write(
      'spk2utt',
      [...bySpk]
        .sort((a, b) => byteOrder(a[0], b[0]))
        .map(([s, us]) => `${s} ${us.join(' ')}`)
        .join('\n') + '\n'
    )
    write(
      'utt2emo',
      lines(({ u, label }) => `${key(u)} ${label}`)
    )
    write(
      'utt2dur',
      lines(({ u }) => `${key(u)} ${u.durationSec}`)
    )
    if (rows.some((r) => r.u.session !== null))
      write(
        'utt2session',
        lines(({ u }) => (u.session === null ? null : `${key(u)} ${u.session}`))
      )
    for (const scale of ['valence', 'arousal', 'dominance'] as const) {
      if (rows.some((r) => r.u[scale] !== null))
        write(
          `utt2${scale}`,
          lines(({ u }) => (u[scale] === null ? null : `${key(u)} ${u[scale]}`))
        )
    }
    // Kaldi's text is the transcription; written when every utterance has one
    if (rows.every((r) => r.u.transcript))
      write(
        'text',
        lines(({ u }) => `${key(u)} ${u.transcript!.replace(/\s+/g, ' ').trim()}`)
      )
    if (rows.some((r) => key(r.u) !== r.u.id))
      write(
        'utt2id',
        lines(({ u }) => `${key(u)} ${u.id}`)
      )
    const ark = createArkWriter(join(out, 'feats.ark'))
    const scp: string[] = []
    try {
      for (let n = 0; n < order.length; n++) {
        progress(n)
        const { u } = rows[order[n]]
        const m = await matrix(u.id)
        scp.push(`${key(u)} ${ark.add(key(u), m.data, m.frames, m.dims)}`)
      }
    } finally {
      ark.close()
    }
    files.push(join(out, 'feats.ark'))
    write('feats.scp', scp.join('\n') + '\n')
    const fsplit = join(out, 'folds')
    for (const p of plans) {
      const dir = join(fsplit, `fold_${p.fold + 1}`)
      mkdirSync(dir, { recursive: true })
      for (const [name, list] of [
        ['train', p.train],
        ['dev', p.dev],
        ['test', p.test]
      ] as const) {
        const f = join(dir, `${name}.list`)
        writeFileSync(
          f,
          list
            .map((i) => key(rows[i].u))
            .sort(byteOrder)
            .join('\n') + (list.length ? '\n' : '')
        )
        files.push(f)
      }
    }
  } else {
    const folds = plans.map((p) => `fold_${p.fold}`)
    const str = (name: string, optional = true) => ({
      name,
      type: 'BYTE_ARRAY' as const,
      converted_type: 'UTF8' as const,
      repetition_type: optional ? ('OPTIONAL' as const) : ('REQUIRED' as const)
    })
    const num = (name: string, type: 'DOUBLE' | 'INT32', optional = true) => ({
      name,
      type,
      repetition_type: optional ? ('OPTIONAL' as const) : ('REQUIRED' as const)
    })
    const schema = [
      { name: 'root', num_children: 14 + folds.length },
      str('id', false),
      str('speaker'),
      str('session'),
      str('label', false),
      str('category'),
      num('valence', 'DOUBLE'),
      num('arousal', 'DOUBLE'),
      num('dominance', 'DOUBLE'),
      num('duration', 'DOUBLE', false),
      str('path', false),
      str('transcript'),
      num('frames', 'INT32', false),
      num('dims', 'INT32', false),
      ...folds.map((f) => str(f)),
      { name: 'features', repetition_type: 'REQUIRED' as const, converted_type: 'LIST' as const, num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED' as const, num_children: 1 },
      { name: 'element', repetition_type: 'REQUIRED' as const, converted_type: 'LIST' as const, num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED' as const, num_children: 1 },
      { name: 'element', type: 'FLOAT' as const, repetition_type: 'REQUIRED' as const }
    ]
    const file = join(out, 'dataset.parquet')
    const writer = new ParquetWriter({
      writer: fileWriter(file),
      schema,
      createdBy: 'SER Workbench (hyparquet-writer)',
      kvMetadata: [
        { key: 'ser.classes', value: JSON.stringify(classes) },
        { key: 'ser.features', value: features },
        { key: 'ser.corpus', value: corpusId }
      ]
    })
    const BATCH = 64
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH)
      const mats: FeatureMatrix[] = []
      for (let k = 0; k < batch.length; k++) {
        progress(start + k)
        mats.push(await matrix(batch[k].u.id))
      }
      const col = <T>(f: (r: Row, k: number) => T) => batch.map(f)
      await writer.write({
        rowGroupSize: BATCH,
        columnData: [
          { name: 'id', data: col((r) => r.u.id) },
          { name: 'speaker', data: col((r) => r.u.speaker) },
          { name: 'session', data: col((r) => r.u.session) },
          { name: 'label', data: col((r) => r.label) },
          { name: 'category', data: col((r) => r.u.category) },
          { name: 'valence', data: col((r) => r.u.valence) },
          { name: 'arousal', data: col((r) => r.u.arousal) },
          { name: 'dominance', data: col((r) => r.u.dominance) },
          { name: 'duration', data: col((r) => r.u.durationSec) },
          { name: 'path', data: col((r) => audioPath(r.u.id)) },
          { name: 'transcript', data: col((r) => r.u.transcript) },
          { name: 'frames', data: col((_, k) => mats[k].frames) },
          { name: 'dims', data: col((_, k) => mats[k].dims) },
          ...folds.map((f, j) => ({ name: f, data: col((_, k) => splits[j][start + k]) })),
          {
            name: 'features',
            data: col((_, k) =>
              Array.from({ length: mats[k].frames }, (_f, t) =>
                Array.from(mats[k].data.subarray(t * mats[k].dims, (t + 1) * mats[k].dims))
              )
            )
          }
        ]
      })
    }
    await writer.finish()
    files.push(file)
  }
  files.push(...writeFoldPlan(out, corpusId, rows, plans, audioPath))
  const meta = join(out, 'export.json')
  writeFileSync(
    meta,
    JSON.stringify(
      {
        format: req.format,
        features,
        dims,
        frameShiftSec,
        featureNames: names,
        corpusId,
        classes,
        runId: req.runId ?? null,
        utterances: rows.length,
        folds: plans.map((p) => ({ fold: p.fold, testGroups: p.testGroups }))
      },
      null,
      2
    )
  )
  files.push(meta)
  onProgress({ jobId, done: rows.length, total: rows.length, item: 'done' })
  return {
    out,
    format: req.format,
    features,
    corpusId,
    classes,
    utterances: rows.length,
    folds: plans.length,
    dims,
    frameShiftSec,
    skipped,
    files
  }
}
