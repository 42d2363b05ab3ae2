/**
 * RIFF/WAVE decoder: PCM 8/16/24/32-bit, IEEE float 32/64-bit, WAVE_FORMAT_EXTENSIBLE with a PCM or float
 * SubFormat; chunks in any order, unknown chunks (LIST, fact, cue …) skipped with their pad byte.
 *
 * Samples come out as Float32 in [-1, 1), one array per channel: PCM is divided by 2^(bits−1) (8-bit is unsigned,
 * offset 128), so multiplying by 32768 gives exactly the int16-range values Kaldi reads (PCM16 unchanged,
 * PCM24 = int24 / 256, float = x · 32768).
 *
 * A data chunk that declares more bytes than the file holds is an error (strict, documented in docs/audio.md):
 * a truncated recording is a corrupt recording, and a silently shorter utterance would misalign its labels.
 * `lenient: true` instead decodes the complete frames present, as SoX does.
 */
import { SerError } from '../../../shared/errors'

export interface DecodedAudio {
  sampleRate: number
  /** One Float32Array per channel, all the same length */
  channels: Float32Array[]
  frames: number
  /** Bits per sample of the stored samples (container size) */
  bitsPerSample: number
  encoding: 'pcm' | 'float'
}

export interface WavInfo {
  sampleRate: number
  channelCount: number
  frames: number
  bitsPerSample: number
  encoding: 'pcm' | 'float'
  /** Byte offset of the sample data, and its length in bytes (complete frames only) */
  dataOffset: number
  dataBytes: number
}

export interface DecodeOptions {
  /** Decode the complete frames of a truncated data chunk instead of failing */
  lenient?: boolean
}

/**
 * The sample rates the workbench reads, in Hz (docs/audio.md): 1 kHz to 384 kHz, what recorders and studio gear
 * produce. A header claiming more (or less) is refused: FFT sizes, resampler filters and display costs follow the
 * rate, so a 32 KB file claiming 2 GHz must not size anything.
 */
export const MIN_SAMPLE_RATE = 1000
export const MAX_SAMPLE_RATE = 384_000

/** Refuses a sample rate outside MIN_SAMPLE_RATE–MAX_SAMPLE_RATE, naming the file */
export function checkSampleRate(sampleRate: number, file: string): void {
  if (!(sampleRate >= MIN_SAMPLE_RATE && sampleRate <= MAX_SAMPLE_RATE)) {
    fail(file, `sample rate ${sampleRate} Hz is outside ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz`)
  }
}

const WAVE_FORMAT_PCM = 0x0001
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
const WAVE_FORMAT_IEEE_FLOAT = 0x0003
const WAVE_FORMAT_EXTENSIBLE = 0xfffe
/** The 14 bytes every standard KSDATAFORMAT_SUBTYPE GUID shares after its 2-byte format code */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]

function fail(file: string, reason: string): never {
  throw new SerError('FILE_FORMAT', `${file}: ${reason}`, { file })
}

function fourcc(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3])
}

function hex(n: number, digits: number): string {
  return '0x' + n.toString(16).toUpperCase().padStart(digits, '0')
}

/** Thrown by parseWavHeader when it was given only the head of a file and the chunks it needs lie further on. */
export class NeedMoreBytes extends Error {}

/**
 * Parses the header and chunk list; validates everything the sample decoder relies on. `totalSize` is the size of
 * the whole file when `bytes` holds only its head (probing an index without reading every sample).
 */
