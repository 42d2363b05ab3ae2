import { realpathSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { isInside } from '../services/corpus/corpus-paths'

/**
 * Maps a request path to a file of the built renderer (out/renderer), for both hosts. The raw path is split and
 * each segment decoded on its own, so `..`, `%2e%2e`, `%2f` and `%5c` inside a segment, empty segments and NUL are
 * refused before any file-system call; the real path must then still lie under the root (no symlink out).
 */
export type StaticResult =
  { ok: true; file: string; contentType: string } | { ok: false; status: 400 | 403 | 404; reason: string }

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8'
}

export function contentTypeOf(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

export function resolveStatic(root: string, rawPath: string): StaticResult {
  const rel = rawPath.replace(/^\//, '')
  const raw = rel === '' ? ['index.html'] : rel.split('/')
  const segments: string[] = []
  for (const s of raw) {
    let d: string
    try {
      d = decodeURIComponent(s)
    } catch {
      return { ok: false, status: 400, reason: 'path: malformed percent-encoding' }
    }
    if (d === '' || d === '.' || d === '..' || /[/\\\0]/.test(d) || /^[a-zA-Z]:/.test(d)) {
      return { ok: false, status: 400, reason: 'path: not a path inside the app' }
    }
    segments.push(d)
  }
  const file = join(root, ...segments)
  if (!isInside(root, file)) return { ok: false, status: 400, reason: 'path: not a path inside the app' }
  let real: string
  try {
    real = realpathSync(file)
    if (!statSync(real).isFile()) return { ok: false, status: 404, reason: 'path: not a file' }
  } catch {
    return { ok: false, status: 404, reason: 'path: no such file' }
  }
  let realRoot = root
  try {
    realRoot = realpathSync(root)
  } catch {
    // the root itself is missing: nothing below it exists either, and the stat above failed already
  }
  if (!isInside(realRoot, real)) return { ok: false, status: 403, reason: 'path: links outside the app' }
  return { ok: true, file: real, contentType: contentTypeOf(real) }
}
