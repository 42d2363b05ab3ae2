/** The stores' one way of making a call whose failure the view shows (src/renderer/src/stores/attempt.ts). */
import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import type { SerErrorInfo } from '@shared/errors'
import { SerError } from '@shared/errors'
import { attempt } from '@renderer/stores/attempt'

describe('attempt', () => {
  it('keeps a failure, with its code and field, until a later call succeeds', async () => {
    const error = ref<SerErrorInfo | null>(null)
    const failed = await attempt(
      () => Promise.reject(new SerError('FIELD_INVALID', 'epochs: must be at least 1', { field: 'epochs' })),
      error
    )
    expect(failed).toBeNull()
    expect(error.value).toMatchObject({ code: 'FIELD_INVALID', field: 'epochs' })

    const seen: (SerErrorInfo | null)[] = []
    const value = await attempt(async () => {
      seen.push(error.value)
      return 42
    }, error)
    expect(value).toBe(42)
    // still shown while the new call ran, gone once it answered
    expect(seen[0]).toMatchObject({ code: 'FIELD_INVALID' })
    expect(error.value).toBeNull()
  })

  it('turns any thrown value into an error the view can show', async () => {
    const error = ref<SerErrorInfo | null>(null)
    await attempt(() => Promise.reject(new Error('relabel.csv: not a label file')), error)
    expect(error.value).toEqual({ code: 'INTERNAL', message: 'relabel.csv: not a label file' })
  })

  it('is pending exactly while the call runs, whether it succeeds or fails', async () => {
    const error = ref<SerErrorInfo | null>(null)
    const pending = ref(false)
    const during: boolean[] = []
    await attempt(async () => during.push(pending.value), error, pending)
    expect(pending.value).toBe(false)
    await attempt(
      async () => {
        during.push(pending.value)
        throw new Error('no')
      },
      error,
      pending
    )
    expect(during).toEqual([true, true])
    expect(pending.value).toBe(false)
  })
})
