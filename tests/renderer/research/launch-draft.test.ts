import { describe, expect, it } from 'vitest'
import { SerError } from '@shared/errors'
import { defaultDraft, toRequest } from '@renderer/research/launch-draft'

describe('the launch form’s request', () => {
  it('"One test session" without a session is refused, naming testSession, never sent as LOSO', () => {
    const d = { ...defaultDraft(), folds: 'one' as const, testSession: '' }
    expect(() => toRequest(d, 'demo')).toThrow(SerError)
    expect(() => toRequest(d, 'demo')).toThrow(/^testSession: /)
    try {
      toRequest(d, 'demo')
    } catch (e) {
      expect((e as SerError).field).toBe('testSession')
    }
  })

  it('one session tests on it; LOSO sends null whatever session the form remembers', () => {
    expect(toRequest({ ...defaultDraft(), folds: 'one', testSession: '3' }, null).testSession).toBe('3')
    expect(toRequest({ ...defaultDraft(), folds: 'loso', testSession: '3' }, null).testSession).toBeNull()
  })
})
