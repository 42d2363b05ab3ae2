import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { toMono } from '../../../../src/main/services/audio/read-audio'
import { encodeWav } from '../../../../src/main/services/audio/wav-encoder'
import { decodeSpectrogram, spectrogramBinary } from '../../../../src/main/services/features/spectrogram'
import { createSpectrogramTiles } from '../../../../src/main/services/features/spectrogram-tiles'
import { decodeWav } from '../../../../src/main/services/audio/wav-decoder'
import { tempDir } from '../../../helpers/temp-dir'

const tmp = tempDir('ser-tiles-')
afterAll(() => tmp.cleanup())

/** 7.3 s of a two-channel chirp and noise, so every tile differs from its neighbours */
function signal(sr: number): Float32Array[] {
  const n = Math.round(sr * 7.3)
  const left = new Float32Array(n)
  const right = new Float32Array(n)
  let seed = 1
  for (let i = 0; i < n; i++) {
    const t = i / sr
    left[i] = 0.4 * Math.sin(2 * Math.PI * (200 + 300 * t) * t)
    seed = (seed * 1103515245 + 12345) % 2147483648
    right[i] = 0.05 * (seed / 2147483648 - 0.5) + 0.2 * Math.sin(2 * Math.PI * 1500 * t) * (t % 1 < 0.5 ? 1 : 0)
  }
  return [left, right]
}

/** dB of one frame's bins, from an SPG1 picture */
function frameDb(bytes: Uint8Array, frame: number): { db: number[]; floor: number } {
  const s = decodeSpectrogram(bytes)
  const row = s.pixels.subarray(frame * s.bins, (frame + 1) * s.bins)
  return { db: Array.from(row, (b) => s.maxDb - s.dynamicRangeDb * (1 - b / 255)), floor: s.maxDb - s.dynamicRangeDb }
}

describe.each([
  ['pcm16', 16000],
  ['float32', 22050]
] as const)('spectrogram tiles of a %s file at %i Hz', (format, sr) => {
  const path = join(tmp.dir, `dialog-${format}.wav`)
  const wav = encodeWav(signal(sr), sr, format)
  writeFileSync(path, wav)
  const whole = spectrogramBinary(toMono(decodeWav(wav, 'whole'), 'mix'), sr)
  const frames = decodeSpectrogram(whole).frames
  const tiles = createSpectrogramTiles()

  it('joins tiles into the whole picture: frame i of a tile is frame fromFrame + i of the recording', () => {
    const size = 256
    let seen = 0
    for (let from = 0; from < frames; from += size) {
      const tile = tiles.tile(path, 'dialog', { fromFrame: from, frames: size })
      const t = decodeSpectrogram(tile)
      expect(t.frames).toBe(Math.min(size, frames - from))
      for (const i of [0, Math.floor(t.frames / 2), t.frames - 1]) {
        const a = frameDb(whole, from + i)
        const b = frameDb(tile, i)
        // each picture quantises to 8 bits under its own maximum; compare where both are above both floors
        const step = decodeSpectrogram(whole).dynamicRangeDb / 255
        for (let k = 0; k < a.db.length; k++) {
          if (a.db[k] > Math.max(a.floor, b.floor) + step && b.db[k] > Math.max(a.floor, b.floor) + step) {
            expect(Math.abs(a.db[k] - b.db[k])).toBeLessThanOrEqual(2 * step + 1e-3)
          }
        }
      }
      seen += t.frames
    }
    expect(seen).toBe(frames)
  })

  it('returns no frames past the end and refuses an oversized tile by field', () => {
    expect(decodeSpectrogram(tiles.tile(path, 'dialog', { fromFrame: frames + 10, frames: 64 })).frames).toBe(0)
    expect(() => tiles.tile(path, 'dialog', { frames: 100_000 })).toThrow(/frames/)
  })
})
