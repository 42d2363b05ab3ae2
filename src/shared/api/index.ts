import type { z } from 'zod'
import type { CorpusApi, CorpusEvents } from './corpus'
import { corpusRequests } from './corpus'
import type { EvaluationApi } from './evaluation'
import { evaluationRequests } from './evaluation'
import type { FeaturesApi, FeaturesEvents } from './features'
import type { InteropApi, InteropEvents } from './interop'
import { interopRequests } from './interop'
import { featuresRequests } from './features'
import type { LabelsApi, LabelsEvents } from './labels'
import { labelsRequests } from './labels'
import type { RecipesApi, RecipesEvents } from './recipes'
import { recipesRequests } from './recipes'
import type { TeamApi } from './team'
import { teamRequests } from './team'
import type { TrainingApi, TrainingEvents } from './training'
import { trainingRequests } from './training'

/**
 * The whole API: every method any transport (Electron IPC, localhost web, CLI) can call, with its request schema,
 * and every event the services emit. Adding an area means adding its requests and its two maps here.
 */
export const requestSchemas = {
  ...corpusRequests,
  ...labelsRequests,
  ...trainingRequests,
  ...evaluationRequests,
  ...featuresRequests,
  ...recipesRequests,
  ...interopRequests,
  ...teamRequests
}

export type ApiMethods = CorpusApi &
  LabelsApi &
  TrainingApi &
  EvaluationApi &
  FeaturesApi &
  RecipesApi &
  InteropApi &
  TeamApi
export type ApiEvents = CorpusEvents & LabelsEvents & TrainingEvents & FeaturesEvents & RecipesEvents & InteropEvents

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

/**
 * Every event name at run time, for the transports that check a subscription's name (the preload) before wiring it.
 * `satisfies` makes a new event in any area's map a compile error here until it is listed.
 */
const eventNameSet = {
  'corpus.importProgress': true,
  'corpus.changed': true,
  'labels.changed': true,
  'labels.importProgress': true,
  'training.progress': true,
  'training.ended': true,
  'training.prepareProgress': true,
  'features.progress': true,
  'recipes.progress': true,
  'recipes.ended': true,
  'interop.exportProgress': true
} satisfies Record<EventName, true>

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(eventNameSet, name)
}
