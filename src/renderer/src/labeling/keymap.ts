// relative rather than @shared: the pure labeling modules are also type-checked with the tests (tsconfig.node.json)
import type { ScaleField } from '../../../shared/domain/labels'
import { indexForDigit } from './category-sets'

/**
 * The labeling workspace's keyboard, in one table that both the key handler and the `?` cheat sheet read, so what
 * the sheet shows is what the keys do. Letters and digits match by physical key (KeyboardEvent.code), so the scale
 * rows stay three rows of five under the digits on any layout; the sheet names them as a US keyboard prints them.
 *
 * The design, for one hand on the home rows and no mode switches: the digit row picks the category, the three rows
 * below it are the three scales (Q–T valence, A–G arousal, Z–B dominance, left to right 1–5, as the rows' order on
 * the button panel), J/K move through the list as in Gmail and Label Studio, H/L step to the previous/next turn of the
 * dialog, Space plays.
 */
export type LabelCommand =
  | { kind: 'category'; index: number }
  | { kind: 'clear-category' }
  | { kind: 'scale'; field: ScaleField; value: number }
  | { kind: 'flag' }
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'dialog-next' }
  | { kind: 'dialog-previous' }
  | { kind: 'play' }
  | { kind: 'replay' }
  | { kind: 'play-on' }
  | { kind: 'loop' }
  | { kind: 'context' }
  | { kind: 'zoom'; step: 1 | -1 }
  | { kind: 'rate'; step: 1 | -1 }
  | { kind: 'seek'; seconds: number }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'search' }
  | { kind: 'help' }
  | { kind: 'escape' }

/** The parts of a KeyboardEvent the map reads (a plain object in tests) */
export interface KeyInput {
  key: string
  code: string
  shiftKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
}

/** The scale rows: physical keys left to right give 1 … 5 */
export const SCALE_ROWS: Record<ScaleField, readonly string[]> = {
  valence: ['KeyQ', 'KeyW', 'KeyE', 'KeyR', 'KeyT'],
  arousal: ['KeyA', 'KeyS', 'KeyD', 'KeyF', 'KeyG'],
  dominance: ['KeyZ', 'KeyX', 'KeyC', 'KeyV', 'KeyB']
}

/** The key cap a physical key shows on a US keyboard ("KeyQ" → "Q") */
export function capOf(code: string): string {
  return code.replace(/^Key|^Digit/, '')
}

const SEEK_SEC = 0.5
const FINE_SEEK_SEC = 0.05

function digitOf(code: string): number | null {
  const m = /^(?:Digit|Numpad)(\d)$/.exec(code)
  return m ? Number(m[1]) : null
}

/** The command a key press means in the labeling workspace, or null (the key is left to the browser). */
export function commandFor(e: KeyInput): LabelCommand | null {
  const mod = e.ctrlKey || e.metaKey
  if (mod) {
    if (e.code === 'KeyZ') return e.shiftKey ? { kind: 'redo' } : { kind: 'undo' }
    if (e.code === 'KeyY') return { kind: 'redo' }
    return null
  }
  if (e.altKey) return null
  // characters first: these depend on what the key types (`?` is Shift+/ on US, elsewhere on others)
  switch (e.key) {
    case '?':
      return { kind: 'help' }
    case '/':
      return { kind: 'search' }
    case '+':
    case '=':
      return { kind: 'zoom', step: 1 }
    case '-':
    case '_':
      return { kind: 'zoom', step: -1 }
    case '<':
      return { kind: 'rate', step: -1 }
    case '>':
      return { kind: 'rate', step: 1 }
    case 'Escape':
      return { kind: 'escape' }
    case 'ArrowDown':
      return { kind: 'next' }
    case 'ArrowUp':
      return { kind: 'previous' }
    case 'ArrowLeft':
      return { kind: 'seek', seconds: -(e.shiftKey ? FINE_SEEK_SEC : SEEK_SEC) }
    case 'ArrowRight':
      return { kind: 'seek', seconds: e.shiftKey ? FINE_SEEK_SEC : SEEK_SEC }
    case 'Backspace':
    case 'Delete':
      return { kind: 'clear-category' }
  }
  const digit = digitOf(e.code)
  if (digit !== null && !e.shiftKey) return { kind: 'category', index: indexForDigit(digit) }
  for (const field of Object.keys(SCALE_ROWS) as ScaleField[]) {
    const i = SCALE_ROWS[field].indexOf(e.code)
    if (i >= 0 && !e.shiftKey) return { kind: 'scale', field, value: i + 1 }
  }
  switch (e.code) {
    case 'Space':
      return e.shiftKey ? { kind: 'play-on' } : { kind: 'play' }
    case 'KeyJ':
      return { kind: 'next' }
    case 'KeyK':
      return { kind: 'previous' }
    case 'KeyH':
      return { kind: 'dialog-previous' }
    case 'KeyL':
      return { kind: 'dialog-next' }
    case 'KeyP':
      return { kind: 'replay' }
    case 'KeyO':
      return { kind: 'loop' }
    case 'KeyI':
      return { kind: 'context' }
    case 'KeyM':
      return { kind: 'flag' }
    case 'KeyU':
      return e.shiftKey ? { kind: 'redo' } : { kind: 'undo' }
  }
  return null
}

export interface CheatSheetEntry {
  keys: string[]
  what: string
}

/** The `?` sheet, grouped as a linguist works: label, move, listen. */
export const CHEAT_SHEET: { group: string; entries: CheatSheetEntry[] }[] = [
  {
    group: 'Label',
    entries: [
      { keys: ['1', '…', '9', '0'], what: 'category by its place in the set' },
      { keys: ['⌫'], what: 'clear my category' },
      { keys: ['Q', 'W', 'E', 'R', 'T'], what: 'valence 1–5' },
      { keys: ['A', 'S', 'D', 'F', 'G'], what: 'arousal (activation) 1–5' },
      { keys: ['Z', 'X', 'C', 'V', 'B'], what: 'dominance 1–5' },
      { keys: ['M'], what: 'flag for a second look (again: unflag)' },
      { keys: ['U', 'Ctrl Z'], what: 'undo my last edit' },
      { keys: ['⇧ U', 'Ctrl ⇧ Z'], what: 'redo' }
    ]
  },
  {
    group: 'Move',
    entries: [
      { keys: ['J', '↓'], what: 'next utterance in the list' },
      { keys: ['K', '↑'], what: 'previous utterance in the list' },
      { keys: ['H', 'L'], what: 'previous / next turn in the dialog' },
      { keys: ['/'], what: 'search ids and transcripts' }
    ]
  },
  {
    group: 'Listen',
    entries: [
      { keys: ['Space'], what: 'play / pause; stops at the end of the utterance or selection' },
      { keys: ['P'], what: 'play from the start of the utterance or selection' },
      { keys: ['⇧ Space'], what: 'play on into the dialog' },
      { keys: ['O'], what: 'loop on / off' },
      { keys: ['←', '→'], what: 'back / forward 0.5 s (with ⇧: 0.05 s)' },
      { keys: ['+', '−'], what: 'zoom in / out' },
      { keys: ['<', '>'], what: 'slower / faster' },
      { keys: ['I'], what: 'dialog context on / off' },
      { keys: ['Esc'], what: 'clear the selection, close this sheet' },
      { keys: ['?'], what: 'this sheet' }
    ]
  }
]
