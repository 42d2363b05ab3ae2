import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readWavFile } from '../../../../src/main/services/audio/read-audio'
import { decodeWav } from '../../../../src/main/services/audio/wav-decoder'
import { encodeWav } from '../../../../src/main/services/audio/wav-encoder'
import { REFERENCE_AUDIO, soxSamples } from '../../../helpers/reference'
import { tempDir } from '../../../helpers/temp-dir'

const tmp = tempDir()
afterAll(tmp.cleanup)
const source = join(REFERENCE_AUDIO, 's05_enus_male_angry_8k_pcm16.wav')

/** RIFF chunk helper for hand-built files */
function chunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.write(id, 0, 'ascii')
  head.writeUInt32LE(body.length, 4)
  return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)])
}
function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE'), ...chunks])
  const head = Buffer.alloc(8)
  head.write('RIFF', 0, 'ascii')
  head.writeUInt32LE(body.length, 4)
  return Buffer.concat([head, body])
}

describe('WAV sample formats beyond the reference set (made with SoX, compared with SoX)', () => {
  it.each([
    ['pcm8', ['-b', '8', '-e', 'unsigned-integer'], 8],
    ['pcm32', ['-b', '32', '-e', 'signed-integer'], 32],
    ['float64', ['-b', '64', '-e', 'floating-point'], 64]
  ] as const)('%s', (name, args, bits) => {
    const out = join(tmp.dir, `${name}.wav`)
    execFileSync('sox', ['-D', source, ...args, out])
    const a = readWavFile(out, name)
    expect(a.bitsPerSample).toBe(bits)
    expect(a.frames).toBe(19907)
    const sox = soxSamples(out)
    let worst = 0
    for (let i = 0; i < a.frames; i++) worst = Math.max(worst, Math.abs(a.channels[0][i] - sox[i]))
    // float64 and pcm32 lose bits in float32; both readers round the same way within one float32 ulp
    expect(worst).toBeLessThan(1e-7)
  })
})

describe('RIFF structure', () => {
  const samples = [new Float32Array([0.5, -0.25, 0.125, 0]), new Float32Array([-0.5, 0.25, 0, 1 - 2 ** -15])]
  const canonical = encodeWav(samples, 16000)
  const fmt = canonical.subarray(12, 12 + 24)
  const data = canonical.subarray(36)

  it('encoder and decoder round-trip stereo PCM16 exactly', () => {
    const a = decodeWav(canonical, 'rt.wav')
    expect(a.channels.map((c) => Array.from(c))).toEqual(samples.map((c) => Array.from(c)))
  })

  it('reads data before fmt, odd-sized chunks with their pad byte, and LIST/fact chunks', () => {
    const odd = chunk('junk', Buffer.from([1, 2, 3]))
    const list = chunk('LIST', Buffer.from('INFOISFT\x05\x00\x00\x00test\x00\x00', 'binary'))
    const fact = chunk('fact', Buffer.from([4, 0, 0, 0]))
    const file = riff(odd, data, list, fact, fmt)
    const a = decodeWav(file, 'odd.wav')
    expect(a.frames).toBe(4)
    expect(Array.from(a.channels[1])).toEqual(Array.from(samples[1]))
  })

  it('refuses a block align that does not match the channels and sample size, naming the file', () => {
    const badFmt = Buffer.from(fmt)
    badFmt.writeUInt16LE(3, 8 + 12)
    expect(() => decodeWav(riff(badFmt, data), 'align.wav')).toThrow(/^align\.wav: block align 3/)
  })

  it('refuses a file with no data chunk and a data chunk with no samples', () => {
    expect(() => decodeWav(riff(fmt), 'nodata.wav')).toThrow(/no data chunk/)
    expect(() => decodeWav(riff(fmt, chunk('data', Buffer.alloc(0))), 'empty-data.wav')).toThrow(/no samples/)
  })

  it('decodes WAVE_FORMAT_EXTENSIBLE with an IEEE-float SubFormat', () => {
    const f32 = encodeWav(samples, 16000, 'float32')
    const body = Buffer.alloc(40)
    f32.copy(body, 0, 20, 36) // the 16 common fmt bytes
    body.writeUInt16LE(0xfffe, 0)
    body.writeUInt16LE(22, 16) // cbSize
    body.writeUInt16LE(32, 18) // valid bits
    body.writeUInt32LE(3, 20) // channel mask: front left, front right
    // KSDATAFORMAT_SUBTYPE_IEEE_FLOAT {00000003-0000-0010-8000-00aa00389b71}
    Buffer.from([3, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71]).copy(body, 24)
    const a = decodeWav(riff(chunk('fmt ', body), f32.subarray(36)), 'ext-float.wav')
    expect(a.encoding).toBe('float')
    expect(a.channels.map((c) => Array.from(c))).toEqual(samples.map((c) => Array.from(c)))
  })
})
