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
      return { x, y: c - a * x * x, a }
    }
  }
  if (y1 > y2 && y1 > y3) return { x: x1, y: y1, a: 0 }
  if (y2 > y1 && y2 > y3) return { x: x2, y: y2, a: 0 }
  if (y3 > y1 && y3 > y2) return { x: x3, y: y3, a: 0 }
  return { x: x1, y: y1, a: 0 }
}
