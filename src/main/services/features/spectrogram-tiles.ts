/**
 * The display spectrogram of a long recording (an IEMOCAP dialog runs 5–10 minutes), served in tiles of frames so
 * the player can draw the part on screen without waiting for the whole: the whole of a 10-minute dialog takes about
 * a second to compute, one 20-second tile a few tens of milliseconds. Frame i of a tile starting at `fromFrame` is
 * frame fromFrame + i of the whole recording (the tile's samples start on that frame's first sample), so tiles join
 * without a seam. The bytes are spectrogram.ts's SPG1 format.
 */
import { statSync } from 'node:fs'
import type { SpectrogramOptions } from '../../../shared/domain/features'
import { FRAME_DEFAULTS, SPECTROGRAM_DEFAULTS } from '../../../shared/domain/features'
import { SerError } from '../../../shared/errors'
import { readAudioFile, toMono } from '../audio/read-audio'
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

/**
 * Keeps the last recording decoded (a player asks for several tiles of the same dialog in a row, and decoding a
 * 10-minute file costs more than one tile's FFTs), keyed by path, size and mtime so an edited file is re-read.
 */
export function createSpectrogramTiles(): SpectrogramTiles {
  let last: { key: string; samples: Float32Array; sampleRate: number } | null = null

  function load(path: string, name: string): { samples: Float32Array; sampleRate: number } {
    let key = path
    try {
      const st = statSync(path)
      key = `${path}\0${st.size}\0${st.mtimeMs}`
    } catch {
      // unreadable: readAudioFile reports it with the file's name
    }
    if (last?.key === key) return last
    const audio = readAudioFile(path, name)
    // channels mixed: a picture of what the listener hears (the release's dialogs put one actor on each channel)
    last = { key, samples: toMono(audio, 'mix'), sampleRate: audio.sampleRate }
    return last
  }

  return {
    tile(path, name, req) {
      const { fromFrame = 0, frames = MAX_TILE_FRAMES, ...rest } = req
      if (frames > MAX_TILE_FRAMES) {
        throw new SerError('FIELD_INVALID', `frames: at most ${MAX_TILE_FRAMES} per tile, got ${frames}`, { field: 'frames' })
      }
      const options: SpectrogramOptions = { ...SPECTROGRAM_DEFAULTS, ...rest }
      const { samples, sampleRate } = load(path, name)
      const g = frameGeometry({ ...FRAME_DEFAULTS, ...options, sampleFrequency: sampleRate, roundToPowerOfTwo: false })
      const start = Math.min(samples.length, fromFrame * g.windowShift)
      // the last frame of the tile needs its whole window; at the end of the file the slice is simply shorter
      const end = Math.min(samples.length, start + (Math.max(1, frames) - 1) * g.windowShift + g.windowSize)
      return spectrogramBinary(samples.subarray(start, end), sampleRate, options)
    }
  }
}
