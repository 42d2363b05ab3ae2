/**
 * The media cache: a hit returns the stored bytes without making them again, an edited source (size or mtime) is made
 * again, and the oldest entries go once more than eight are kept.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createMediaCache } from '../../../../src/main/services/media/media-cache'

const dir = mkdtempSync(join(tmpdir(), 'ser-media-cache-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function counter() {
  let n = 0
  return {
    make: () => ({ mime: 'text/plain', bytes: new Uint8Array([++n]) }),
    get made() {
      return n
    }
  }
}

describe('media cache', () => {
  it('makes a result once per key and source state, again after the source changes', async () => {
    const file = join(dir, 'a.wav')
    writeFileSync(file, 'one')
    const cache = createMediaCache()
    const c = counter()
    const first = await cache.cached('k', file, c.make)
    expect(await cache.cached('k', file, c.make)).toBe(first)
    expect(c.made).toBe(1)
    await cache.cached('other', file, c.make)
    expect(c.made).toBe(2)
    writeFileSync(file, 'longer')
    utimesSync(file, new Date(), new Date(Date.now() + 5000))
    const edited = await cache.cached('k', file, c.make)
    expect(edited).not.toBe(first)
    expect(c.made).toBe(3)
  })

  it('keeps the eight most recently used entries', async () => {
    const file = join(dir, 'b.wav')
    writeFileSync(file, 'b')
    const cache = createMediaCache()
    const c = counter()
    for (let i = 0; i < 9; i++) await cache.cached(`k${i}`, file, c.make)
    expect(c.made).toBe(9)
    await cache.cached('k8', file, c.make) // the newest is kept
    expect(c.made).toBe(9)
    await cache.cached('k0', file, c.make) // the oldest went
    expect(c.made).toBe(10)
  })

  it('passes an unreadable source to make, which reports it', async () => {
    const cache = createMediaCache()
    await expect(
      cache.cached('k', join(dir, 'missing.wav'), () => {
        throw new Error('missing.wav: not found')
      })
    ).rejects.toThrow('missing.wav')
  })
})
