/**
 * The app's and `ser serve`'s "open": one index at a time, another opened on request (`corpus.open`, docs/team.md).
 * Transports hold `services`, a stand-in that forwards every property to the index open now, and `dispatcher`,
 * which answers `corpus.open` itself: it opens the new index on the same event bus (so the window's and browser's
 * event streams keep listening), swaps it in, closes the old one and announces `corpus.changed`. A bad or
 * unreachable URL is refused naming the field `db`, without its password, and leaves the open index as it was.
 */
import type { Services } from '../services/create-services'
import type { OpenServicesOptions } from '../services/open-services'
import { openServices } from '../services/open-services'
import type { Dispatcher } from './dispatch'
import { createDispatcher, validate } from './dispatch'

export interface IndexSwitch {
  /** Forwards to the index open now */
  readonly services: Services
  readonly dispatcher: Dispatcher
  /** Closes the index open now (and a team store's connections) */
  close(): Promise<void>
}

export function createIndexSwitch(
  initial: Services,
  options: Omit<OpenServicesOptions, 'events' | 'field'> = {}
): IndexSwitch {
  let current = initial
  const services = new Proxy({} as Services, {
    get: (_target, key) => Reflect.get(current, key, current) as unknown,
    has: (_target, key) => key in current
  })
  const inner = createDispatcher(services)
  // one open at a time: a second waits for the first
  let opening: Promise<unknown> = Promise.resolve()

  async function open(db: string) {
    const next = await openServices(db, { ...options, events: current.events, field: 'db' })
    const old = current
    current = next
    const oldTeam = old.team
    old.close()
    await oldTeam?.close()
    const corpora = next.corpus.corpora()
    for (const c of corpora) next.events.emit('corpus.changed', c.id)
    return {
      location: next.team?.location ?? next.dbPath,
      engine: next.team ? ('postgres' as const) : ('sqlite' as const),
      corpora: corpora.length
    }
  }

  return {
    services,
    dispatcher: {
      async call(method, raw) {
        if (method !== 'corpus.open') return inner.call(method, raw)
        const req = validate('corpus.open', raw)
        const run = opening.then(() => open(req.db))
        opening = run.catch(() => undefined)
        return run
      }
    },
    close() {
      // the index closes now (an app's will-quit handler cannot wait); a team store's connections end after
      const team = current.team
      current.close()
      return team ? team.close() : Promise.resolve()
    }
  }
}
