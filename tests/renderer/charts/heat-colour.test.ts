import { describe, expect, it } from 'vitest'
import { heatColour, needsLightInk } from '@renderer/components/charts/heat-colour'

describe('heatColour', () => {
  it('runs from white at 0 to the full tone at 1, clamped outside', () => {
    expect(heatColour(0, 'agree')).toBe('rgb(255, 255, 255)')
    expect(heatColour(1, 'agree')).toBe('rgb(47, 111, 159)')
    expect(heatColour(-0.4, 'confuse')).toBe(heatColour(0, 'confuse'))
    expect(heatColour(1.6, 'disagree')).toBe('rgb(192, 57, 43)')
  })

  it('is the tone laid over white at that opacity (what an rgba cell on a white page showed)', () => {
    const over = (c: number, a: number) => Math.round(a * c + (1 - a) * 255)
    expect(heatColour(0.37, 'agree')).toBe(`rgb(${over(47, 0.37)}, ${over(111, 0.37)}, ${over(159, 0.37)})`)
  })

  it('turns the text white only on the darker cells', () => {
    expect(needsLightInk(0.5)).toBe(false)
    expect(needsLightInk(0.55)).toBe(false)
    expect(needsLightInk(0.56)).toBe(true)
  })
})
