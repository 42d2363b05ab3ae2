/**
 * Peak and slope functionals of openSMILE's cFunctionalPeaks2 (src/functionals/functionalPeaks2.cpp) with the
 * eGeMAPS options: relThresh 0.1 (of the contour's range), dynRelThresh 0, norm seconds. A port of its four-step
 * min/max list pruning (all local extrema → drop those that rise or fall less than the threshold, keeping a later
 * maximum only if 5 % higher → drop shallow minima → merge runs of the same kind), followed by the slope statistics:
 * a rising slope joins a minimum (or the start) to the next maximum, a falling slope a maximum to the next minimum,
 * in units per second (frame period T). The slope from the last extremum to the end of the contour counts towards
 * the mean but not the standard deviation, and "falling" slopes are positive numbers, as in openSMILE.
 */
const f32 = Math.fround

interface Extremum {
  isMax: boolean
  x: number
  y: number
  prev: Extremum | null
  next: Extremum | null
  removed: boolean
}

export interface PeakStats {
  /** Peaks after pruning */
  numPeaks: number
  meanRisingSlope: number
  stddevRisingSlope: number
  meanFallingSlope: number
  stddevFallingSlope: number
}

class ExtremaList {
  first: Extremum | null = null
  last: Extremum | null = null
  add(isMax: boolean, y: number, x: number): void {
    const e: Extremum = { isMax, x, y, prev: this.last, next: null, removed: false }
    if (this.last) this.last.next = e
    else this.first = e
    this.last = e
  }
  remove(e: Extremum): void {
    if (e.removed) return
    e.removed = true
    if (e.prev) e.prev.next = e.next
    else this.first = e.next
    if (e.next) e.next.prev = e.prev
    else this.last = e.prev
  }
}

function prune(x: ArrayLike<number>, n: number, thresh: number): ExtremaList {
  const list = new ExtremaList()
  for (let i = 2; i < n - 2; i++) {
    if (x[i] > x[i - 1] && x[i] > x[i + 1]) list.add(true, x[i], i)
    else if (x[i] < x[i - 1] && x[i] < x[i + 1]) list.add(false, x[i], i)
  }
  const below = (d: number): boolean => d < thresh
  // step 2a: minimum rise/fall
  let lastVal = x[0]
  let lastMin = x[0]
  let lastMax = x[0]
  let minFlag = false
  let lastMaxEl: Extremum | null = null
  for (let e = list.first; e !== null;) {
    const next: Extremum | null = e.next
    if (e.isMax) {
      if (below(Math.abs(f32(e.y - lastVal)))) {
        if (below(f32(e.y - lastMin))) list.remove(e)
        else {
          if (e.y > f32(lastMax * 1.05)) {
            if (lastMaxEl !== null) list.remove(lastMaxEl)
            lastMax = e.y
            lastMaxEl = e
          } else if (minFlag) {
            lastMax = e.y
            lastMaxEl = e
          } else list.remove(e)
          minFlag = false
        }
      } else {
        minFlag = false
        lastMax = e.y
        lastMaxEl = e
      }
    } else if (!below(Math.abs(f32(e.y - lastVal)))) {
      minFlag = true
      lastMin = e.y
    }
    lastVal = e.y
    e = next
  }
  // step 2b: minima that are not deep enough below the preceding maximum
  lastMax = x[0]
  for (let e = list.first; e !== null;) {
    const next: Extremum | null = e.next
    if (!e.isMax) {
      if (below(f32(lastMax - e.y))) list.remove(e)
    } else lastMax = e.y
    e = next
  }
  // step 3: of consecutive maxima keep the highest, of consecutive minima the lowest
  let init = true
  let inMin = false
  lastMax = x[0]
  lastMin = x[0]
  let lastMinEl: Extremum | null = null
  lastMaxEl = null
  for (let e = list.first; e !== null;) {
    const next: Extremum | null = e.next
    if (!e.isMax) {
      if (!inMin || init) {
        lastMin = e.y
        lastMinEl = e
        inMin = true
        init = false
      } else if (e.y >= lastMin) list.remove(e)
      else if (lastMinEl !== e) {
        if (lastMinEl) list.remove(lastMinEl)
        lastMinEl = e
        lastMin = e.y
      }
    } else {
      if (inMin || init) {
        lastMax = e.y
        lastMaxEl = e
        inMin = false
        init = false
      } else if (e.y <= lastMax) list.remove(e)
      else if (lastMaxEl !== e) {
        if (lastMaxEl) list.remove(lastMaxEl)
        lastMaxEl = e
        lastMax = e.y
      }
    }
    e = next
  }
  return list
}

