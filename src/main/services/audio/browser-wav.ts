/**
 * Audio as the renderer gets it (the media route): a WAV every engine plays. A plain 16-bit PCM WAV is that already
 * and goes out byte for byte, so a 10-minute stereo dialog (38 MB) costs a file read rather than a decode and an
 * encode (about a second); anything else (24-bit, float, WAVE_FORMAT_EXTENSIBLE, 8-bit, FLAC) is decoded and
 * re-encoded as 16-bit PCM at its own rate.
 */
import { decodeAudio, readAudioBytes } from './read-audio'
import { isFlac } from './flac'
import { parseWavHeader } from './wav-decoder'
import { encodeWav } from './wav-encoder'

const WAVE_FORMAT_PCM = 1

/** The format tag of the first `fmt ` chunk, or null when there is none */
function formatTag(bytes: Uint8Array): number | null {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let at = 12; at + 10 <= bytes.length;) {
    const id = String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3])
    const size = v.getUint32(at + 4, true)
    if (id === 'fmt ') return v.getUint16(at + 8, true)
    at += 8 + size + (size % 2)
  }
  return null
}

/** True for a well-formed WAV with plain 16-bit PCM samples (parseWavHeader's checks, tag 1, 16 bits) */
export function isPlainPcm16(bytes: Uint8Array, name: string): boolean {
  const info = parseWavHeader(bytes, name)
  return info.encoding === 'pcm' && info.bitsPerSample === 16 && formatTag(bytes) === WAVE_FORMAT_PCM
}

/** The file's bytes when they are plain 16-bit PCM, else the decoded samples re-encoded so. Errors name `name`. */
export async function readWavForBrowser(path: string, name: string): Promise<Uint8Array> {
  const bytes = readAudioBytes(path, name)
  if (!isFlac(bytes) && isPlainPcm16(bytes, name)) return bytes
  const audio = await decodeAudio(bytes, name)
  return encodeWav(audio.channels, audio.sampleRate, 'pcm16')
}
