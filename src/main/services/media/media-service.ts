/**
 * Binary resources by name, for both hosts (the web mode's `media/…` route and Electron's `ser-app://…/media/…`):
 * (kind, id, query) → {mime, bytes}. The id is looked up in the corpus index, whose audioPath/dialogAudioPath
 * resolve it inside the corpus root (refusing `..`, absolute paths and symlinks out); no path ever comes from the
 * renderer. Audio goes out as 16-bit PCM WAV at its native rate, so whatever the corpus stores (24-bit, float,
 * WAVE_FORMAT_EXTENSIBLE) the browser gets a format every engine plays; a plain 16-bit PCM file goes out as it is
 * (services/audio/browser-wav.ts), so a 10-minute dialog is not decoded and re-encoded first.
 */
import { statSync } from 'node:fs'
import type { z } from 'zod'
import { Id } from '../../shared/api/common'
import type { MediaKind } from '../../shared/api/media'
import { isMediaKind, mediaParamSchemas } from '../../shared/api/media'
import { SerError } from '../../shared/errors'
import { readWavForBrowser } from '../services/audio/browser-wav'
import { wavEnvelope } from '../services/audio/wav-envelope'
import { createSpectrogramTiles } from '../services/features/spectrogram-tiles'
import type { Services } from '../services/create-services'
import { validationError } from './dispatch'

export interface MediaBytes {
  mime: string
  bytes: Uint8Array
}

export interface MediaSource {
  /** Throws SerError: NOT_FOUND for an unknown kind or id, FIELD_INVALID naming a bad parameter */
  load(kind: string, id: string, query: Record<string, string>): Promise<MediaBytes>
}

/**
 * A media element asks for one file many times (a Range request per seek), and a 10-minute dialog takes a moment to
 * decode and encode, so the last few results are kept. The key includes the source's size and mtime, so an edited
 * file is never served stale.
 */
const CACHE_ENTRIES = 8
const CACHE_BYTES = 256 * 1024 * 1024

export function createMediaSource(services: Services): MediaSource {
  const cache = new Map<string, MediaBytes>()
  const tiles = createSpectrogramTiles()

  function remember(key: string, value: MediaBytes): MediaBytes {
    cache.set(key, value)
    let total = 0
    for (const v of cache.values()) total += v.bytes.byteLength
    for (const k of cache.keys()) {
      if (cache.size <= CACHE_ENTRIES && total <= CACHE_BYTES) break
      total -= cache.get(k)?.bytes.byteLength ?? 0
      cache.delete(k)
    }
    return value
  }

  async function cached(key: string, source: string, make: () => Promise<MediaBytes> | MediaBytes): Promise<MediaBytes> {
    let stamp = ''
    try {
      const st = statSync(source)
      stamp = `${st.size}:${st.mtimeMs}`
    } catch {
      // unreadable: let `make` report it with the file's name
    }
    const full = `${key}\0${stamp}`
    const hit = cache.get(full)
    if (hit) {
      // refresh its place: Map keeps insertion order, so the oldest entries are evicted first
      cache.delete(full)
      cache.set(full, hit)
      return hit
    }
    return remember(full, await make())
  }

  async function wavOf(path: string, name: string): Promise<MediaBytes> {
    return { mime: 'audio/wav', bytes: await readWavForBrowser(path, name) }
  }

  return {
    async load(kind, id, query) {
      if (!isMediaKind(kind)) throw new SerError('NOT_FOUND', `kind: no media kind '${kind}'`, { field: 'kind' })
      if (!Id.safeParse(id).success) throw new SerError('FIELD_INVALID', `id: not a valid id`, { field: 'id' })
      switch (kind) {
        case 'audio': {
          const key = `${kind}\0${id}\0${JSON.stringify(parseParams(mediaParamSchemas.audio, kind, query))}`
          const u = services.corpus.utterance(id)
          const path = services.corpus.audioPath(id)
          return cached(key, path, () => wavOf(path, u.path))
        }
        case 'dialog-audio': {
          const params = parseParams(mediaParamSchemas['dialog-audio'], kind, query)
          const key = `${kind}\0${id}\0${JSON.stringify(params)}`
          const path = services.corpus.dialogAudioPath(id, params.corpusId)
          if (path === null) throw new SerError('NOT_FOUND', `id: dialog '${id}' has no dialog audio`, { field: 'id' })
          return cached(key, path, () => wavOf(path, id))
        }
        case 'spectrogram': {
          const params = parseParams(mediaParamSchemas.spectrogram, kind, query)
          const key = `${kind}\0${id}\0${JSON.stringify(params)}`
          const path = services.corpus.audioPath(id)
          return cached(key, path, async () => ({
            mime: 'application/octet-stream',
            bytes: await services.features.spectrogram(id, params)
          }))
        }
        case 'dialog-envelope': {
          const params = parseParams(mediaParamSchemas['dialog-envelope'], kind, query)
          const key = `${kind}\0${id}\0${JSON.stringify(params)}`
          const path = services.corpus.dialogAudioPath(id, params.corpusId)
          if (path === null) throw new SerError('NOT_FOUND', `id: dialog '${id}' has no dialog audio`, { field: 'id' })
          return cached(key, path, () => ({ mime: 'application/octet-stream', bytes: wavEnvelope(path, id) }))
        }
        case 'dialog-spectrogram': {
          const { corpusId, ...params } = parseParams(mediaParamSchemas['dialog-spectrogram'], kind, query)
          const path = services.corpus.dialogAudioPath(id, corpusId)
          if (path === null) throw new SerError('NOT_FOUND', `id: dialog '${id}' has no dialog audio`, { field: 'id' })
          // not cached here: tiles are cheap, and spectrogram-tiles.ts keeps the decoded dialog instead
          return { mime: 'application/octet-stream', bytes: tiles.tile(path, id, params) }
        }
      }
    }
  }
}

/** The query checked against its kind's schema; a bad or unknown parameter is refused by name. */
function parseParams<T extends z.ZodType>(schema: T, kind: MediaKind, query: Record<string, string>): z.infer<T> {
  const result = schema.safeParse(query)
  if (!result.success) throw validationError(`media/${kind}`, result.error)
  return result.data
}