/** `x`: the contour (n values), `T`: its frame period in seconds. */
export function peakStats(x: ArrayLike<number>, n: number, T: number): PeakStats {
  const out: PeakStats = {
    numPeaks: 0,
    meanRisingSlope: 0,
    stddevRisingSlope: 0,
    meanFallingSlope: 0,
    stddevFallingSlope: 0
  }
  if (n <= 0) return out
  let min = x[0]
  let max = x[0]
  for (let i = 1; i < n; i++) {
    if (x[i] < min) min = x[i]
    if (x[i] > max) max = x[i]
  }
  const list = prune(x, n, f32(0.1 * f32(max - min)))
  const Tf = f32(T)
  for (let e = list.first; e !== null; e = e.next) if (e.isMax) out.numPeaks++
  // slope means (with the slope to the end of the contour)
  let rise = 0
  let nRise = 0
  let fall = 0
  let nFall = 0
  let lastMax = x[0]
  let lastMaxPos = 0
  let lastMin = x[0]
  let lastMinPos = 0
  let lastIsMax = -1
  for (let e = list.first; e !== null; e = e.next) {
    if (!e.isMax) {
      lastMin = e.y
      lastMinPos = e.x
      if (lastMinPos - lastMaxPos > 0) {
        fall = f32(fall + f32((lastMax - lastMin) / f32((lastMinPos - lastMaxPos) * Tf)))
        nFall++
        lastIsMax = 0
      }
    } else {
      lastMax = e.y
      lastMaxPos = e.x
      if (lastMaxPos - lastMinPos > 0) {
        rise = f32(rise + f32((lastMax - lastMin) / f32((lastMaxPos - lastMinPos) * Tf)))
        nRise++
        lastIsMax = 1
      }
    }
  }
  if (lastIsMax === 1) {
    if (n - 1 - lastMaxPos > 0) {
      fall = f32(fall + f32(f32(x[n - 1] - lastMax) / f32((n - 1 - lastMaxPos) * Tf)))
      nFall++
    }
  } else if (lastIsMax === 0) {
    if (n - 1 - lastMinPos > 0) {
      rise = f32(rise + f32(f32(x[n - 1] - lastMin) / f32((n - 1 - lastMinPos) * Tf)))
      nRise++
    }
  } else {
    const s = f32(f32(x[n - 1] - x[0]) / n)
    if (s > 0) {
      rise = s
      nRise = 1
    } else if (s < 0) {
      fall = s
      nFall = 1
    }
  }
  if (nRise > 1) rise = f32(rise / nRise)
  if (nFall > 1) fall = f32(fall / nFall)
  // standard deviations (without the end slope)
  let sdRise = 0
  let sdFall = 0
  lastMax = x[0]
  lastMaxPos = 0
  lastMin = x[0]
  lastMinPos = 0
  for (let e = list.first; e !== null; e = e.next) {
    if (!e.isMax) {
      lastMin = e.y
      lastMinPos = e.x
      if (lastMinPos - lastMaxPos > 0) {
        const s = f32((lastMax - lastMin) / f32((lastMinPos - lastMaxPos) * Tf))
        sdFall = f32(sdFall + f32((s - fall) * (s - fall)))
      }
    } else {
      lastMax = e.y
      lastMaxPos = e.x
      if (lastMaxPos - lastMinPos !== 0) {
        const s = f32((lastMax - lastMin) / f32((lastMaxPos - lastMinPos) * Tf))
        sdRise = f32(sdRise + f32((s - rise) * (s - rise)))
      }
    }
  }
  if (nRise > 1) sdRise = f32(sdRise / nRise)
  if (nFall > 1) sdFall = f32(sdFall / nFall)
  out.meanRisingSlope = rise
  out.stddevRisingSlope = sdRise > 0 ? f32(Math.sqrt(sdRise)) : 0
  out.meanFallingSlope = fall
  out.stddevFallingSlope = sdFall > 0 ? f32(Math.sqrt(sdFall)) : 0
  return out
}
