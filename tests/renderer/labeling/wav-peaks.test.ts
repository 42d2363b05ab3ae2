import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { wavEnvelope } from '../../../src/main/services/audio/wav-envelope'
import { encodeWav } from '../../../src/main/services/audio/wav-encoder'
import { createEnvelopeBuilder, decodeEnvelope, envelopeOf } from '../../../src/renderer/src/labeling/wav-peaks'
import { tempDir } from '../../helpers/temp-dir'

const tmp = tempDir('ser-peaks-')
afterAll(() => tmp.cleanup())

function stereo(n: number): Float32Array[] {
  let seed = 7
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 0.2
  return [
    Float32Array.from({ length: n }, (_, i) => 0.6 * Math.sin(i / 9) + noise()),
    Float32Array.from({ length: n }, () => noise())
  ]
}

/** Brute force: per bucket of frames, the highest and lowest int16 sample over both channels */
function expected(bytes: Uint8Array, frames: number, bucket: number): { max: number[]; min: number[] } {
  const pcm = new Int16Array(bytes.buffer.slice(bytes.byteOffset + 44, bytes.byteOffset + 44 + frames * 4))
  const max: number[] = []
  const min: number[] = []
  for (let p = 0; p * bucket < frames; p++) {
    let hi = -32768
    let lo = 32767
    for (let i = p * bucket * 2; i < Math.min(frames, (p + 1) * bucket) * 2; i++) {
      hi = Math.max(hi, pcm[i])
      lo = Math.min(lo, pcm[i])
    }
    max.push(hi / 32768)
    min.push(lo / 32768)
  }
  return { max, min }
}

describe('the waveform envelope', () => {
  const frames = 10_007
  const bytes = new Uint8Array(encodeWav(stereo(frames), 16000, 'pcm16'))
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer

  it('is the per-bucket maximum and minimum over all channels, read straight from 16-bit PCM', () => {
    const e = envelopeOf(buffer, 1000)
    const want = expected(bytes, frames, 11)
    expect(e?.duration).toBeCloseTo(frames / 16000, 9)
    expect(Array.from(e!.peaks[0])).toEqual(want.max.map((v) => Math.fround(v)))
    expect(Array.from(e!.peaks[1])).toEqual(want.min.map((v) => Math.fround(v)))
  })

  it('comes out the same however the download is cut into chunks (odd sizes, a split header, split frames)', () => {
    const whole = envelopeOf(buffer, 1000)!
    for (const sizes of [[1], [7, 13], [43, 2, 1, 999], [4096]]) {
      const b = createEnvelopeBuilder(1000)
      let at = 0
      for (let k = 0; at < bytes.length; k++) {
        const n = sizes[k % sizes.length]
        b.push(bytes.slice(at, at + n))
        at += n
      }
      const got = b.finish()!
      expect(Array.from(got.peaks[0])).toEqual(Array.from(whole.peaks[0]))
      expect(Array.from(got.peaks[1])).toEqual(Array.from(whole.peaks[1]))
    }
  })

  it('gives null for audio that needs decoding (float samples)', () => {
    const f = new Uint8Array(encodeWav(stereo(100), 16000, 'float32'))
    expect(envelopeOf(f.buffer.slice(f.byteOffset, f.byteOffset + f.byteLength) as ArrayBuffer)).toBeNull()
  })

  it('reads the server envelope (PKS1) to the same values as the renderer computes itself', () => {
    const path = join(tmp.dir, 'dialog.wav')
    writeFileSync(path, bytes)
    const server = decodeEnvelope(new Uint8Array(wavEnvelope(path, 'dialog', 1000)).buffer)
    const mine = envelopeOf(buffer, 1000)!
    expect(server.duration).toBeCloseTo(mine.duration, 9)
    expect(Array.from(server.peaks[0])).toEqual(Array.from(mine.peaks[0]))
    expect(Array.from(server.peaks[1])).toEqual(Array.from(mine.peaks[1]))
    // float files are decoded on the server and come out at the same scale
    const fpath = join(tmp.dir, 'float.wav')
    writeFileSync(fpath, encodeWav(stereo(frames), 16000, 'float32'))
    const fromFloat = decodeEnvelope(new Uint8Array(wavEnvelope(fpath, 'float', 1000)).buffer)
    for (let i = 0; i < mine.peaks[0].length; i++)
      expect(Math.abs(fromFloat.peaks[0][i] - mine.peaks[0][i])).toBeLessThanOrEqual(1 / 32768 + 1e-9)
  })
})
