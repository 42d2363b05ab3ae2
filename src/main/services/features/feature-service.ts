/**
 * Corpus features for the trainer and the UI: every utterance's matrix for a feature set, computed once per
 * (utterance, feature config) and kept in the feature cache (feature-cache.ts), in parallel worker threads
 * (feature-pool.ts) for corpus-wide runs; and the display spectrogram for the media route.
 */
import { availableParallelism } from 'node:os'
import { statSync } from 'node:fs'
import type { JobProgress } from '../../../shared/api/common'
import type { FeatureMatrix, SpectrogramOptions } from '../../../shared/domain/features'
import type { TrainFeatures } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'
import { loadMono } from '../audio/read-audio'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { Db } from '../db/open-db'
import type { EventBus } from '../runtime/event-bus'
import { computeCorpusFeatures } from './corpus-features'
import type { FileStamp } from './feature-cache'
import { createFeatureCache, sameStamp } from './feature-cache'
import type { CorpusFeatureKind, CorpusKindDef } from './feature-kinds'
import { CORPUS_KINDS, corpusConfigKey } from './feature-kinds'
import type { FeaturePool } from './feature-pool'
import { createFeaturePool } from './feature-pool'
import { spectrogramBinary } from './spectrogram'

export type { FeatureMatrix } from '../../../shared/domain/features'

/** The highest rate the display spectrogram analyses at (it shows up to 24 kHz); higher rates are resampled to it */
export const DISPLAY_MAX_RATE = 48_000

export interface EnsureAllOptions {
  /** Utterances to cover; default every utterance in the index */
  ids?: string[]
  onProgress?: (p: JobProgress) => void
  signal?: AbortSignal
  /** Features of the audio speed-perturbed by this factor (training augmentation), cached as a set of their own */
  speed?: number
}

export interface EnsureAllResult<K extends CorpusFeatureKind = CorpusFeatureKind> {
  kind: K
  /** Matrices computed now */
  computed: number
  /** Matrices that were already in the cache and still valid */
  cached: number
  failed: { id: string; error: string }[]
}

export interface FeatureService {
  /** Computes and caches what is missing or stale; per-utterance failures are listed, not thrown */
  ensureAll<K extends CorpusFeatureKind>(kind: K, opts?: EnsureAllOptions): Promise<EnsureAllResult<K>>
  /** `features.computeAll`: ensureAll with its progress as `features.progress` events (deps.events) */
  computeAll<K extends TrainFeatures>(kind: K, ids?: string[]): Promise<EnsureAllResult<K>>
  /** One utterance's features, from the cache, computing and storing them if missing */
  matrix(id: string, kind: CorpusFeatureKind, opts?: { speed?: number }): Promise<FeatureMatrix>
  /** The display binary (spectrogram.ts SPG1 format) for the media route */
  spectrogram(id: string, opts?: Partial<SpectrogramOptions>): Promise<Uint8Array>
  /** Stops the running ensureAll of `kind` (it then rejects with CANCELLED); false when none was running */
  cancel(kind: CorpusFeatureKind): boolean
}

export interface FeatureServiceDeps {
  db: Db
  corpus: CorpusIndex
  /** Where computeAll's progress goes */
  events?: EventBus
  /** Worker threads for corpus-wide runs; default: the machine's cores (at most 8) */
  workers?: number
  /** The corpus feature sets; default feature-kinds.ts CORPUS_KINDS (tests vary them to change the config) */
  kinds?: Partial<Record<CorpusFeatureKind, CorpusKindDef>>
}

/** Fewer missing matrices than this are computed inline: starting threads would cost more than it saves */
const POOL_MIN_JOBS = 8
/** Results written per transaction, and the longest a result waits for its write */
const WRITE_BATCH = 32
const WRITE_EVERY_MS = 250

