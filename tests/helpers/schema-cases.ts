/**
 * Requests generated from the contract's zod schemas, so a method added to `requestSchemas` (or a media kind to
 * `mediaParamSchemas`) is covered by the validation tests without anyone writing a case for it:
 * - `validSample(schema)`: a request that passes, with every optional field filled in;
 * - `invalidCases(schema)`: that request with one field missing (required fields), one field of the wrong type, a
 *   number outside its bounds, or one unknown field, each with the field name the refusal must carry.
 * Reads zod 4's public `def` (type, shape, innerType, element, checks) and the classic getters (minLength, minValue).
 */
import type { z } from 'zod'

export interface InvalidCase {
  /** What the case does, for the test name */
  what: string
  request: unknown
  /** The field (dotted path) the refusal must name */
  field: string
}

type Any = z.ZodType
interface Def {
  type: string
  shape?: Record<string, Any>
  innerType?: Any
  element?: Any
  entries?: Record<string, string>
  values?: unknown[]
  options?: Any[]
  items?: Any[]
  in?: Any
  out?: Any
  checks?: { _zod: { def: { check: string; minimum?: number; maximum?: number; value?: number } } }[]
  catchall?: Any
}

function defOf(s: Any): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def
}

/** Unwraps optional/nullable/default/pipe to the schema that decides the value's type. */
function core(s: Any): Any {
  let cur = s
  for (;;) {
    const d = defOf(cur)
    if (
      (d.type === 'optional' || d.type === 'nullable' || d.type === 'default' || d.type === 'readonly') &&
      d.innerType
    )
      cur = d.innerType
    else if (d.type === 'pipe' && d.in) cur = defOf(d.in).type === 'transform' && d.out ? d.out : d.in
    else return cur
  }
}

function isOptional(s: Any): boolean {
  const t = defOf(s).type
  return t === 'optional' || t === 'default'
}

