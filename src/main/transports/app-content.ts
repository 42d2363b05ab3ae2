/**
 * The app's own content, identical in both hosts: the built renderer's files and the `media/<kind>/<id>` resources,
 * every response with the CSP and the other security headers. The web server calls it after its token and Host
 * checks; Electron's `ser-app://` protocol handler calls it directly. Host-neutral in and out (no http.IncomingMessage,
 * no fetch Response), so one test of the rules covers both hosts.
 */
import { readFileSync } from 'node:fs'
import type { CallResult } from '../../shared/api/transport'
import { SerError, toErrorInfo } from '../../shared/errors'
import { SECURITY_HEADERS } from './csp'
import { BUSY_RETRY_AFTER_S, HTTP_STATUS } from './error-status'
import { parseRange } from './http-range'
import type { MediaBytes, MediaSource } from './media'
import { resolveStatic } from './static-files'

export interface ContentRequest {
  method: string
  /** The path as sent (still percent-encoded), starting with `/` */
  rawPath: string
  query: Record<string, string>
  range?: string | null
}

export interface ContentResponse {
  status: number
  headers: Record<string, string>
  body: Uint8Array | null
}

export interface AppContent {
  serve(req: ContentRequest): Promise<ContentResponse>
}

function respond(
  status: number,
  headers: Record<string, string>,
  body: Uint8Array | string | null,
  head: boolean
): ContentResponse {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  const out: Record<string, string> = { ...SECURITY_HEADERS, ...headers }
  if (bytes) out['Content-Length'] = String(bytes.byteLength)
  return { status, headers: out, body: head ? null : bytes }
}

export function errorBody(e: unknown): { status: number; json: string; headers: Record<string, string> } {
  const error = toErrorInfo(e)
  const envelope: CallResult = { ok: false, error }
  // BUSY is retryable: say when
  const headers: Record<string, string> = error.code === 'BUSY' ? { 'Retry-After': String(BUSY_RETRY_AFTER_S) } : {}
  return { status: HTTP_STATUS[error.code], json: JSON.stringify(envelope), headers }
}

export function createAppContent(options: { rendererDir: string; media: MediaSource }): AppContent {
  const { rendererDir, media } = options

  async function serveMedia(parts: string[], req: ContentRequest, head: boolean): Promise<ContentResponse> {
    const fail = (e: unknown) => {
      const { status, json, headers } = errorBody(e)
      return respond(
        status,
        { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
        json,
        head
      )
    }
    if (parts.length !== 2)
      return fail(new SerError('NOT_FOUND', 'path: expected media/<kind>/<id>', { field: 'path' }))
    let kind: string
    let id: string
    try {
      kind = decodeURIComponent(parts[0])
      id = decodeURIComponent(parts[1])
    } catch {
      return fail(new SerError('FIELD_INVALID', 'id: malformed percent-encoding', { field: 'id' }))
    }
    let m: MediaBytes
    try {
      m = await media.load(kind, id, req.query)
    } catch (e) {
      return fail(e)
    }
    const size = m.bytes.byteLength
    const common = { 'Content-Type': m.mime, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache' }
    const range = parseRange(req.range, size)
    if (range.kind === 'unsatisfiable') {
      return respond(416, { ...common, 'Content-Range': `bytes */${size}` }, null, head)
    }
    if (range.kind === 'partial') {
      const body = m.bytes.subarray(range.start, range.end + 1)
      return respond(206, { ...common, 'Content-Range': `bytes ${range.start}-${range.end}/${size}` }, body, head)
    }
    return respond(200, common, m.bytes, head)
  }

  return {
    async serve(req) {
      const head = req.method === 'HEAD'
      if (req.method !== 'GET' && !head) {
        return respond(
          405,
          { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' },
          'method not allowed',
          false
        )
      }
      const parts = req.rawPath.split('/').slice(1)
      if (parts[0] === 'media') return serveMedia(parts.slice(1), req, head)
      const found = resolveStatic(rendererDir, req.rawPath)
      if (!found.ok) return respond(found.status, { 'Content-Type': 'text/plain; charset=utf-8' }, found.reason, head)
      // Vite names assets by content hash, so they never change; index.html must be re-read to pick up a new build
      const cache = req.rawPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'
      return respond(200, { 'Content-Type': found.contentType, 'Cache-Control': cache }, readFileSync(found.file), head)
    }
  }
}
