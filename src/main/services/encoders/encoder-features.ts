/**
 * `encoder:PATH.onnx` as a corpus feature set (docs/encoders.md): every utterance's embedding frames, computed once
 * per (utterance, encoder file, options) and kept in the feature cache like the other kinds (feature-cache.ts): set
 * kind `encoder`, configuration = the canonical feature name + the model file's size, mtime and sha256, so a
 * re-exported model recomputes. Audio is mixed to mono and resampled to 16 kHz. Sessions stay open per file.
 */
import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { JobProgress } from '../../../shared/api/common'
import type { EncoderOptions } from '../../../shared/domain/encoders'
import { ENCODER_RATE, encoderFeaturesName, parseEncoderFeatures } from '../../../shared/domain/encoders'
import type { FeatureMatrix } from '../../../shared/domain/features'
import { SerError } from '../../../shared/errors'
import { loadMono } from '../audio/read-audio'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { Db } from '../db/open-db'
import type { FileStamp } from '../features/feature-cache'
import { createFeatureCache, sameStamp } from '../features/feature-cache'
import type { EncoderInfo, OnnxEncoder } from './onnx-encoder'
import { openEncoder } from './onnx-encoder'

export interface EncoderFeatures {
  ensureAll(
    kind: string,
    opts?: { ids?: string[]; onProgress?: (p: JobProgress) => void; signal?: AbortSignal }
  ): Promise<{ computed: number; cached: number; failed: { id: string; error: string }[] }>
  matrix(id: string, kind: string): Promise<FeatureMatrix>
  /** The encoder behind a feature name: names, layers, dimension, execution provider */
  info(kind: string): Promise<EncoderInfo>
  close(): Promise<void>
}

function parse(kind: string): EncoderOptions {
  try {
    const o = parseEncoderFeatures(kind)
    return { ...o, path: resolve(o.path) }
  } catch (e) {
    throw new SerError('FIELD_INVALID', (e as Error).message, { field: 'features' })
  }
}

function sha256(path: string): Promise<string> {
  return new Promise((res, rej) => {
    const h = createHash('sha256')
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('end', () => res(h.digest('hex')))
      .on('error', rej)
  })
}

export function createEncoderFeatures(deps: { db: Db; corpus: CorpusIndex }): EncoderFeatures {
  const cache = createFeatureCache(deps.db)
  const sessions = new Map<string, Promise<{ encoder: OnnxEncoder; sha: string; stamp: FileStamp }>>()

  async function session(path: string) {
    let st: FileStamp
    try {
      const s = statSync(path)
      st = { size: s.size, mtimeMs: Math.round(s.mtimeMs) }
    } catch (e) {
      throw new SerError(
        'FILE_UNREADABLE',
        `${path}: cannot read the encoder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        { file: path, field: 'features' }
      )
    }
    const open = sessions.get(path)
    if (open) {
      const o = await open
      if (sameStamp(o.stamp, st)) return o
      sessions.delete(path)
      await o.encoder.close()
    }
    const next = (async () => ({ encoder: await openEncoder(path), sha: await sha256(path), stamp: st }))()
    sessions.set(path, next)
    next.catch(() => sessions.delete(path))
    return next
  }

  async function setOf(o: EncoderOptions) {
    const s = await session(o.path)
    const config = JSON.stringify({
      name: encoderFeaturesName(o),
      size: s.stamp.size,
      mtimeMs: s.stamp.mtimeMs,
      sha256: s.sha,
      version: 1
    })
    return { ...s, setId: cache.setId('encoder', config) }
  }

  function stampOf(id: string): { path: string; name: string; stamp: FileStamp } {
    const path = deps.corpus.audioPath(id)
    const name = deps.corpus.utterance(id).path
    try {
      const s = statSync(path)
      return { path, name, stamp: { size: s.size, mtimeMs: Math.round(s.mtimeMs) } }
    } catch (e) {
      throw new SerError(
        'FILE_UNREADABLE',
        `${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        { file: name }
      )
    }
  }

  async function compute(encoder: OnnxEncoder, o: EncoderOptions, path: string, name: string): Promise<FeatureMatrix> {
    const { samples } = await loadMono(path, name, { rate: ENCODER_RATE, channels: 'mix' })
    return encoder.embed(samples, o)
  }

  let jobs = 0
  return {
    async ensureAll(kind, opts = {}) {
      const o = parse(kind)
      const { encoder, setId } = await setOf(o)
      const ids = opts.ids ?? deps.corpus.utterances({}).map((u) => u.id)
      const jobId = `encoder-${++jobs}`
      const stamps = cache.stamps(setId)
      const failed: { id: string; error: string }[] = []
      let cached = 0
      let computed = 0
      let batch: { utteranceId: string; stamp: FileStamp; matrix: FeatureMatrix }[] = []
      const flush = () => {
        cache.putMany(setId, batch)
        computed += batch.length
        batch = []
      }
      let done = 0
      for (const id of ids) {
        if (opts.signal?.aborted) {
          flush()
          throw new SerError('CANCELLED', `features ${kind}: cancelled after ${done} of ${ids.length}`)
        }
        try {
          const f = stampOf(id)
          if (sameStamp(stamps.get(id), f.stamp)) cached++
          else {
            batch.push({ utteranceId: id, stamp: f.stamp, matrix: await compute(encoder, o, f.path, f.name) })
            if (batch.length >= 16) flush()
          }
        } catch (e) {
          failed.push({ id, error: (e as Error).message })
        }
        done++
        opts.onProgress?.({ jobId, done, total: ids.length, item: id })
        await new Promise((r) => setImmediate(r))
      }
      flush()
      return { computed, cached, failed }
    },
    async matrix(id, kind) {
      const o = parse(kind)
      const { encoder, setId } = await setOf(o)
      const f = stampOf(id)
      const hit = cache.get(setId, id)
      if (hit && sameStamp(hit.stamp, f.stamp)) {
        const { stamp: _s, ...m } = hit
        return m
      }
      const m = await compute(encoder, o, f.path, f.name)
      cache.putMany(setId, [{ utteranceId: id, stamp: f.stamp, matrix: m }])
      return m
    },
    async info(kind) {
      return (await session(parse(kind).path)).encoder.info
    },
    async close() {
      const all = [...sessions.values()]
      sessions.clear()
      for (const s of all) await s.then((x) => x.encoder.close()).catch(() => undefined)
    }
  }
}
