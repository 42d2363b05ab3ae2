import type { SerErrorCode } from '../../shared/errors'

/**
 * The HTTP status of each error code, for the web mode's API and both hosts' media routes. A request the schema
 * refuses is a 400 whose body names the field; the envelope carries the code, so clients never parse messages.
 */
export const HTTP_STATUS: Record<SerErrorCode, number> = {
  FIELD_INVALID: 400,
  PATH_OUTSIDE_CORPUS: 403,
  NOT_FOUND: 404,
  FILE_UNREADABLE: 404,
  FILE_FORMAT: 422,
  CONFLICT: 409,
  CANCELLED: 409,
  UNAVAILABLE: 503,
  BUSY: 503,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  INTERNAL: 500
}

/** Seconds a client should wait before retrying a BUSY answer (sent as `Retry-After` with its 503) */
export const BUSY_RETRY_AFTER_S = 1
