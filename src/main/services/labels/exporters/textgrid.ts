/**
 * Praat TextGrid files (the long "ooTextFile" text format Praat writes, and the short format it also reads), for
 * label tiers. Interval tiers must tile their whole time range, so the gaps between labelled spans are written as
 * empty intervals and dropped again on reading.
 */
import { SerError } from '../../../../shared/errors'
import type { Interval, Tier, TierDocument } from './label-tiers'
import { parseTierName } from './label-tiers'

const num = (x: number) => String(Math.round(x * 1e6) / 1e6)
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`

/** Fills the gaps so the intervals cover [xmin, xmax] exactly, as Praat requires. */
function tile(intervals: Interval[], xmin: number, xmax: number): Interval[] {
  const out: Interval[] = []
  let t = xmin
  for (const iv of intervals) {
    const start = Math.max(iv.start, t)
    if (start >= iv.end) continue // overlaps the previous one within a speaker's tier: keep the earlier label
    if (start > t) out.push({ start: t, end: start, text: '' })
    out.push({ start, end: iv.end, text: iv.text })
    t = iv.end
  }
  if (t < xmax) out.push({ start: t, end: xmax, text: '' })
  return out
}

export function writeTextGrid(doc: TierDocument): string {
  const lines = [
    'File type = "ooTextFile"',
    'Object class = "TextGrid"',
    '',
    `xmin = ${num(doc.xmin)} `,
    `xmax = ${num(doc.xmax)} `,
    'tiers? <exists> ',
    `size = ${doc.tiers.length} `,
    'item []: '
  ]
  doc.tiers.forEach((t, i) => {
    const ivs = tile(t.intervals, doc.xmin, doc.xmax)
    lines.push(
      `    item [${i + 1}]:`,
      '        class = "IntervalTier" ',
      `        name = ${quote(t.name)} `,
      `        xmin = ${num(doc.xmin)} `,
      `        xmax = ${num(doc.xmax)} `,
      `        intervals: size = ${ivs.length} `
    )
    ivs.forEach((iv, k) => {
      lines.push(
        `        intervals [${k + 1}]:`,
        `            xmin = ${num(iv.start)} `,
        `            xmax = ${num(iv.end)} `,
        `            text = ${quote(iv.text)} `
      )
    })
  })
  return lines.join('\n') + '\n'
}

/**
 * Reads a TextGrid in the long or the short text format: both are a sequence of numbers, strings and flags
 * whose order is fixed, so a tokenizer that ignores the `name =` decorations reads both.
 */
export function readTextGrid(text: string, file: string): TierDocument {
  const tokens: (string | number)[] = []
  const re = /"((?:[^"]|"")*)"|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|<exists>|<absent>/g
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    // `intervals [3]:` and `item [1]:` carry indices, not values
    if (/^\s*(item|intervals|points)\s*\[\d*\]\s*:?\s*$/.test(line)) continue
    const body = line.replace(/^\s*[A-Za-z? ]+(\[\])?\s*(=|:)\s*/, (m) => (m.includes('"') ? m : ''))
    for (const m of body.matchAll(re)) {
      if (m[1] !== undefined) tokens.push(m[1].replace(/""/g, '"'))
      else if (m[2] !== undefined) tokens.push(Number(m[2]))
      else tokens.push(m[0])
    }
  }
  let p = 0
  const fail = (why: string): never => {
    throw new SerError('FILE_FORMAT', `${file}: not a readable TextGrid (${why})`, { file })
  }
  const next = () => (p < tokens.length ? tokens[p++] : fail('it ends too early'))
  const nextNum = () => {
    const v = next()
    return typeof v === 'number' ? v : fail(`expected a number, found '${v}'`)
  }
  const nextStr = () => {
    const v = next()
    return typeof v === 'string' ? v : fail(`expected a string, found ${v}`)
  }
  if (nextStr() !== 'ooTextFile' || nextStr() !== 'TextGrid') fail('no "ooTextFile"/"TextGrid" header')
  const xmin = nextNum()
  const xmax = nextNum()
  if (next() !== '<exists>') return { xmin, xmax, tiers: [], media: null }
  const size = nextNum()
  const tiers: Tier[] = []
  for (let i = 0; i < size; i++) {
    const cls = nextStr()
    const name = nextStr()
    nextNum()
    nextNum()
    const n = nextNum()
    const intervals: Interval[] = []
    for (let k = 0; k < n; k++) {
      if (cls === 'IntervalTier') {
        const start = nextNum()
        const end = nextNum()
        const label = nextStr()
        if (label.trim() !== '') intervals.push({ start, end, text: label.trim() })
      } else {
        nextNum()
        nextStr() // point tiers carry no spans: skipped
      }
    }
    const parsed = parseTierName(name)
    tiers.push({
      name,
      speaker: parsed?.speaker ?? null,
      annotator: parsed?.annotator ?? null,
      field: parsed?.field ?? 'unknown',
      intervals
    })
  }
  return { xmin, xmax, tiers, media: null }
}
