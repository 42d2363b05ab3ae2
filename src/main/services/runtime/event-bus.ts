import type { ApiEvents, EventName } from '../../../shared/api'

export type Listener<E extends EventName> = (...args: ApiEvents[E]) => void

/**
 * Typed events from services to transports (wavesurfer's event-emitter pattern): `on` returns its own
 * unsubscribe, and `onAny` lets a transport forward every event without knowing their names.
 */
export interface EventBus {
  on<E extends EventName>(name: E, listener: Listener<E>): () => void
  onAny(listener: (name: EventName, args: unknown[]) => void): () => void
  emit<E extends EventName>(name: E, ...args: ApiEvents[E]): void
}

export function createEventBus(): EventBus {
  const named = new Map<EventName, Set<(...args: unknown[]) => void>>()
  const any = new Set<(name: EventName, args: unknown[]) => void>()
  return {
    on(name, listener) {
      let set = named.get(name)
      if (!set) named.set(name, (set = new Set()))
      const l = listener as (...args: unknown[]) => void
      set.add(l)
      return () => set.delete(l)
    },
    onAny(listener) {
      any.add(listener)
      return () => any.delete(listener)
    },
    emit(name, ...args) {
      // a failing listener must not break the service that emitted, nor the other listeners
      for (const l of named.get(name) ?? []) {
        try {
          l(...args)
        } catch (e) {
          console.error(`listener of ${name} failed:`, e)
        }
      }
      for (const l of any) {
        try {
          l(name, args)
        } catch (e) {
          console.error(`listener of ${name} failed:`, e)
        }
      }
    }
  }
}
