/**
 * POST api/call {method, args} → dispatch → the CallResult envelope as JSON. The same dispatcher the IPC handler and
 * the CLI use does the schema check, so a request refused here is refused identically everywhere; the status is the
 * code's (400 when a field is wrong) and the body names the field.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CallResult } from '../../../shared/api/transport'
import { SerError } from '../../../shared/errors'
import { SECURITY_HEADERS } from '../csp'
import type { Dispatcher } from '../dispatch'
import { errorBody } from '../app-content'

/** labels.import carries a file of up to 50 MB as text (shared/api/labels.ts); a little over that for the JSON */
export const MAX_BODY_BYTES = 64 * 1024 * 1024
/** Past this much, an oversized body is not drained to answer 413: the connection is cut */
const MAX_DRAIN_BYTES = 4 * MAX_BODY_BYTES

/** A body over MAX_BODY_BYTES: answered 413 naming the limit */
class BodyTooLarge extends SerError {
  constructor(size: number) {
    super(
      'FIELD_INVALID',
      `body: ${size} bytes or more, over the ${MAX_BODY_BYTES / 1024 / 1024} MB limit of a request`,
      { field: 'body' }
    )
  }
}

function send(res: ServerResponse, status: number, json: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(json)
  })
  res.end(json)
}

/**
 * The request body, held in memory up to MAX_BODY_BYTES. A longer one is read to its end without being kept, so the
 * client (still sending) gets the 413 instead of a reset; one over MAX_DRAIN_BYTES is cut off.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > MAX_DRAIN_BYTES) {
      req.destroy()
      reject(new BodyTooLarge(declared))
      return
    }
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_DRAIN_BYTES) {
        req.destroy()
        reject(new BodyTooLarge(size))
      } else if (size <= MAX_BODY_BYTES) chunks.push(c)
      else chunks.length = 0
    })
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new BodyTooLarge(size)) : resolve(Buffer.concat(chunks))))
    req.on('error', reject)
  })
}

/** The call named by a parsed body, or a SerError naming what is wrong with the body itself. */
export function parseCallBody(text: string): { method: string; args: unknown } {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new SerError('FIELD_INVALID', 'body: not valid JSON', { field: 'body' })
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SerError('FIELD_INVALID', 'body: expected {"method": …, "args": …}', { field: 'body' })
  }
  const { method, args, ...rest } = body as Record<string, unknown>
  const extra = Object.keys(rest)
  if (extra.length > 0) throw new SerError('FIELD_INVALID', `body: unknown field '${extra[0]}'`, { field: extra[0] })
  if (typeof method !== 'string')
    throw new SerError('FIELD_INVALID', 'method: missing or not a string', { field: 'method' })
  return { method, args }
}

export async function handleApiCall(req: IncomingMessage, res: ServerResponse, dispatcher: Dispatcher): Promise<void> {
  try {
    // JSON only: a cross-site <form> can post text/plain or urlencoded bodies without a CORS preflight
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
    if (type !== 'application/json') {
      throw new SerError('FIELD_INVALID', `Content-Type: expected application/json, got '${type}'`, {
        field: 'Content-Type'
      })
    }
    const { method, args } = parseCallBody((await readBody(req)).toString('utf8'))
    const value = await dispatcher.call(method, args)
    const ok: CallResult = { ok: true, value }
    send(res, 200, JSON.stringify(ok))
  } catch (e) {
    const { status, json, headers } = errorBody(e)
    if (!res.headersSent && !res.destroyed) send(res, e instanceof BodyTooLarge ? 413 : status, json, headers)
  }
}
