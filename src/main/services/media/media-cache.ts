/**
 * The last few media results, keyed by request and by the source file's size and mtime. A media element asks for one
 * file many times (a Range request per seek), and a 10-minute dialog takes a moment to decode and encode, so the
 * results are kept; the stamp in the key means an edited file is never served stale.
 */
import { statSync } from 'node:fs'

export interface MediaBytes {
  mime: string
  bytes: Uint8Array
}

export interface MediaCache {
  /** `make()`'s result for `key` and the current state of `source`, from the cache when it is there */
  cached(key: string, source: string, make: () => Promise<MediaBytes> | MediaBytes): Promise<MediaBytes>
}

const CACHE_ENTRIES = 8
const CACHE_BYTES = 256 * 1024 * 1024

export function createMediaCache(): MediaCache {
  const cache = new Map<string, MediaBytes>()

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

  return {
    async cached(key, source, make) {
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
  }
}
