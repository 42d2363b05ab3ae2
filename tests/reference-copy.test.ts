import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SHARED_REFERENCE } from './helpers/reference'

const VENDORED = join(__dirname, 'reference')

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith('tools') && f !== 'PROVENANCE.md')
    .sort()
}

describe('the vendored reference copy', () => {
  it('holds the audio and the Kaldi, openSMILE and Praat outputs', () => {
    const mine = files(VENDORED)
    expect(mine.filter((f) => f.startsWith('kaldi/')).length).toBeGreaterThanOrEqual(40)
    expect(mine.filter((f) => f.startsWith('opensmile/')).length).toBe(16)
    expect(mine.filter((f) => f.startsWith('audio/bad/')).length).toBe(9)
    // where the project's shared folder is beside the checkout, the copy must not have drifted from it
    if (existsSync(SHARED_REFERENCE)) {
      const shared = files(SHARED_REFERENCE)
      expect(mine).toEqual(shared)
      for (const f of shared)
        expect(readFileSync(join(VENDORED, f)).equals(readFileSync(join(SHARED_REFERENCE, f)))).toBe(true)
    }
  })
})
