import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import type { Stats } from 'node:fs'
import { SerError } from '../../../shared/errors'

/** What a non-regular file is, in words: `FIFO`, `socket`, `character device` … */
export function fileKindOf(
  st: Pick<Stats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice' | 'isDirectory' | 'isSymbolicLink'>
): string {
  if (st.isFIFO()) return 'FIFO'
  if (st.isSocket()) return 'socket'
  if (st.isCharacterDevice()) return 'character device'
  if (st.isBlockDevice()) return 'block device'
  if (st.isDirectory()) return 'directory'
  if (st.isSymbolicLink()) return 'symbolic link'
  return 'special file'
}

/**
 * Opens a file for reading only if it is a regular file. The open is non-blocking (O_NONBLOCK), so a FIFO named
 * `x.wav` cannot stall the process waiting for a writer, and the type is checked on the opened descriptor (fstat),
 * so a file swapped after a directory listing is caught too. Returns the descriptor and its stats; anything else is
 * FILE_UNREADABLE naming `name` and the reason (`not a regular file (FIFO)`, `cannot read (ENOENT)`).
 */
export function openRegularFile(path: string, name: string): { fd: number; stats: Stats } {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message
    throw new SerError('FILE_UNREADABLE', `${name}: cannot read (${code})`, { file: name })
  }
  const stats = fstatSync(fd)
  if (!stats.isFile()) {
    closeSync(fd)
    throw new SerError('FILE_UNREADABLE', `${name}: not a regular file (${fileKindOf(stats)})`, { file: name })
  }
  return { fd, stats }
}

/** A regular file's whole content (see openRegularFile); FILE_UNREADABLE naming `name` otherwise. */
export function readRegularFile(path: string, name: string = path): Buffer {
  const { fd, stats } = openRegularFile(path, name)
  try {
    const out = Buffer.alloc(stats.size)
    let got = 0
    while (got < out.length) {
      const n = readSync(fd, out, got, out.length - got, got)
      if (n === 0) break
      got += n
    }
    return got === out.length ? out : out.subarray(0, got)
  } catch (e) {
    if (e instanceof SerError) throw e
    throw new SerError(
      'FILE_UNREADABLE',
      `${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      { file: name }
    )
  } finally {
    closeSync(fd)
  }
}
