/**
 * Kaldi's binary archive of float matrices (`copy-feats ark:feats.ark ark,t:-` reads it; so do kaldiio and
 * torchaudio.kaldi_io). Per entry: the key, one space, then the binary matrix: "\0B" (binary mode), the token
 * "FM " (float matrix), and two int32 sizes each preceded by its size byte (4) — rows, then columns — followed by
 * rows × columns little-endian float32 values, row-major. Kaldi's `.scp` points at the byte where "\0B" starts:
 * `key path:offset`. (Kaldi: base/io-funcs.h WriteBasicType, matrix/kaldi-matrix.cc Matrix::Write.)
 */
import { closeSync, openSync, writeSync } from 'node:fs'

/** One matrix in Kaldi's binary form, without the key */
export function kaldiMatrixBytes(data: Float32Array, rows: number, cols: number): Buffer {
  if (data.length !== rows * cols) throw new Error(`kaldi matrix: ${data.length} values for ${rows}×${cols}`)
  const b = Buffer.alloc(2 + 3 + 5 + 5 + 4 * data.length)
  b.write('\0B', 0, 'latin1')
  b.write('FM ', 2, 'latin1')
  b.writeUInt8(4, 5)
  b.writeInt32LE(rows, 6)
  b.writeUInt8(4, 10)
  b.writeInt32LE(cols, 11)
  for (let i = 0; i < data.length; i++) b.writeFloatLE(data[i], 15 + 4 * i)
  return b
}

/** Kaldi keys are tokens: non-empty, no whitespace */
export function isKaldiToken(s: string): boolean {
  return s.length > 0 && !/\s/.test(s)
}

/** Appends `key matrix` entries to an ark file; each call returns the scp line's `path:offset` */
export function createArkWriter(path: string) {
  const fd = openSync(path, 'w')
  let offset = 0
  return {
    add(key: string, data: Float32Array, rows: number, cols: number): string {
      const head = Buffer.from(`${key} `, 'utf8')
      writeSync(fd, head)
      offset += head.length
      const at = offset
      const body = kaldiMatrixBytes(data, rows, cols)
      writeSync(fd, body)
      offset += body.length
      return `${path}:${at}`
    },
    close: () => closeSync(fd)
  }
}

/** Kaldi's sort order (`LC_ALL=C sort`): by UTF-8 bytes */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}
