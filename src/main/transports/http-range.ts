/**
 * The one form of HTTP Range (RFC 9110 §14) media elements send: a single `bytes=` range. Chromium asks for
 * `bytes=0-` first and then for the part it seeks to; answering those lets the player seek in long dialog audio.
 * Several ranges in one header are answered with the whole body, which RFC 9110 allows a server to do.
 */
export type RangeResult = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' }

export function parseRange(header: string | undefined | null, size: number): RangeResult {
  if (!header) return { kind: 'full' }
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'full' }
  let start: number
  let end: number
  if (m[1] === '') {
    // suffix range: the last N bytes
    const n = Number(m[2])
    if (n === 0) return { kind: 'unsatisfiable' }
    start = Math.max(0, size - n)
    end = size - 1
  } else {
    start = Number(m[1])
    // last < first is not a valid range; RFC 9110 says to ignore the header
    if (m[2] !== '' && Number(m[2]) < start) return { kind: 'full' }
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  if (start >= size) return { kind: 'unsatisfiable' }
  return { kind: 'partial', start, end }
}
