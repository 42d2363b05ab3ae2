import { closeSync, readSync } from 'node:fs'
import { openRegularFile } from '../runtime/regular-file'
import { isFlac, parseFlacInfo } from './flac'
import type { WavInfo } from './wav-decoder'
import { NeedMoreBytes, parseWavHeader } from './wav-decoder'

export interface AudioProbe extends WavInfo {
  durationSec: number
  fileSize: number
  mtimeMs: number
}

/** Bytes read first; canonical WAV headers are 44 bytes and even LIST-heavy ones fit easily. */
const HEAD_BYTES = 64 * 1024

/**
 * Reads a WAV file's header only (not its samples) and validates it as the decoder would: what an index needs
 * (rate, channels, duration) and every error a full decode would report about the file's structure.
 */
export function probeAudio(path: string, name: string): AudioProbe {
  // regular files only, opened without blocking: a FIFO named x.wav must not stall the importer (or the server)
  const { fd, stats: st } = openRegularFile(path, name)
  try {
    let size = Math.min(HEAD_BYTES, st.size)
    for (;;) {
      const head = Buffer.alloc(size)
      const got = size > 0 ? readSync(fd, head, 0, size, 0) : 0
      try {
        const info = isFlac(head)
          ? parseFlacInfo(head.subarray(0, got), name, st.size)
          : parseWavHeader(head.subarray(0, got), name, {}, st.size)
        return {
          ...info,
          durationSec: info.frames / info.sampleRate,
          fileSize: st.size,
          mtimeMs: Math.round(st.mtimeMs)
        }
      } catch (e) {
        if (e instanceof NeedMoreBytes && size < st.size) {
          size = st.size // the chunks it needs are further in: read it all
          continue
        }
        throw e
      }
    }
  } finally {
    closeSync(fd)
  }
}
