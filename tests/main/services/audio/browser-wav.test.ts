import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isPlainPcm16, readWavForBrowser } from '../../../../src/main/services/audio/browser-wav'
import { decodeWav } from '../../../../src/main/services/audio/wav-decoder'
import { encodeWav } from '../../../../src/main/services/audio/wav-encoder'
import { tempDir } from '../../../helpers/temp-dir'

const tmp = tempDir('ser-browser-wav-')
afterAll(() => tmp.cleanup())

const tone = (n: number, f: number) =>
  Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * f * i) / 16000))

describe('audio for the browser', () => {
  it('sends a plain 16-bit PCM file byte for byte', async () => {
    const bytes = encodeWav([tone(8000, 220), tone(8000, 330)], 16000, 'pcm16')
    const path = join(tmp.dir, 'pcm16.wav')
    writeFileSync(path, bytes)
    expect(isPlainPcm16(bytes, 'pcm16.wav')).toBe(true)
    expect(Buffer.from(await readWavForBrowser(path, 'pcm16.wav')).equals(Buffer.from(bytes))).toBe(true)
  })

  it('re-encodes float samples as 16-bit PCM at the same rate, the samples kept to 16-bit precision', async () => {
    const samples = tone(4410, 440)
    const path = join(tmp.dir, 'float.wav')
    writeFileSync(path, encodeWav([samples], 22050, 'float32'))
    const out = await readWavForBrowser(path, 'float.wav')
    expect(isPlainPcm16(out, 'out')).toBe(true)
    const back = decodeWav(out, 'out')
    expect(back.sampleRate).toBe(22050)
    expect(back.frames).toBe(samples.length)
    let worst = 0
    for (let i = 0; i < samples.length; i++) worst = Math.max(worst, Math.abs(back.channels[0][i] - samples[i]))
    expect(worst).toBeLessThan(1 / 16384)
  })

  it('names the file it cannot read or parse', async () => {
    await expect(readWavForBrowser(join(tmp.dir, 'missing.wav'), 'missing.wav')).rejects.toThrow(
      /missing\.wav: cannot read/
    )
    const path = join(tmp.dir, 'text.wav')
    writeFileSync(path, 'not a wav at all')
    await expect(readWavForBrowser(path, 'text.wav')).rejects.toThrow(/text\.wav/)
  })
})
