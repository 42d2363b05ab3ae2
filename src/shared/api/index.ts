import type { z } from 'zod'
import type { CorpusApi, CorpusEvents } from './corpus'
import { corpusRequests } from './corpus'
import type { LabelsApi, LabelsEvents } from './labels'
import { labelsRequests } from './labels'

/**
 * The whole API: every method any transport (Electron IPC, localhost web, CLI) can call, with its request schema,
 * and every event the services emit. Adding an area means adding its requests and its two maps here.
 */
export const requestSchemas = {
  ...corpusRequests,
  ...labelsRequests
}

export type ApiMethods = CorpusApi & LabelsApi
export type ApiEvents = CorpusEvents & LabelsEvents

export type MethodName = keyof ApiMethods
export type EventName = keyof ApiEvents
export type Req<M extends MethodName> = ApiMethods[M]['req']
export type Res<M extends MethodName> = ApiMethods[M]['res']

// Every method has a schema and every schema a method: a compile error here names the one that is missing.
type SchemaNames = keyof typeof requestSchemas
const _everyMethodHasSchema: Record<Exclude<MethodName, SchemaNames>, never> = {}
const _everySchemaHasMethod: Record<Exclude<SchemaNames, MethodName>, never> = {}
void _everyMethodHasSchema
void _everySchemaHasMethod

/** The schema of a method, typed by name. */
export function schemaOf<M extends MethodName>(method: M): z.ZodType<unknown> {
  return requestSchemas[method as SchemaNames] as z.ZodType<unknown>
}

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(requestSchemas, name)
}