function stampOf(path: string, name: string): FileStamp {
  try {
    const st = statSync(path)
    return { size: st.size, mtimeMs: Math.round(st.mtimeMs) }
  } catch (e) {
    throw new SerError(
      'FILE_UNREADABLE',
      `${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      { file: name }
    )
  }
}

export function createFeatureService(deps: FeatureServiceDeps): FeatureService {
  const { corpus } = deps
  const cache = createFeatureCache(deps.db)
  const kinds: Record<CorpusFeatureKind, CorpusKindDef> = { ...CORPUS_KINDS, ...deps.kinds }
  const workers = Math.max(1, deps.workers ?? Math.min(8, availableParallelism()))
  let jobs = 0
  /** The corpus-wide runs in progress, by kind, so `cancel(kind)` can stop them */
  const running = new Map<CorpusFeatureKind, Set<AbortController>>()

  /** The cache set of a kind; a speed factor ≠ 1 is a set of its own (`logmel@speed0.9`), its factor in the key */
  function cacheKind(kind: CorpusFeatureKind, speed = 1): string {
    return speed === 1 ? kind : `${kind}@speed${speed}`
  }
  function setOf(kind: CorpusFeatureKind, speed = 1): number {
    const key = corpusConfigKey(kind, kinds[kind])
    return cache.setId(cacheKind(kind, speed), speed === 1 ? key : `${key}|speed=${speed}`)
  }

  /** Path and corpus-relative name of an utterance's audio (NOT_FOUND for an unknown id). */
  function fileOf(id: string): { path: string; name: string } {
    return { path: corpus.audioPath(id), name: corpus.utterance(id).path }
  }

  async function ensureAll<K extends CorpusFeatureKind>(kind: K, opts: EnsureAllOptions): Promise<EnsureAllResult<K>> {
    const def = kinds[kind]
    const speed = opts.speed ?? 1
    const setId = setOf(kind, speed)
    // one configuration per kind is current; matrices of earlier ones can never be valid again
    cache.pruneOtherConfigs(cacheKind(kind, speed), setId)
    const ids = opts.ids ?? corpus.utterances({}).map((u) => u.id)
    const jobId = `features-${kind}-${++jobs}`
    const stamps = cache.stamps(setId)
    const failed: { id: string; error: string }[] = []
    const todo: { id: string; path: string; name: string }[] = []
    let cached = 0
    for (const id of ids) {
      try {
        const f = fileOf(id)
        if (sameStamp(stamps.get(id), stampOf(f.path, f.name))) cached++
        else todo.push({ id, ...f })
      } catch (e) {
        failed.push({ id, error: (e as Error).message })
      }
    }
    let done = cached + failed.length
    const progress = (item?: string): void =>
      opts.onProgress?.({ jobId, done, total: ids.length, ...(item ? { item } : {}) })
    progress()
    let computed = 0
    let batch: { utteranceId: string; stamp: FileStamp; matrix: FeatureMatrix }[] = []
    let lastWrite = Date.now()
    const flush = (): void => {
      cache.putMany(setId, batch)
      computed += batch.length
      batch = []
      lastWrite = Date.now()
    }
    const accept = (id: string, stamp: FileStamp, matrix: FeatureMatrix): void => {
      batch.push({ utteranceId: id, stamp, matrix })
      if (batch.length >= WRITE_BATCH || Date.now() - lastWrite > WRITE_EVERY_MS) flush()
    }
    const cancelled = (): SerError =>
      new SerError('CANCELLED', `features ${kind}: cancelled after ${done} of ${ids.length}`)

    if (todo.length < POOL_MIN_JOBS || workers === 1) {
      for (const t of todo) {
        if (opts.signal?.aborted) {
          flush()
          throw cancelled()
        }
        try {
          const stamp = stampOf(t.path, t.name)
          accept(t.id, stamp, await computeCorpusFeatures(t.path, t.name, kind, def, speed))
        } catch (e) {
          failed.push({ id: t.id, error: (e as Error).message })
        }
        done++
        progress(t.id)
        // let the event loop breathe between utterances (progress events, cancellation, other requests)
        await new Promise((r) => setImmediate(r))
      }
      flush()
      return { kind, computed, cached, failed }
    }

    if (opts.signal?.aborted) throw cancelled()
    const pool: FeaturePool = createFeaturePool(Math.min(workers, todo.length))
    const onAbort = (): void => void pool.close()
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    try {
      await Promise.all(
        todo.map(async (t) => {
          let r
          try {
            r = await pool.run({ path: t.path, name: t.name, kind, def, speed })
          } catch (e) {
            if (opts.signal?.aborted) return
            r = { ok: false as const, error: (e as Error).message }
          }
          if (r.ok) accept(t.id, r.stamp, r.matrix)
          else failed.push({ id: t.id, error: r.error })
          done++
          progress(t.id)
        })
      )
      flush()
      if (opts.signal?.aborted) throw cancelled()
      return { kind, computed, cached, failed }
    } finally {
      opts.signal?.removeEventListener('abort', onAbort)
      await pool.close()
    }
  }

  const service: FeatureService = {
    async ensureAll(kind, opts = {}) {
      const own = new AbortController()
      const abort = (): void => own.abort()
      if (opts.signal?.aborted) own.abort()
      opts.signal?.addEventListener('abort', abort, { once: true })
      const runs = running.get(kind) ?? new Set<AbortController>()
      running.set(kind, runs.add(own))
      try {
        return await ensureAll(kind, { ...opts, signal: own.signal })
      } finally {
        opts.signal?.removeEventListener('abort', abort)
        runs.delete(own)
      }
    },

    computeAll(kind, ids) {
      return service.ensureAll(kind, {
        ...(ids ? { ids } : {}),
        onProgress: (p) => deps.events?.emit('features.progress', { ...p, kind })
      })
    },

    cancel(kind) {
      const runs = [...(running.get(kind) ?? [])].filter((c) => !c.signal.aborted)
      for (const c of runs) c.abort()
      return runs.length > 0
    },

    async matrix(id, kind, opts = {}) {
      const speed = opts.speed ?? 1
      const setId = setOf(kind, speed)
      const f = fileOf(id)
      const stamp = stampOf(f.path, f.name)
      const hit = cache.get(setId, id)
      if (hit && sameStamp(hit.stamp, stamp)) {
        const { stamp: _s, ...m } = hit
        return m
      }
      const m = await computeCorpusFeatures(f.path, f.name, kind, kinds[kind], speed)
      cache.putMany(setId, [{ utteranceId: id, stamp, matrix: m }])
      return m
    },

    async spectrogram(id, opts = {}) {
      const u = corpus.utterance(id)
      // the native rate up to DISPLAY_MAX_RATE (so the cost follows the duration, never a header's rate), and the
      // channels mixed: a picture of what the listener hears
      const rate = Math.min(u.sampleRate, DISPLAY_MAX_RATE)
      const { samples, sampleRate } = await loadMono(corpus.audioPath(id), u.path, { rate, channels: 'mix' })
      return spectrogramBinary(samples, sampleRate, opts)
    }
  }
  return service
}