export function parseWavHeader(
  bytes: Uint8Array,
  file: string,
  options: DecodeOptions = {},
  totalSize: number = bytes.length
): WavInfo {
  const n = totalSize
  const have = bytes.length
  if (n === 0) fail(file, 'zero-byte file (no RIFF header)')
  if (n < 12) fail(file, `file ends inside the RIFF header (${n} bytes)`)
  const id = fourcc(bytes, 0)
  if (id === 'RF64') fail(file, 'RF64 (64-bit WAV) is not supported')
  if (id !== 'RIFF' || fourcc(bytes, 8) !== 'WAVE') fail(file, 'no RIFF/WAVE signature: not a WAV file')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)

  let fmt: { at: number; size: number } | null = null
  let data: { at: number; size: number } | null = null
  let pos = 12
  while (pos + 8 <= n) {
    if (pos + 8 > have) throw new NeedMoreBytes()
    const cid = fourcc(bytes, pos)
    let size = view.getUint32(pos + 4, true)
    const body = pos + 8
    if (cid === 'data') {
      // 0xFFFFFFFF (and 0 at the very end) is what streaming writers leave when they cannot seek back
      if (size === 0xffffffff) size = n - body
      data = { at: body, size }
      if (body + size > n) break
    } else if (cid === 'fmt ') {
      if (body + size > n) fail(file, `file ends inside the fmt chunk (${n} bytes total)`)
      if (body + size > have) throw new NeedMoreBytes()
      fmt = { at: body, size }
    } else if (body + size > n) {
      // a trailing unknown chunk cut short does not matter once fmt and data are known
      if (fmt && data) break
      fail(
        file,
        `chunk '${cid.replace(/[^\x20-\x7e]/g, '?')}' declares ${size} bytes but the file ends after ${n - body}`
      )
    }
    if (fmt && data) break // all that matters is known; later chunks (LIST, id3 …) are not needed
    pos = body + size + (size & 1)
  }
  if (!fmt) fail(file, pos <= 12 || n < 36 ? `file ends inside the RIFF/fmt header (${n} bytes total)` : 'no fmt chunk')
  if (fmt.size < 16) fail(file, `fmt chunk is ${fmt.size} bytes; at least 16 are required`)

  let formatTag = view.getUint16(fmt.at, true)
  const channelCount = view.getUint16(fmt.at + 2, true)
  const sampleRate = view.getUint32(fmt.at + 4, true)
  const blockAlign = view.getUint16(fmt.at + 12, true)
  const bitsPerSample = view.getUint16(fmt.at + 14, true)

  if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
    if (fmt.size < 40) fail(file, `WAVE_FORMAT_EXTENSIBLE needs a 40-byte fmt chunk, found ${fmt.size}`)
    const guid = fmt.at + 24
    const sub = view.getUint16(guid, true)
    const standard = GUID_TAIL.every((b, i) => bytes[guid + 2 + i] === b)
    if (!standard || (sub !== WAVE_FORMAT_PCM && sub !== WAVE_FORMAT_IEEE_FLOAT)) {
      fail(
        file,
        `WAVE_FORMAT_EXTENSIBLE with unsupported SubFormat GUID (first 4 bytes ${hex(view.getUint32(guid, false), 8)})`
      )
    }
    formatTag = sub
  }
  let encoding: 'pcm' | 'float'
  if (formatTag === WAVE_FORMAT_PCM) {
    if (![8, 16, 24, 32].includes(bitsPerSample)) fail(file, `unsupported PCM sample size ${bitsPerSample} bits`)
    encoding = 'pcm'
  } else if (formatTag === WAVE_FORMAT_IEEE_FLOAT) {
    if (bitsPerSample !== 32 && bitsPerSample !== 64) fail(file, `unsupported float sample size ${bitsPerSample} bits`)
    encoding = 'float'
  } else {
    fail(file, `unsupported wFormatTag ${hex(formatTag, 4)} (only PCM, IEEE float and EXTENSIBLE are read)`)
  }
  if (channelCount === 0) fail(file, 'fmt chunk declares 0 channels')
  if (sampleRate === 0) fail(file, 'fmt chunk declares a sample rate of 0 Hz')
  checkSampleRate(sampleRate, file)
  const frameBytes = channelCount * (bitsPerSample / 8)
  if (blockAlign !== frameBytes) {
    fail(file, `block align ${blockAlign} does not match ${channelCount} channels × ${bitsPerSample} bits`)
  }
  if (!data) fail(file, 'no data chunk')
  if (data.size === 0 && data.at < n) {
    // some streaming writers leave 0 and never come back: the data runs to the end of the file
    data.size = n - data.at
  }
  if (data.size === 0) fail(file, 'data chunk is empty (no samples)')
  let dataBytes = data.size
  const present = n - data.at
  if (dataBytes > present) {
    if (!options.lenient) {
      fail(file, `data chunk declares ${dataBytes} bytes but only ${present} are present (file truncated)`)
    }
    dataBytes = present
  }
  const frames = Math.floor(dataBytes / frameBytes)
  return {
    sampleRate,
    channelCount,
    frames,
    bitsPerSample,
    encoding,
    dataOffset: data.at,
    dataBytes: frames * frameBytes
  }
}

/** Decodes a whole WAV file held in memory. Errors are SerError('FILE_FORMAT') naming the file. */
export function decodeWav(bytes: Uint8Array, file: string, options: DecodeOptions = {}): DecodedAudio {
  const info = parseWavHeader(bytes, file, options)
  const { channelCount: nc, frames, bitsPerSample: bits, encoding } = info
  const view = new DataView(bytes.buffer, bytes.byteOffset + info.dataOffset, info.dataBytes)
  const channels = Array.from({ length: nc }, () => new Float32Array(frames))
  const step = bits / 8
  if (encoding === 'pcm' && bits === 16 && LITTLE_ENDIAN && (bytes.byteOffset + info.dataOffset) % 2 === 0) {
    // the common case, read through an Int16Array view instead of a DataView call per sample: the same values
    const pcm = new Int16Array(bytes.buffer, bytes.byteOffset + info.dataOffset, frames * nc)
    for (let c = 0; c < nc; c++) {
      const ch = channels[c]
      for (let i = 0, q = c; i < frames; i++, q += nc) ch[i] = pcm[q] / 32768
    }
    return { sampleRate: info.sampleRate, channels, frames, bitsPerSample: bits, encoding }
  }
  let p = 0
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nc; c++, p += step) {
      let v: number
      if (encoding === 'float') {
        v = bits === 32 ? view.getFloat32(p, true) : view.getFloat64(p, true)
      } else if (bits === 16) {
        v = view.getInt16(p, true) / 32768
      } else if (bits === 24) {
        const u = view.getUint8(p) | (view.getUint8(p + 1) << 8) | (view.getInt8(p + 2) << 16)
        v = u / 8388608
      } else if (bits === 32) {
        v = view.getInt32(p, true) / 2147483648
      } else {
        v = (view.getUint8(p) - 128) / 128
      }
      channels[c][i] = v
    }
  }
  return { sampleRate: info.sampleRate, channels, frames, bitsPerSample: bits, encoding }
}
