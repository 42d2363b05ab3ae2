import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readWavFile } from '../../../../src/main/services/audio/read-audio'
import { decodeWav } from '../../../../src/main/services/audio/wav-decoder'
import { probeAudio } from '../../../../src/main/services/audio/probe-audio'
import { SerError } from '../../../../src/shared/errors'
import { GOOD_FILES, REFERENCE_AUDIO, readJson, soxSamples } from '../../../helpers/reference'

/** The table in shared/reference/README.md */
const EXPECTED: Record<string, { rate: number; channels: number; frames: number; bits: number; encoding: string }> = {
  's01_enus_male_neutral_16k_pcm16.wav': { rate: 16000, channels: 1, frames: 60339, bits: 16, encoding: 'pcm' },
  's02_enus_female_happy_44k1_stereo_pcm16.wav': {
    rate: 44100,
    channels: 2,
    frames: 146370,
    bits: 16,
    encoding: 'pcm'
  },
  's03_de_male_48k_float32.wav': { rate: 48000, channels: 1, frames: 206881, bits: 32, encoding: 'float' },
  's04_enus_male_sad_22k05_pcm24.wav': { rate: 22050, channels: 1, frames: 138548, bits: 24, encoding: 'pcm' },
  's05_enus_male_angry_8k_pcm16.wav': { rate: 8000, channels: 1, frames: 19907, bits: 16, encoding: 'pcm' },
  's06_enus_female_silencepad_16k_pcm16.wav': { rate: 16000, channels: 1, frames: 62581, bits: 16, encoding: 'pcm' },
  's07_sine1k_plus_noise_16k_pcm16.wav': { rate: 16000, channels: 1, frames: 32000, bits: 16, encoding: 'pcm' },
  's08_digital_silence_16k_pcm16.wav': { rate: 16000, channels: 1, frames: 16000, bits: 16, encoding: 'pcm' }
}

describe('WAV decoding of the reference audio', () => {
  it.each(GOOD_FILES)('%s: format, length and every sample as SoX reads it', (name) => {
    const path = join(REFERENCE_AUDIO, name)
    const audio = readWavFile(path, name)
    const want = EXPECTED[name]
    expect(audio.sampleRate).toBe(want.rate)
    expect(audio.channels.length).toBe(want.channels)
    expect(audio.frames).toBe(want.frames)
    expect(audio.bitsPerSample).toBe(want.bits)
    expect(audio.encoding).toBe(want.encoding)
    const sox = soxSamples(path)
    expect(sox.length).toBe(want.frames * want.channels)
    let worst = 0
    for (let i = 0; i < audio.frames; i++) {
      for (let c = 0; c < want.channels; c++) {
        worst = Math.max(worst, Math.abs(audio.channels[c][i] - sox[i * want.channels + c]))
      }
    }
    // PCM up to 24 bits and float32 are exact in float32; SoX reads the same values
    expect(worst).toBe(0)
  })

  it('scales PCM24 as Kaldi reads it: int24 / 256 in int16 units', () => {
    const bytes = readFileSync(join(REFERENCE_AUDIO, 's04_enus_male_sad_22k05_pcm24.wav'))
    const audio = decodeWav(bytes, 's04')
    // the first data byte triple, read by hand
    const at = bytes.indexOf(Buffer.from('data')) + 8
    const int24 = bytes[at] | (bytes[at + 1] << 8) | ((bytes[at + 2] << 24) >> 8)
    expect(audio.channels[0][0] * 32768).toBeCloseTo(int24 / 256, 10)
  })

  it('probing the header agrees with decoding the whole file', () => {
    for (const name of GOOD_FILES) {
      const p = probeAudio(join(REFERENCE_AUDIO, name), name)
      expect(p.frames).toBe(EXPECTED[name].frames)
      expect(p.channelCount).toBe(EXPECTED[name].channels)
      expect(p.durationSec).toBeCloseTo(EXPECTED[name].frames / EXPECTED[name].rate, 9)
    }
  })
})

describe('WAV decoding of the deliberately bad files', () => {
  const bad = join(REFERENCE_AUDIO, 'bad')
  const expected = readJson<Record<string, string>>(join(bad, 'expected.json'))
  const reasons: Record<string, RegExp> = {
    'empty.wav': /zero-byte/,
    'truncated_header.wav': /ends inside the (RIFF|fmt)/,
    'truncated_data.wav': /declares 39814 bytes but only 19907/,
    'text_renamed.wav': /no RIFF\/WAVE signature/,
    'unknown_format_tag.wav': /unsupported wFormatTag 0x1234/,
    'extensible_unknown_subformat.wav': /unsupported SubFormat GUID \(first 4 bytes 0xDEADBEEF\)/
  }

  it.each(Object.keys(expected).filter((f) => expected[f].startsWith('ERROR')))(
    '%s fails with an error that names the file and the reason',
    (name) => {
      const run = () => readWavFile(join(bad, name), name)
      expect(run).toThrow(SerError)
      try {
        run()
      } catch (e) {
        const err = e as SerError
        expect(err.code).toBe('FILE_FORMAT')
        expect(err.file).toBe(name)
        expect(err.message.startsWith(name + ': ')).toBe(true)
        expect(err.message).toMatch(reasons[name])
      }
      // the header probe used by the importers reports the same problem
      expect(() => probeAudio(join(bad, name), name)).toThrow(reasons[name])
    }
  )

  it.each(['valid_list_chunk_before_data.wav', 'valid_extensible_pcm16.wav'])(
    '%s decodes to exactly the samples of s05',
    (name) => {
      const a = readWavFile(join(bad, name), name)
      const ref = readWavFile(join(REFERENCE_AUDIO, 's05_enus_male_angry_8k_pcm16.wav'))
      expect(a.sampleRate).toBe(8000)
      expect(a.frames).toBe(19907)
      expect(Array.from(a.channels[0])).toEqual(Array.from(ref.channels[0]))
    }
  )

  it('lenient decoding of the truncated file returns only the complete frames present', () => {
    const bytes = readFileSync(join(bad, 'truncated_data.wav'))
    const a = decodeWav(bytes, 'truncated_data.wav', { lenient: true })
    expect(a.frames).toBe(9953)
    const ref = readWavFile(join(REFERENCE_AUDIO, 's05_enus_male_angry_8k_pcm16.wav'))
    expect(Array.from(a.channels[0])).toEqual(Array.from(ref.channels[0].subarray(0, 9953)))
  })

  it('a missing file is FILE_UNREADABLE naming it', () => {
    expect(() => readWavFile('/nonexistent/x.wav', 'x.wav')).toThrow(/^x\.wav: cannot read/)
  })
})
