import type { z } from 'zod'
import type { MethodName, Req, Res } from '../../shared/api'
import { isMethodName, schemaOf } from '../../shared/api'
import { SerError } from '../../shared/errors'
import type { Services } from '../services/create-services'
import { corpusRoutes } from './routes/corpus'
import { evaluationRoutes } from './routes/evaluation'
import { featuresRoutes } from './routes/features'
import { interopRoutes } from './routes/interop'
import { labelsRoutes } from './routes/labels'
import { recipesRoutes } from './routes/recipes'
import { teamRoutes } from './routes/team'
import { trainingRoutes } from './routes/training'

/** A route: the service call behind one method, given a request that already passed its schema. */
export type Route<M extends MethodName> = (services: Services, req: Req<M>) => Res<M> | Promise<Res<M>>
export type Routes<K extends MethodName> = { [M in K]: Route<M> }

/**
 * Every method's route. The type requires one per method of ApiMethods, so a method added to the contract
 * without a route does not compile.
 */
const routes: Routes<MethodName> = {
  ...corpusRoutes,
  ...labelsRoutes,
  ...trainingRoutes,
  ...evaluationRoutes,
  ...featuresRoutes,
  ...recipesRoutes,
  ...interopRoutes,
  ...teamRoutes
}

/** Turns a schema failure into the error transports show: the first problem, named by its field path. */
export function validationError(method: string, error: z.ZodError): SerError {
  const issue = error.issues[0]
  const field =
    issue.path.length > 0
      ? issue.path.join('.')
      : issue.code === 'unrecognized_keys'
        ? String((issue as { keys?: string[] }).keys?.[0])
        : '(request)'
  let message = issue.message
  if (issue.code === 'unrecognized_keys') {
    // named with the path of the object that holds it: `train.zzBogus`, not `zzBogus`
    const keys = ((issue as { keys?: string[] }).keys ?? []).map((k) => [...issue.path, k].join('.'))
    return new SerError('FIELD_INVALID', `${method}: unknown field ${keys.map((k) => `'${k}'`).join(', ')}`, {
      field: keys[0] ?? field
    })
  }
  if (/received undefined/i.test(message) || (issue.code === 'invalid_type' && /undefined/.test(message))) {
    message = 'missing'
  }
  return new SerError('FIELD_INVALID', `${method}: ${field}: ${message}`, { field })
}

/** Checks a raw request against its method's schema; returns the parsed (defaulted, trimmed) request. */
export function validate<M extends MethodName>(method: M, raw: unknown): Req<M> {
  const result = schemaOf(method).safeParse(raw ?? {})
  if (!result.success) throw validationError(method, result.error)
  return result.data as Req<M>
}

export interface Dispatcher {
  /** (method name, raw args) → schema check → service call → result, or a SerError naming the field */
  call(method: string, raw: unknown): Promise<unknown>
}

export function createDispatcher(services: Services): Dispatcher {
  return {
    async call(method, raw) {
      if (!isMethodName(method)) {
        throw new SerError('NOT_FOUND', `method: unknown method '${method}'`, { field: 'method' })
      }
      const req = validate(method, raw)
      const route = routes[method] as Route<typeof method>
      return route(services, req as never)
    }
  }
}

/** The same call, typed, for code inside main (CLI commands) that wants dispatch's validation. */
export async function callTyped<M extends MethodName>(d: Dispatcher, method: M, req: Req<M>): Promise<Res<M>> {
  return (await d.call(method, req)) as Res<M>
}
