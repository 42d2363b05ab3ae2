/**
 * The display spectrogram of a long recording (an IEMOCAP dialog runs 5–10 minutes), served in tiles of frames so
 * the player can draw the part on screen without waiting for the whole: the whole of a 10-minute dialog takes about
 * a second to compute, one 20-second tile a few tens of milliseconds. Frame i of a tile starting at `fromFrame` is
 * frame fromFrame + i of the whole recording (the tile's samples start on that frame's first sample), so tiles join
 * without a seam. The bytes are spectrogram.ts's SPG1 format.
 *
 * Only the tile's own byte range of the WAV is read (after its header), so a tile costs the same at the start of a
 * 10-minute dialog as at its end, and nothing is held between requests.
 */
import { closeSync, readSync } from 'node:fs'
import type { SpectrogramOptions } from '../../../shared/domain/features'
import { FRAME_DEFAULTS, SPECTROGRAM_DEFAULTS } from '../../../shared/domain/features'
import { SerError } from '../../../shared/errors'
import { openRegularFile } from '../runtime/regular-file'
import { probeAudio } from '../audio/probe-audio'
import { toMono } from '../audio/read-audio'
import type { WavInfo } from '../audio/wav-decoder'
import { decodeWav } from '../audio/wav-decoder'
import { frameGeometry } from './frame-window'
import { spectrogramBinary } from './spectrogram'

export interface SpectrogramTileRequest extends Partial<SpectrogramOptions> {
  /** First frame (0 = the recording's start) */
  fromFrame?: number
  /** Frames after the first; fewer come back at the end of the recording */
  frames?: number
}

/** A tile no larger than this many frames (about 3 minutes at 10 ms): the route refuses larger ones by field */
export const MAX_TILE_FRAMES = 16384

export interface SpectrogramTiles {
  /** SPG1 bytes for frames [fromFrame, fromFrame + frames) of the audio file at `path` */
  tile(path: string, name: string, req: SpectrogramTileRequest): Uint8Array
}

/** A canonical 44-byte header for `dataBytes` of samples in the file's own format, so the decoder reads a slice */
function headerFor(info: WavInfo, dataBytes: number): Uint8Array {
  const h = new Uint8Array(44)
  const v = new DataView(h.buffer)
  const blockAlign = info.channelCount * (info.bitsPerSample / 8)
  h.set([0x52, 0x49, 0x46, 0x46], 0) // RIFF
  v.setUint32(4, 36 + dataBytes, true)
  h.set([0x57, 0x41, 0x56, 0x45, 0x66, 0x6d, 0x74, 0x20], 8) // WAVEfmt␠
  v.setUint32(16, 16, true)
  v.setUint16(20, info.encoding === 'float' ? 3 : 1, true)
  v.setUint16(22, info.channelCount, true)
  v.setUint32(24, info.sampleRate, true)
  v.setUint32(28, info.sampleRate * blockAlign, true)
  v.setUint16(32, blockAlign, true)
  v.setUint16(34, info.bitsPerSample, true)
  h.set([0x64, 0x61, 0x74, 0x61], 36) // data
  v.setUint32(40, dataBytes, true)
  return h
}

/** Samples [start, end) of the file, channels mixed (a picture of what the listener hears) */
function readSlice(path: string, name: string, info: WavInfo, start: number, end: number): Float32Array {
  // past the end of the recording: an empty tile (the decoder rightly refuses a WAV without samples)
  if (end <= start) return new Float32Array(0)
  const blockAlign = info.channelCount * (info.bitsPerSample / 8)
  const bytes = Math.max(0, end - start) * blockAlign
  const wav = new Uint8Array(44 + bytes)
  wav.set(headerFor(info, bytes), 0)
  const { fd } = openRegularFile(path, name)
  try {
    let got = 0
    while (got < bytes) {
      const n = readSync(fd, wav, 44 + got, bytes - got, info.dataOffset + start * blockAlign + got)
      if (n === 0) break
      got += n
    }
  } finally {
    closeSync(fd)
  }
  return toMono(decodeWav(wav, name), 'mix')
}

export function createSpectrogramTiles(): SpectrogramTiles {
  return {
    tile(path, name, req) {
      const { fromFrame = 0, frames = MAX_TILE_FRAMES, ...rest } = req
      if (frames > MAX_TILE_FRAMES) {
        throw new SerError('FIELD_INVALID', `frames: at most ${MAX_TILE_FRAMES} per tile, got ${frames}`, {
          field: 'frames'
        })
      }
      const options: SpectrogramOptions = { ...SPECTROGRAM_DEFAULTS, ...rest }
      const info = probeAudio(path, name)
      const g = frameGeometry({
        ...FRAME_DEFAULTS,
        ...options,
        sampleFrequency: info.sampleRate,
        roundToPowerOfTwo: false
      })
      const start = Math.min(info.frames, fromFrame * g.windowShift)
      // the last frame of the tile needs its whole window; at the end of the file the slice is simply shorter
      const end = Math.min(info.frames, start + (Math.max(1, frames) - 1) * g.windowShift + g.windowSize)
      return spectrogramBinary(readSlice(path, name, info, start, end), info.sampleRate, options)
    }
  }
}
