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
  checks?: { _zod: { def: { check: string; minimum?: number; value?: number } } }[]
}

function defOf(s: Any): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def
}

/** Unwraps optional/nullable/default/pipe to the schema that decides the value's type. */
function core(s: Any): Any {
  let cur = s
  for (;;) {
    const d = defOf(cur)
    if ((d.type === 'optional' || d.type === 'nullable' || d.type === 'default' || d.type === 'readonly') && d.innerType) cur = d.innerType
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

function arrayMin(d: Def): number {
  for (const c of d.checks ?? []) if (c._zod.def.check === 'min_length' && c._zod.def.minimum !== undefined) return c._zod.def.minimum
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
        return typeof v === 'string' ? `${v}${i}` : v
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
  // dispatch names an unknown key by itself, so only the top level's is asserted
  const cases: InvalidCase[] = prefix === '' ? [{ what: 'unknown field __bogus', request: { ...base, __bogus: 1 }, field: '__bogus' }] : []
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
    if (defOf(inner).type === 'object') {
      for (const c of invalidCases(inner, `${field}.`)) cases.push({ ...c, request: { ...base, [k]: c.request } })
    }
  }
  return cases
}
