/**
 * Binary resources by name, for both hosts (the web mode's `media/…` route and Electron's `ser-app://…/media/…`,
 * through transports/media.ts, which checks the kind, the id and the query first): (kind, id, params) → {mime, bytes}.
 * The id is looked up in the corpus index, whose audioPath/dialogAudioPath resolve it inside the corpus root (refusing
 * `..`, absolute paths and symlinks out); no path ever comes from the renderer. Audio goes out as 16-bit PCM WAV at
 * its native rate, so whatever the corpus stores (24-bit, float, WAVE_FORMAT_EXTENSIBLE) the browser gets a format
 * every engine plays; a plain 16-bit PCM file goes out as it is (services/audio/browser-wav.ts), so a 10-minute dialog
 * is not decoded and re-encoded first.
 */
import type { z } from 'zod'
import type { MediaKind } from '../../../shared/api/media'
import type { mediaParamSchemas } from '../../../shared/api/media'
import { SerError } from '../../../shared/errors'
import { readWavForBrowser } from '../audio/browser-wav'
import { wavEnvelope } from '../audio/wav-envelope'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { FeatureService } from '../features/feature-service'
import { createSpectrogramTiles } from '../features/spectrogram-tiles'
import type { MediaBytes } from './media-cache'
import { createMediaCache } from './media-cache'

export type { MediaBytes } from './media-cache'

/** One media request whose parameters already passed their kind's schema (shared/api/media.ts) */
export type MediaRequest = {
  [K in MediaKind]: { kind: K; params: z.infer<(typeof mediaParamSchemas)[K]> }
}[MediaKind]

export interface MediaService {
  /** Throws SerError NOT_FOUND for an unknown id or a dialog without audio, FILE_* for an unreadable file */
  load(id: string, req: MediaRequest): Promise<MediaBytes>
}

export interface MediaDeps {
  corpus: Pick<CorpusIndex, 'utterance' | 'audioPath' | 'dialogAudioPath'>
  features: Pick<FeatureService, 'spectrogram'>
}

export function createMediaService(deps: MediaDeps): MediaService {
  const { corpus, features } = deps
  const cache = createMediaCache()
  const tiles = createSpectrogramTiles()

  async function wavOf(path: string, name: string): Promise<MediaBytes> {
    return { mime: 'audio/wav', bytes: await readWavForBrowser(path, name) }
  }

  function dialogPath(id: string, corpusId: string | undefined): string {
    const path = corpus.dialogAudioPath(id, corpusId)
    if (path === null) throw new SerError('NOT_FOUND', `id: dialog '${id}' has no dialog audio`, { field: 'id' })
    return path
  }

  return {
    async load(id, req) {
      const key = `${req.kind}\0${id}\0${JSON.stringify(req.params)}`
      switch (req.kind) {
        case 'audio': {
          const u = corpus.utterance(id)
          const path = corpus.audioPath(id)
          return cache.cached(key, path, () => wavOf(path, u.path))
        }
        case 'dialog-audio': {
          const path = dialogPath(id, req.params.corpusId)
          return cache.cached(key, path, () => wavOf(path, id))
        }
        case 'spectrogram': {
          const path = corpus.audioPath(id)
          return cache.cached(key, path, async () => ({
            mime: 'application/octet-stream',
            bytes: await features.spectrogram(id, req.params)
          }))
        }
        case 'dialog-envelope': {
          const path = dialogPath(id, req.params.corpusId)
          return cache.cached(key, path, () => ({ mime: 'application/octet-stream', bytes: wavEnvelope(path, id) }))
        }
        case 'dialog-spectrogram': {
          const { corpusId, ...params } = req.params
          const path = dialogPath(id, corpusId)
          // not cached here: tiles are cheap, and spectrogram-tiles.ts keeps the decoded dialog instead
          return { mime: 'application/octet-stream', bytes: tiles.tile(path, id, params) }
        }
      }
    }
  }
}
