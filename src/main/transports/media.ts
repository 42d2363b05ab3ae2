/**
 * The media URLs of both hosts (the web mode's `media/…` route and Electron's `ser-app://…/media/…`), thin over
 * services/media/media-service.ts: the kind, the id and the query are checked against the contract
 * (shared/api/media.ts) here, the way dispatch.ts checks a method's request, and the service does the rest.
 */
import { Id } from '../../shared/api/common'
import type { MediaKind } from '../../shared/api/media'
import { isMediaKind, mediaParamSchemas } from '../../shared/api/media'
import { SerError } from '../../shared/errors'
import type { Services } from '../services/create-services'
import type { MediaBytes, MediaRequest } from '../services/media/media-service'
import { validationError } from './dispatch'

export type { MediaBytes } from '../services/media/media-service'

export interface MediaSource {
  /** Throws SerError: NOT_FOUND for an unknown kind or id, FIELD_INVALID naming a bad parameter */
  load(kind: string, id: string, query: Record<string, string>): Promise<MediaBytes>
}

export function createMediaSource(services: Services): MediaSource {
  return {
    async load(kind, id, query) {
      if (!isMediaKind(kind)) throw new SerError('NOT_FOUND', `kind: no media kind '${kind}'`, { field: 'kind' })
      if (!Id.safeParse(id).success) throw new SerError('FIELD_INVALID', `id: not a valid id`, { field: 'id' })
      return services.media.load(id, parseRequest(kind, query))
    }
  }
}

/** The query checked against its kind's schema; a bad or unknown parameter is refused by name. */
function parseRequest(kind: MediaKind, query: Record<string, string>): MediaRequest {
  const result = mediaParamSchemas[kind].safeParse(query)
  if (!result.success) throw validationError(`media/${kind}`, result.error)
  // the schema is the kind's own, so the parameters are that kind's (TypeScript cannot correlate the two)
  return { kind, params: result.data } as MediaRequest
}
