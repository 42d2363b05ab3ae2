/**
 * Command-line options derived from a request schema (zod object): one flag per field, so a new request field is
 * one edit in src/shared/api. The flag is the field in kebab-case unless renamed; enums → choices, numbers → a
 * number parser with the schema's bounds, booleans → `--flag` / `--no-flag`, arrays of numbers → comma lists,
 * nullable fields also take 'none' (→ null). Anything else needs its own parser (e.g. `ser train --features`).
 */
import { Option } from 'commander'
import { z } from 'zod'
import { CliExit, EXIT_USAGE, parseNumber } from './cli-context'

/** How one field appears on the command line; everything is optional. */
export interface FieldFlag {
  /** The long flag without dashes (default: the field in kebab-case) */
  flag?: string
  /** The argument's placeholder, e.g. '<n>' */
  arg?: string
  help?: string
  /** A parser in place of the one derived from the schema */
  parse?: (value: string) => unknown
}

export type FieldFlags<Shape> = { [K in keyof Shape]?: FieldFlag }

export interface SchemaOptions {
  options: Option[]
  /** The request fields given on the command line (commander's parsed options → field: value) */
  request(parsed: Record<string, unknown>): Record<string, unknown>
  /** field → its long flag, e.g. earlyStoppingPatience → --patience */
  flags: Record<string, string>
}

/** What 'none' parses to: commander turns a parser's null into '', so request() makes this null */
const NONE = Symbol('none')

export const kebab = (field: string): string => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

/** The field's own schema under optional/nullable, and whether null is allowed. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  let inner = schema
  let nullable = false
  for (;;) {
    if (inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType
    else if (inner instanceof z.ZodNullable) {
      nullable = true
      inner = inner.unwrap() as z.ZodType
    } else return { inner, nullable }
  }
}

/** A number parser with the schema's bounds (exclusive ones too: the schema itself has the last word). */
function numberParser(flag: string, schema: z.ZodNumber): (value: string) => number {
  const bounded = parseNumber(flag, {
    integer: schema.isInt,
    min: schema.minValue ?? undefined,
    max: schema.maxValue ?? undefined
  })
  return (value) => {
    const n = bounded(value)
    const check = schema.safeParse(n)
    if (!check.success)
      throw new CliExit(
        EXIT_USAGE,
        `--${flag}: ${value} is out of range (${check.error.issues[0]?.message ?? 'invalid'})`
      )
    return n
  }
}

function lengthBounds(schema: z.ZodArray<z.ZodType>): { min?: number; max?: number } {
  const out: { min?: number; max?: number } = {}
  for (const c of schema.def.checks ?? []) {
    const def = c._zod.def as { check: string; minimum?: number; maximum?: number }
    if (def.check === 'min_length') out.min = def.minimum
    if (def.check === 'max_length') out.max = def.maximum
  }
  return out
}

function listParser(flag: string, schema: z.ZodArray<z.ZodType>): (value: string) => number[] {
  const element = schema.element
  if (!(element instanceof z.ZodNumber))
    throw new Error(`--${flag}: no command-line form for a list of ${element.def.type}`)
  const one = numberParser(flag, element)
  const { min, max } = lengthBounds(schema)
  return (value) => {
    const list = value.split(',').map((v) => one(v.trim()))
    if ((min !== undefined && list.length < min) || (max !== undefined && list.length > max)) {
      const count = min === max ? `${min}` : `${min ?? 0}…${max ?? '∞'}`
      throw new CliExit(EXIT_USAGE, `--${flag}: give ${count} comma-separated values, got '${value}'`)
    }
    return list
  }
}

/** The options for every field of `schema`; a field whose type has no derived form must bring its own parser. */
export function schemaOptions<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  flags: FieldFlags<Shape>
): SchemaOptions {
  const options: Option[] = []
  const attributes: [field: string, attribute: string][] = []
  const names: Record<string, string> = {}
  for (const [field, fieldSchema] of Object.entries(schema.shape)) {
    const spec: FieldFlag = (flags as Record<string, FieldFlag | undefined>)[field] ?? {}
    const flag = spec.flag ?? kebab(field)
    const help = spec.help ?? field
    const { inner, nullable } = unwrap(fieldSchema as z.ZodType)
    const orNone = <T>(parse: (value: string) => T) =>
      nullable ? (value: string) => (value === 'none' ? NONE : parse(value)) : parse
    const none = nullable && !help.includes("'none'") ? " ('none': no value)" : ''
    names[field] = `--${flag}`
    if (inner instanceof z.ZodBoolean && !spec.parse) {
      // both forms, so that leaving the flag out leaves the field out (commander keeps the default undefined)
      const on = new Option(`--${flag}`, help)
      options.push(on, new Option(`--no-${flag}`, `turn --${flag} off (e.g. where the preset has it on)`))
      attributes.push([field, on.attributeName()])
      continue
    }
    const option = new Option(`--${flag} ${spec.arg ?? '<value>'}`, help + none)
    if (spec.parse) option.argParser(orNone(spec.parse))
    else if (inner instanceof z.ZodEnum) {
      const values = inner.options.map(String)
      option.choices(nullable ? [...values, 'none'] : values)
      const check = option.parseArg
      if (nullable && check)
        option.argParser((value: string, previous: unknown) => (value === 'none' ? NONE : check(value, previous)))
    } else if (inner instanceof z.ZodNumber) option.argParser(orNone(numberParser(flag, inner)))
    else if (inner instanceof z.ZodArray) option.argParser(orNone(listParser(flag, inner as z.ZodArray<z.ZodType>)))
    else if (inner instanceof z.ZodString) option.argParser(orNone((value: string) => value))
    else throw new Error(`${field}: no command-line form for a ${inner.def.type}; give it a parser`)
    options.push(option)
    attributes.push([field, option.attributeName()])
  }
  return {
    options,
    flags: names,
    request: (parsed) =>
      Object.fromEntries(
        attributes
          .filter(([, a]) => parsed[a] !== undefined)
          .map(([field, a]) => [field, parsed[a] === NONE ? null : parsed[a]])
      )
  }
}
