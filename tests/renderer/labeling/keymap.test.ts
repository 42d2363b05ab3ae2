import { describe, expect, it } from 'vitest'
import { CHEAT_SHEET, commandFor } from '../../../src/renderer/src/labeling/keymap'
import type { KeyInput } from '../../../src/renderer/src/labeling/keymap'

const key = (code: string, k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  code,
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods
})

describe('the labeling keyboard', () => {
  it('picks categories by place with the digit row and the number pad, 0 being the tenth', () => {
    expect(commandFor(key('Digit1', '1'))).toEqual({ kind: 'category', index: 0 })
    expect(commandFor(key('Digit9', '9'))).toEqual({ kind: 'category', index: 8 })
    expect(commandFor(key('Digit0', '0'))).toEqual({ kind: 'category', index: 9 })
    expect(commandFor(key('Numpad4', '4'))).toEqual({ kind: 'category', index: 3 })
  })

  it('sets the scales from three rows of five physical keys, whatever the layout prints on them', () => {
    expect(commandFor(key('KeyQ', 'q'))).toEqual({ kind: 'scale', field: 'valence', value: 1 })
    expect(commandFor(key('KeyT', 't'))).toEqual({ kind: 'scale', field: 'valence', value: 5 })
    expect(commandFor(key('KeyS', 's'))).toEqual({ kind: 'scale', field: 'arousal', value: 2 })
    expect(commandFor(key('KeyV', 'v'))).toEqual({ kind: 'scale', field: 'dominance', value: 4 })
    // AZERTY: the key left of Z on QWERTY's row types "a" there; it is still valence 1
    expect(commandFor(key('KeyQ', 'a'))).toEqual({ kind: 'scale', field: 'valence', value: 1 })
  })

  it('moves, plays, flags, undoes and redoes', () => {
    expect(commandFor(key('KeyJ', 'j'))).toEqual({ kind: 'next' })
    expect(commandFor(key('ArrowUp', 'ArrowUp'))).toEqual({ kind: 'previous' })
    expect(commandFor(key('KeyL', 'l'))).toEqual({ kind: 'dialog-next' })
    expect(commandFor(key('Space', ' '))).toEqual({ kind: 'play' })
    expect(commandFor(key('Space', ' ', { shiftKey: true }))).toEqual({ kind: 'play-on' })
    expect(commandFor(key('KeyM', 'm'))).toEqual({ kind: 'flag' })
    expect(commandFor(key('KeyU', 'u'))).toEqual({ kind: 'undo' })
    expect(commandFor(key('KeyU', 'U', { shiftKey: true }))).toEqual({ kind: 'redo' })
    expect(commandFor(key('KeyZ', 'z', { ctrlKey: true }))).toEqual({ kind: 'undo' })
    expect(commandFor(key('KeyZ', 'Z', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'redo' })
    expect(commandFor(key('KeyY', 'y', { metaKey: true }))).toEqual({ kind: 'redo' })
    expect(commandFor(key('Slash', '?', { shiftKey: true }))).toEqual({ kind: 'help' })
    expect(commandFor(key('Period', '>', { shiftKey: true }))).toEqual({ kind: 'rate', step: 1 })
  })

  it('leaves the browser its own shortcuts and the shifted letters alone', () => {
    expect(commandFor(key('KeyR', 'r', { ctrlKey: true }))).toBeNull()
    expect(commandFor(key('Digit1', '1', { altKey: true }))).toBeNull()
    expect(commandFor(key('KeyQ', 'Q', { shiftKey: true }))).toBeNull()
    expect(commandFor(key('Tab', 'Tab'))).toBeNull()
  })

  it('has a cheat sheet with the three groups a linguist works in', () => {
    expect(CHEAT_SHEET.map((g) => g.group)).toEqual(['Label', 'Move', 'Listen'])
    expect(CHEAT_SHEET.flatMap((g) => g.entries).every((e) => e.keys.length > 0 && e.what.length > 0)).toBe(true)
  })
})
