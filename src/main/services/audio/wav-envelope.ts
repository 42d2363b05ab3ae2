/**
 * The waveform's envelope of a long recording, for the player: per bucket of samples the highest and lowest sample
 * over all channels, so the renderer draws a 10-minute dialog from about 5 MB instead of downloading and decoding its
 * 38 MB first, and the audio itself streams (the media element asks for ranges as it plays).
 *
 * Binary format (little-endian), "PKS1":
 *   offset size  field
 *   0      4     magic 'P','K','S','1'
 *   4      4     uint32 points
 *   8      4     uint32 samplesPerPoint (the bucket; 1 = every sample)
 *   12     4     uint32 sampleRate
 *   16     4     uint32 frames (sample frames of the whole recording)
 *   20     …     points × int16 maxima, then points × int16 minima (full scale ±32768)
 */
import { readAudioBytes } from './read-audio'
import { isPlainPcm16 } from './browser-wav'
import { decodeWav, parseWavHeader } from './wav-decoder'

export const ENVELOPE_MAGIC = 'PKS1'
export const ENVELOPE_HEADER_BYTES = 20
/**
 * Points at most: 2000 a second over 10 minutes, two pixels a point at the player's highest zoom (4000 px/s);
 * recordings under 75 s at 16 kHz get every sample
 */
export const MAX_ENVELOPE_POINTS = 1_200_000

/** The envelope of the WAV at `path` (errors name `name`) */
export function wavEnvelope(path: string, name: string, maxPoints = MAX_ENVELOPE_POINTS): Uint8Array {
  const bytes = readAudioBytes(path, name)
  let channels: number
  let frames: number
  let sampleRate: number
  /** Interleaved samples at int16 scale */
  let pcm: Int16Array
  if (isPlainPcm16(bytes, name)) {
    // the common case, read in place: no decode of a 38 MB dialog into float arrays
    const info = parseWavHeader(bytes, name)
    channels = info.channelCount
    frames = info.frames
    sampleRate = info.sampleRate
    const start = bytes.byteOffset + info.dataOffset
    pcm =
      start % 2 === 0
        ? new Int16Array(bytes.buffer, start, frames * channels)
        : new Int16Array(bytes.subarray(info.dataOffset, info.dataOffset + 2 * frames * channels).slice().buffer)
  } else {
    const audio = decodeWav(bytes, name)
    channels = audio.channels.length
    frames = audio.frames
    sampleRate = audio.sampleRate
    pcm = new Int16Array(frames * channels)
    for (let c = 0; c < channels; c++) {
      const ch = audio.channels[c]
      for (let i = 0; i < frames; i++)
        pcm[i * channels + c] = Math.max(-32768, Math.min(32767, Math.round(ch[i] * 32768)))
    }
  }
  const bucket = Math.max(1, Math.ceil(frames / maxPoints))
  const points = Math.ceil(frames / bucket)
  const out = new Uint8Array(ENVELOPE_HEADER_BYTES + 4 * points)
  const view = new DataView(out.buffer)
  for (let i = 0; i < 4; i++) out[i] = ENVELOPE_MAGIC.charCodeAt(i)
  view.setUint32(4, points, true)
  view.setUint32(8, bucket, true)
  view.setUint32(12, sampleRate, true)
  view.setUint32(16, frames, true)
  const max = new Int16Array(out.buffer, ENVELOPE_HEADER_BYTES, points)
  const min = new Int16Array(out.buffer, ENVELOPE_HEADER_BYTES + 2 * points, points)
  for (let p = 0; p < points; p++) {
    let hi = -32768
    let lo = 32767
    const end = Math.min(frames, (p + 1) * bucket) * channels
    for (let i = p * bucket * channels; i < end; i++) {
      const s = pcm[i]
      if (s > hi) hi = s
      if (s < lo) lo = s
    }
    max[p] = hi
    min[p] = lo
  }
  return out
}
