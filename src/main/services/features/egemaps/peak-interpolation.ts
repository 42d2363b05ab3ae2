/**
 * smileMath_quadFrom3pts (src/smileutil/smileUtil.c): the vertex of the parabola through three points, used by
 * the pitch, jitter and harmonics components to refine a peak between bins. Falls back to the highest of the three
 * points when the parabola degenerates, as openSMILE does.
 */
export interface Vertex {
  x: number
  y: number
  /** The parabola's quadratic coefficient (0 in the fallback) */
  a: number
}

export function quadFrom3pts(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number): Vertex {
  return quadVertex(x1, y1, x2, y2, x3, y3, { x: 0, y: 0, a: 0 })
}

/** quadFrom3pts written into `out` (no allocation, for per-frame loops); returns `out` */
export function quadVertex(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  x3: number,
  y3: number,
  out: Vertex
): Vertex {
  const den = x1 * x1 * x2 + x2 * x2 * x3 + x3 * x3 * x1 - x3 * x3 * x2 - x2 * x2 * x1 - x1 * x1 * x3
  if (den !== 0) {
    const a = (y1 * x2 + y2 * x3 + y3 * x1 - y3 * x2 - y2 * x1 - y1 * x3) / den
    const b = (x1 * x1 * y2 + x2 * x2 * y3 + x3 * x3 * y1 - x3 * x3 * y2 - x2 * x2 * y1 - x1 * x1 * y3) / den
    const c =
      (x1 * x1 * x2 * y3 +
        x2 * x2 * x3 * y1 +
        x3 * x3 * x1 * y2 -
        x3 * x3 * x2 * y1 -
        x2 * x2 * x1 * y3 -
        x1 * x1 * x3 * y2) /
      den
    if (a !== 0) {
      const x = -b / (2 * a)
      out.x = x
      out.y = c - a * x * x
      out.a = a
      return out
    }
  }
  out.a = 0
  if (y1 > y2 && y1 > y3) {
    out.x = x1
    out.y = y1
  } else if (y2 > y1 && y2 > y3) {
    out.x = x2
    out.y = y2
  } else if (y3 > y1 && y3 > y2) {
    out.x = x3
    out.y = y3
  } else {
    out.x = x1
    out.y = y1
  }
  return out
}
