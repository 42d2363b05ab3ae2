/**
 * A plain decimal number as a manifest or label file writes a 1–5 scale value (`3`, `2.5`, `-1`, `.5`); hex
 * (`0x3`), exponents, `Infinity` and blanks are null. The corpus importers and the label-file import read numbers so.
 */
export function parseDecimal(raw: string): number | null {
  const t = raw.trim()
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : null
}
