import { describe, expect, it } from 'vitest'
import { MIN_LABEL_PX, rulerFor, rulerLabel } from '../../../src/renderer/src/labeling/ruler'

describe('the waveform’s time ruler', () => {
  it('labels every 60–150 px at any zoom, from a 10-minute dialog to a tenth of a second', () => {
    for (const pxPerSec of [0.5, 1, 3, 12, 25, 40, 70, 100, 333, 1000, 5000, 20000]) {
      const r = rulerFor(pxPerSec)
      const px = r.primaryLabelInterval * pxPerSec
      expect(px, `${pxPerSec} px/s`).toBeGreaterThanOrEqual(MIN_LABEL_PX)
      expect(px, `${pxPerSec} px/s`).toBeLessThanOrEqual(150)
      // notches divide the label step evenly
      expect(
        Math.abs(r.primaryLabelInterval / r.timeInterval - Math.round(r.primaryLabelInterval / r.timeInterval))
      ).toBeLessThan(1e-9)
    }
    // a 10 s dialog across 700 px: a label every second, not only at 5 and 10 s
    expect(rulerFor(70).primaryLabelInterval).toBe(1)
    expect(rulerFor(1000).primaryLabelInterval).toBe(0.1)
    expect(rulerFor(1000).decimals).toBe(1)
  })

  it('writes labels with the decimals the step needs, minutes past 60 s', () => {
    expect(rulerLabel(7.25, 2)).toBe('7.25')
    expect(rulerLabel(65, 0)).toBe('1:05')
    expect(rulerLabel(65.5, 1)).toBe('1:05.5')
  })
})
