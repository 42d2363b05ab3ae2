/**
 * The display spectrogram's binary form (SPG1), written by main (services/features/spectrogram.ts) and read by the
 * renderer's player: a 32-byte little-endian header — magic `SPG1`, frames (u32), bins (u32), frame shift in
 * seconds (f32), Hz per bin (f32), the loudest value in dB (f32), the dynamic range in dB (f32), the sample rate
 * (u32) — then frames × bins bytes, frame-major, where byte b means maxDb − dynamicRangeDb·(1 − b/255) dB.
 * One definition for both sides of the process boundary.
 */
export const SPECTROGRAM_MAGIC = 'SPG1'
export const SPECTROGRAM_HEADER_BYTES = 32

export interface DecodedSpectrogram {
  frames: number
  bins: number
  frameShiftSec: number
  binHz: number
  maxDb: number
  dynamicRangeDb: number
  sampleRate: number
  /** frames × bins bytes, frame-major */
  pixels: Uint8Array
}

/** Reads SPG1 bytes; anything else (wrong magic, wrong length) throws. */
export function decodeSpectrogram(bytes: Uint8Array): DecodedSpectrogram {
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3])
  if (bytes.length < SPECTROGRAM_HEADER_BYTES || magic !== SPECTROGRAM_MAGIC) throw new Error('not a SPG1 spectrogram')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const frames = view.getUint32(4, true)
  const bins = view.getUint32(8, true)
  if (bytes.length !== SPECTROGRAM_HEADER_BYTES + frames * bins) throw new Error('SPG1 spectrogram: wrong length')
  return {
    frames,
    bins,
    frameShiftSec: view.getFloat32(12, true),
    binHz: view.getFloat32(16, true),
    maxDb: view.getFloat32(20, true),
    dynamicRangeDb: view.getFloat32(24, true),
    sampleRate: view.getUint32(28, true),
    pixels: bytes.subarray(SPECTROGRAM_HEADER_BYTES)
  }
}
