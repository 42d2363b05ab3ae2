import type { Ref } from 'vue'
import type { SerErrorInfo } from '@shared/errors'
import { toErrorInfo } from '@shared/errors'

/**
 * A store's call whose failure the view shows, the same way in every store: the error (code, message, field) goes
 * to `error` and stays there until a later call succeeds; `pending`, when given, is true while the call runs.
 * What should happen only on success goes inside `call`. A store that wants the old error gone while a new try
 * runs (a form being submitted again) clears it before calling. Returns what `call` returned, or null if it threw.
 */
export async function attempt<T>(
  call: () => Promise<T>,
  error: Ref<SerErrorInfo | null>,
  pending?: Ref<boolean>
): Promise<T | null> {
  if (pending) pending.value = true
  try {
    const value = await call()
    error.value = null
    return value
  } catch (e) {
    error.value = toErrorInfo(e)
    return null
  } finally {
    if (pending) pending.value = false
  }
}