function minOf(s: Any, key: 'minLength' | 'minValue' | 'maxValue'): number | null {
  const v = (s as unknown as Record<string, unknown>)[key]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

function arrayMax(d: Def): number | null {
  for (const c of d.checks ?? [])
    if (c._zod.def.check === 'max_length' && c._zod.def.maximum !== undefined) return c._zod.def.maximum
  return null
}

function stringMax(s: Any): number | null {
  const v = (s as unknown as { maxLength?: unknown }).maxLength
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** Whether an object schema refuses unknown keys (`.strict()`: zod 4 sets its catchall to never) */
function isStrict(d: Def): boolean {
  return d.catchall !== undefined && defOf(d.catchall).type === 'never'
}

function arrayMin(d: Def): number {
  for (const c of d.checks ?? [])
    if (c._zod.def.check === 'min_length' && c._zod.def.minimum !== undefined) return c._zod.def.minimum
  return 0
}

/** A value the schema accepts. */
export function sampleOf(schema: Any): unknown {
  const s = core(schema)
  const d = defOf(s)
  switch (d.type) {
    case 'string':
      return 'x'.repeat(Math.max(1, minOf(s, 'minLength') ?? 1))
    case 'number': {
      const min = minOf(s, 'minValue')
      const max = minOf(s, 'maxValue')
      const v = min !== null && min > 1 ? Math.ceil(min) : Math.max(1, Math.ceil(min ?? 1))
      // fractions (dropout ≤ 0.99) take their maximum
      return max !== null && v > max ? max : v
    }
    case 'boolean':
      return true
    case 'enum':
      return Object.values(d.entries ?? {})[0]
    case 'literal':
      return d.values?.[0]
    case 'array':
      return Array.from({ length: Math.max(1, arrayMin(d)) }, (_, i) => {
        const v = sampleOf(d.element as Any)
        // distinct items, in case the schema wants them unique (an enum's next value, another string)
        const options = Object.values(defOf(core(d.element as Any)).entries ?? {})
        if (options.length > 0) return options[i % options.length]
        // (a plain string only: a union's sample is one of its literal forms, which a suffix would break)
        return typeof v === 'string' && defOf(core(d.element as Any)).type === 'string' ? `${v}${i}` : v
      })
    case 'object':
      return Object.fromEntries(Object.entries(d.shape ?? {}).map(([k, f]) => [k, sampleOf(f)]))
    case 'union':
      return sampleOf((d.options ?? [])[0] as Any)
    case 'tuple':
      return (d.items ?? []).map((item) => sampleOf(item))
    default:
      throw new Error(`schema-cases: no sample for zod type '${d.type}'; teach tests/helpers/schema-cases.ts`)
  }
}

/** A value of the wrong type for the field's schema (never null: nullable fields would accept it). */
function wrongOf(schema: Any): unknown {
  const d = defOf(core(schema))
  switch (d.type) {
    case 'string':
      return 12345
    case 'number':
      return 'not a number'
    case 'boolean':
      return 'yes'
    case 'enum':
    case 'literal':
      return '__not_one_of_them__'
    case 'array':
    case 'tuple':
      return 'not an array'
    case 'object':
      return 42
    default:
      return { wrong: true }
  }
}

export function validSample(schema: Any): Record<string, unknown> {
  const v = sampleOf(schema)
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('schema-cases: requests are objects')
  return v as Record<string, unknown>
}

/** One refused request per field and kind of mistake, recursing into nested objects. */
export function invalidCases(schema: Any, prefix = ''): InvalidCase[] {
  const d = defOf(core(schema))
  if (d.type !== 'object') return []
  const base = validSample(core(schema))
  // an unknown key is named with its path (`train.__bogus`), at the top level and in every strict nested object
  const cases: InvalidCase[] =
    prefix === '' || isStrict(d)
      ? [{ what: `unknown field ${prefix}__bogus`, request: { ...base, __bogus: 1 }, field: `${prefix}__bogus` }]
      : []
  for (const [k, f] of Object.entries(d.shape ?? {})) {
    const field = prefix + k
    if (!isOptional(f)) {
      const { [k]: _omitted, ...rest } = base
      void _omitted
      cases.push({ what: `missing ${field}`, request: rest, field })
    }
    cases.push({ what: `wrong type of ${field}`, request: { ...base, [k]: wrongOf(f) }, field })
    const inner = core(f)
    if (defOf(inner).type === 'number') {
      const lo = minOf(inner, 'minValue')
      const hi = minOf(inner, 'maxValue')
      if (lo !== null) cases.push({ what: `${field} below its minimum`, request: { ...base, [k]: lo - 1 }, field })
      if (hi !== null) cases.push({ what: `${field} above its maximum`, request: { ...base, [k]: hi + 1 }, field })
    }
    if (defOf(inner).type === 'string') {
      const max = stringMax(inner)
      if (max !== null)
        cases.push({ what: `${field} one character too long`, request: { ...base, [k]: 'x'.repeat(max + 1) }, field })
    }
    if (defOf(inner).type === 'array') {
      const max = arrayMax(defOf(inner))
      const item = sampleOf(defOf(inner).element as Any)
      if (max !== null)
        cases.push({
          what: `${field} one item too many`,
          request: { ...base, [k]: Array.from({ length: max + 1 }, () => item) },
          field
        })
    }
    if (defOf(inner).type === 'object') {
      for (const c of invalidCases(inner, `${field}.`)) cases.push({ ...c, request: { ...base, [k]: c.request } })
    }
  }
  return cases
}

/**
 * Fields of a request that accept values of any size: strings without a maximum length, arrays without a maximum
 * count, numbers without a maximum, and objects that accept unknown keys. Each is a way to make a server hold or
 * chew on a huge value; the fuzz test asserts there are none.
 */
export function unboundedFields(schema: Any, prefix = ''): string[] {
  const d = defOf(core(schema))
  if (d.type !== 'object') return []
  const out: string[] = []
  if (!isStrict(d)) out.push(`${prefix || '(request)'} accepts unknown keys`)
  for (const [k, f] of Object.entries(d.shape ?? {})) {
    const field = prefix + k
    const inner = core(f)
    const t = defOf(inner).type
    if (t === 'string' && stringMax(inner) === null) out.push(`${field}: string without a maximum length`)
    if (t === 'number' && minOf(inner, 'maxValue') === null) out.push(`${field}: number without a maximum`)
    if (t === 'array') {
      if (arrayMax(defOf(inner)) === null) out.push(`${field}: array without a maximum count`)
      const el = core(defOf(inner).element as Any)
      if (defOf(el).type === 'string' && stringMax(el) === null) out.push(`${field}[]: string without a maximum length`)
    }
    if (t === 'object') out.push(...unboundedFields(inner, `${field}.`))
  }
  return out
}

/**
 * Huge values of each field (a megabyte string, 10^300, 100,000 items) that the schema may accept or refuse: the
 * fuzz test asserts the answer is never a 500 and that a refusal names the field.
 */
export function hugeCases(schema: Any, prefix = ''): InvalidCase[] {
  const d = defOf(core(schema))
  if (d.type !== 'object') return []
  const base = validSample(core(schema))
  const cases: InvalidCase[] = []
  for (const [k, f] of Object.entries(d.shape ?? {})) {
    const field = prefix + k
    const inner = core(f)
    const t = defOf(inner).type
    if (t === 'string')
      cases.push({ what: `${field} a megabyte long`, request: { ...base, [k]: 'x'.repeat(1 << 20) }, field })
    if (t === 'number') cases.push({ what: `${field} = 1e300`, request: { ...base, [k]: 1e300 }, field })
    if (t === 'array') {
      const item = sampleOf(defOf(inner).element as Any)
      cases.push({
        what: `${field} with 100,000 items`,
        request: { ...base, [k]: Array.from({ length: 100_000 }, () => item) },
        field
      })
    }
    if (t === 'object')
      for (const c of hugeCases(inner, `${field}.`)) cases.push({ ...c, request: { ...base, [k]: c.request } })
  }
  return cases
}
