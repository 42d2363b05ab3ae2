/**
 * FLAC: the stream header read synchronously (for probing an index without decoding), and whole files decoded with
 * @wasm-audio-decoders/flac (libFLAC compiled to WebAssembly; offline, no native build). Samples come out as
 * Float32 in [-1, 1) with the same scaling as the WAV decoder (int / 2^(bits−1)), so a FLAC and the WAV it was
 * made from give the same features.
 */
import { FLACDecoder } from '@wasm-audio-decoders/flac'
import { SerError } from '../../../shared/errors'
import type { DecodedAudio, WavInfo } from './wav-decoder'
import { checkSampleRate } from './wav-decoder'

export function isFlac(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x66 && bytes[1] === 0x4c && bytes[2] === 0x61 && bytes[3] === 0x43 // fLaC
}

function fail(file: string, reason: string): never {
  throw new SerError('FILE_FORMAT', `${file}: ${reason}`, { file })
}

/**
 * The STREAMINFO block (the first metadata block of every FLAC stream): sample rate, channels, bits, total samples.
 * `dataOffset`/`dataBytes` describe the audio frames after the metadata.
 */
export function parseFlacInfo(bytes: Uint8Array, file: string, totalSize: number = bytes.length): WavInfo {
  if (!isFlac(bytes)) fail(file, 'no fLaC signature: not a FLAC file')
  if (bytes.length < 8 + 34) fail(file, `file ends inside the FLAC stream header (${totalSize} bytes)`)
  const type = bytes[4] & 0x7f
  const length = (bytes[5] << 16) | (bytes[6] << 8) | bytes[7]
  if (type !== 0 || length < 34) fail(file, 'the first FLAC metadata block is not STREAMINFO')
  const b = bytes.subarray(8, 8 + 34)
  const sampleRate = (b[10] << 12) | (b[11] << 4) | (b[12] >> 4)
  const channelCount = ((b[12] >> 1) & 0x07) + 1
  const bitsPerSample = (((b[12] & 0x01) << 4) | (b[13] >> 4)) + 1
  // 36 bits: 4 in b[13], then 32 in b[14..17]
  const frames = (b[13] & 0x0f) * 2 ** 32 + ((b[14] << 24) >>> 0) + (b[15] << 16) + (b[16] << 8) + b[17]
  if (sampleRate === 0) fail(file, 'FLAC stream info declares a sample rate of 0 Hz')
  checkSampleRate(sampleRate, file)
  if (frames === 0) fail(file, 'FLAC stream info gives no sample count (a streamed file); re-encode it with flac')
  // metadata blocks follow one another until the one flagged last
  let pos = 4
  for (;;) {
    if (pos + 4 > bytes.length) break
    const last = (bytes[pos] & 0x80) !== 0
    const len = (bytes[pos + 1] << 16) | (bytes[pos + 2] << 8) | bytes[pos + 3]
    pos += 4 + len
    if (last) break
  }
  if (pos > totalSize) fail(file, `file ends inside the FLAC metadata (${totalSize} bytes)`)
  return {
    sampleRate,
    channelCount,
    frames,
    bitsPerSample,
    encoding: 'pcm',
    dataOffset: pos,
    dataBytes: totalSize - pos
  }
}

let decoder: FLACDecoder | null = null

/** Decodes a whole FLAC file held in memory. Errors are SerError('FILE_FORMAT') naming the file. */
export async function decodeFlac(bytes: Uint8Array, file: string): Promise<DecodedAudio> {
  const info = parseFlacInfo(bytes, file)
  // one decoder per process: compiling the WebAssembly module is the costly part
  if (!decoder) decoder = new FLACDecoder()
  await decoder.ready
  await decoder.reset()
  const r = await decoder.decodeFile(bytes)
  if (r.errors.length > 0) fail(file, `FLAC decoding failed (${r.errors[0].message})`)
  if (r.samplesDecoded < info.frames) {
    fail(file, `FLAC stream declares ${info.frames} samples but only ${r.samplesDecoded} decode (file truncated)`)
  }
  // the decoder divides by 2^(bits−1) − 1; recover the integers and divide by 2^(bits−1) as the WAV decoder does
  const down = 2 ** (r.bitDepth - 1) - 1
  const up = 1 / 2 ** (r.bitDepth - 1)
  const channels = r.channelData.map((c) => {
    const out = new Float32Array(r.samplesDecoded)
    for (let i = 0; i < out.length; i++) out[i] = Math.round(c[i] * down) * up
    return out
  })
  return {
    sampleRate: r.sampleRate,
    channels,
    frames: r.samplesDecoded,
    bitsPerSample: r.bitDepth,
    encoding: 'pcm'
  }
}
