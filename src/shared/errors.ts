/**
 * The one error type every service throws and every transport maps: a stable code, a human message, and the
 * `file` or `field` it is about, so a CLI line, an HTTP 400 body and an inline UI message can all name it.
 */
export type SerErrorCode =
  | 'FILE_UNREADABLE' // missing, unreadable, or not what its name says (e.g. a WAV without a RIFF header)
  | 'FILE_FORMAT' // readable but malformed or unsupported content (bad chunk, unknown wFormatTag, bad CSV row)
  | 'FIELD_INVALID' // a request field or a manifest/annotation field with a bad value
  | 'NOT_FOUND' // an id (utterance, run, session, annotator) that the index does not hold
  | 'PATH_OUTSIDE_CORPUS' // a path that escapes the corpus root
  | 'CONFLICT' // a valid request that contradicts stored state (e.g. scoring a run on its own training session)
  | 'CANCELLED' // work stopped on request
  | 'UNAVAILABLE' // a capability this machine lacks (e.g. a backend, the Electron runtime)
  | 'BUSY' // another process held the index's write lock past the busy timeout: retry later (nothing was written)
  | 'UNAUTHENTICATED' // team server: no valid sign-in session (or a wrong name or password)
  | 'FORBIDDEN' // team server: signed in, but the role (or a missing CSRF token) does not allow this
  | 'RATE_LIMITED' // team server: too many wrong passwords; try again later
  | 'INTERNAL' // a bug: anything not anticipated

export interface SerErrorInfo {
  code: SerErrorCode
  message: string
  file?: string
  field?: string
}

export class SerError extends Error {
  readonly code: SerErrorCode
  readonly file?: string
  readonly field?: string

  constructor(code: SerErrorCode, message: string, where: { file?: string; field?: string } = {}) {
    super(message)
    this.name = 'SerError'
    this.code = code
    if (where.file !== undefined) this.file = where.file
    if (where.field !== undefined) this.field = where.field
  }

  toInfo(): SerErrorInfo {
    const info: SerErrorInfo = { code: this.code, message: this.message }
    if (this.file !== undefined) info.file = this.file
    if (this.field !== undefined) info.field = this.field
    return info
  }

  static fromInfo(info: SerErrorInfo): SerError {
    return new SerError(info.code, info.message, { file: info.file, field: info.field })
  }
}

export function isSerError(e: unknown): e is SerError {
  return e instanceof SerError
}

/** SQLite's "database is locked" (SQLITE_BUSY and its extended codes), from whichever driver threw it */
export function isBusyError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY')
}

/**
 * Any thrown value as SerErrorInfo; a locked database becomes BUSY (retryable), other unknown errors INTERNAL with
 * their message kept.
 */
export function toErrorInfo(e: unknown): SerErrorInfo {
  if (e instanceof SerError) return e.toInfo()
  if (isBusyError(e))
    return { code: 'BUSY', message: `index: busy, another process is writing (${(e as Error).message}); retry` }
  if (e instanceof Error) return { code: 'INTERNAL', message: e.message }
  return { code: 'INTERNAL', message: String(e) }
}
