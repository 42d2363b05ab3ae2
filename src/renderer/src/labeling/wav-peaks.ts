/**
 * The waveform's envelope straight from a 16-bit PCM WAV (what the media route always serves), so the player never
 * asks the browser to decode a recording just to draw it: decodeAudioData takes about half a second for a 10-minute
 * stereo dialog. The envelope is built as the bytes stream in (createEnvelopeBuilder), so it is ready when the last
 * byte arrives. Anything that is not 16-bit PCM gives null and is decoded as usual.
 */

export interface WavEnvelope {
  sampleRate: number
  duration: number
  /** [maxima, minima] per bucket over all channels, in [-1, 1]: wavesurfer draws the first above, the second below */
  peaks: [Float32Array, Float32Array]
}

/** Enough points that the envelope is exact to a pixel at the player's highest zoom over a 10-minute dialog */
export const MAX_POINTS = 2_000_000

const WAVE_FORMAT_PCM = 1
const WAVE_FORMAT_EXTENSIBLE = 0xfffe

function fourcc(v: DataView, at: number): string {
  return String.fromCharCode(v.getUint8(at), v.getUint8(at + 1), v.getUint8(at + 2), v.getUint8(at + 3))
}

interface Pcm16 {
  sampleRate: number
  channels: number
  dataOffset: number
  frames: number
}

/** The envelope of a whole WAV held in memory, or null when it is not 16-bit PCM */
export function envelopeOf(buffer: ArrayBuffer, maxPoints = MAX_POINTS): WavEnvelope | null {
  const b = createEnvelopeBuilder(maxPoints)
  b.push(new Uint8Array(buffer))
  return b.finish()
}

/** Builds the envelope chunk by chunk as a download arrives; `finish` gives null for anything but 16-bit PCM */
export interface EnvelopeBuilder {
  push(chunk: Uint8Array): void
  finish(): WavEnvelope | null
}

export function createEnvelopeBuilder(maxPoints = MAX_POINTS): EnvelopeBuilder {
  let head = new Uint8Array(0)
  let pcm: Pcm16 | null = null
  let unsupported = false
  let max = new Float32Array(0)
  let min = new Float32Array(0)
  let bucket = 1
  let frame = 0
  let sample = 0
  let hi = -32768
  let lo = 32767
  /** Bytes of an incomplete frame carried to the next chunk */
  let carry = new Uint8Array(0)

  function take(samples: Int16Array): void {
    if (!pcm) return
    const channels = pcm.channels
    for (let i = 0; i < samples.length && frame < pcm.frames; i++) {
      const s = samples[i]
      if (s > hi) hi = s
      if (s < lo) lo = s
      if (++sample === channels) {
        sample = 0
        frame++
        if (frame % bucket === 0 || frame === pcm.frames) {
          const p = Math.ceil(frame / bucket) - 1
          max[p] = hi / 32768
          min[p] = lo / 32768
          hi = -32768
          lo = 32767
        }
      }
    }
  }

  function samplesOf(bytes: Uint8Array): void {
    const whole = bytes.length - (bytes.length % 2)
    // Int16Array needs an even offset; a chunk that starts on an odd one is copied into place
    const view =
      bytes.byteOffset % 2 === 0
        ? new Int16Array(bytes.buffer, bytes.byteOffset, whole / 2)
        : new Int16Array(bytes.slice(0, whole).buffer)
    take(view)
    carry = bytes.slice(whole)
  }

  return {
    push(chunk) {
      if (unsupported) return
      if (!pcm) {
        const joined = new Uint8Array(head.length + chunk.length)
        joined.set(head)
        joined.set(chunk, head.length)
        head = joined
        const found = parsePcm16Head(head)
        if (found === 'more') return
        if (found === null) {
          unsupported = true
          return
        }
        pcm = found
        bucket = Math.max(1, Math.ceil(pcm.frames / maxPoints))
        const points = Math.ceil(pcm.frames / bucket)
        max = new Float32Array(points)
        min = new Float32Array(points)
        const rest = head.subarray(pcm.dataOffset)
        head = new Uint8Array(0)
        samplesOf(rest)
        return
      }
      if (carry.length > 0) {
        const joined = new Uint8Array(carry.length + chunk.length)
        joined.set(carry)
        joined.set(chunk, carry.length)
        samplesOf(joined)
      } else samplesOf(chunk)
    },
    finish() {
      if (unsupported || !pcm || pcm.frames === 0) return null
      return { sampleRate: pcm.sampleRate, duration: pcm.frames / pcm.sampleRate, peaks: [max, min] }
    }
  }
}

/** Like parsePcm16, on the first bytes of a download: 'more' until the data chunk's header has arrived */
function parsePcm16Head(bytes: Uint8Array): Pcm16 | null | 'more' {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.length < 12) return 'more'
  if (fourcc(v, 0) !== 'RIFF' || fourcc(v, 8) !== 'WAVE') return null
  let fmt: { tag: number; channels: number; rate: number; bits: number } | null = null
  for (let at = 12; ;) {
    if (at + 8 > bytes.length) return 'more'
    const id = fourcc(v, at)
    const size = v.getUint32(at + 4, true)
    const body = at + 8
    if (id === 'data') {
      if (!fmt || fmt.tag !== WAVE_FORMAT_PCM || fmt.bits !== 16 || fmt.channels < 1 || fmt.rate < 1) return null
      return {
        sampleRate: fmt.rate,
        channels: fmt.channels,
        dataOffset: body,
        frames: Math.floor(size / (2 * fmt.channels))
      }
    }
    if (body + size > bytes.length) return 'more'
    if (id === 'fmt ' && size >= 16) {
      let tag = v.getUint16(body, true)
      if (tag === WAVE_FORMAT_EXTENSIBLE && size >= 26) tag = v.getUint16(body + 24, true)
      fmt = {
        tag,
        channels: v.getUint16(body + 2, true),
        rate: v.getUint32(body + 4, true),
        bits: v.getUint16(body + 14, true)
      }
    }
    at = body + size + (size % 2)
  }
}

/** The server's envelope of a long recording (PKS1, src/main/services/audio/wav-envelope.ts) */
export function decodeEnvelope(buffer: ArrayBuffer): WavEnvelope {
  const v = new DataView(buffer)
  if (buffer.byteLength < 20 || fourcc(v, 0) !== 'PKS1') throw new Error('envelope: not PKS1 bytes')
  const points = v.getUint32(4, true)
  const sampleRate = v.getUint32(12, true)
  const frames = v.getUint32(16, true)
  if (buffer.byteLength !== 20 + 4 * points || sampleRate === 0) throw new Error('envelope: wrong length')
  const hi = new Int16Array(buffer, 20, points)
  const lo = new Int16Array(buffer, 20 + 2 * points, points)
  const max = new Float32Array(points)
  const min = new Float32Array(points)
  for (let i = 0; i < points; i++) {
    max[i] = hi[i] / 32768
    min[i] = lo[i] / 32768
  }
  return { sampleRate, duration: frames / sampleRate, peaks: [max, min] }
}
