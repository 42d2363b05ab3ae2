/**
 * Every request with a wrong or missing field is refused naming the field, on every way in: dispatch itself, the
 * Electron IPC handler (shell/ipc.ts, driven without Electron), and the web mode's POST api/call (a 400). The
 * cases are generated from `requestSchemas`, so a new method is covered the day it is added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestSchemas } from '../../../src/shared/api'
import { isSerError } from '../../../src/shared/errors'
import { answerCall } from '../../../src/main/shell/ipc'
import type { Dispatcher } from '../../../src/main/transports/dispatch'
import { createDispatcher } from '../../../src/main/transports/dispatch'
import { hugeCases, invalidCases, unboundedFields, validSample } from '../../helpers/schema-cases'
import type { WebHarness } from '../../helpers/web-harness'
import { startWebHarness } from '../../helpers/web-harness'

const trusted = { senderFrame: { url: 'ser-app://workbench/index.html', parent: null } }
const methods = Object.entries(requestSchemas)

let h: WebHarness
let dispatcher: Dispatcher
beforeAll(async () => {
  h = await startWebHarness({ corpus: false })
  dispatcher = createDispatcher(h.services)
})
afterAll(() => h?.close())

describe('the generated requests', () => {
  it.each(methods)(
    '%s: the valid sample passes its schema (so each refusal below is about one field)',
    (_m, schema) => {
      expect(schema.safeParse(validSample(schema)).success).toBe(true)
    }
  )

  it('cover every method with at least an unknown-field case', () => {
    for (const [, schema] of methods) expect(invalidCases(schema).length).toBeGreaterThan(0)
  })

  it('bound every field of every method: no string, array or number of unlimited size, no open object', () => {
    const open = methods.flatMap(([m, schema]) => unboundedFields(schema).map((f) => `${m} ${f}`))
    expect(open).toEqual([])
  })
})

describe.each(methods.filter(([, schema]) => hugeCases(schema).length > 0))(
  '%s with huge values: never a 500, a refusal names the field',
  (method, schema) => {
    it.each(hugeCases(schema).map((c) => [c.what, c] as const))('%s', async (_what, c) => {
      const http = await h.call(method, c.request)
      expect(http.status, JSON.stringify(http.body.error)).not.toBe(500)
      if (http.status === 400) expect(http.body.error?.field).toBe(c.field)
    })
  }
)

describe.each(methods)('%s refuses a bad field on every transport', (method, schema) => {
  const cases = invalidCases(schema)

  it.each(cases.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
    // dispatch: a SerError FIELD_INVALID naming the field, before any service runs
    const thrown = await dispatcher.call(method, c.request).then(
      () => null,
      (e: unknown) => e
    )
    expect(isSerError(thrown), `${method} accepted ${JSON.stringify(c.request)}`).toBe(true)
    expect(thrown).toMatchObject({ code: 'FIELD_INVALID', field: c.field })

    // IPC: the envelope carries the same code and field
    const ipc = await answerCall(dispatcher, trusted, method, c.request)
    expect(ipc).toMatchObject({ ok: false, error: { code: 'FIELD_INVALID', field: c.field } })

    // HTTP: a 400 whose JSON names the field
    const http = await h.call(method, c.request)
    expect(http.status).toBe(400)
    expect(http.body).toMatchObject({ ok: false, error: { code: 'FIELD_INVALID', field: c.field } })
    expect(http.body.error?.message).toContain(c.field.split('.').pop())
  })
})

describe('requests that are not even shaped like one', () => {
  it.each([
    ['a number', 42],
    ['a string', 'corpus'],
    ['an array', [1, 2]]
  ])('args as %s are refused on every transport', async (_what, args) => {
    await expect(dispatcher.call('corpus.list', args)).rejects.toMatchObject({ code: 'FIELD_INVALID' })
    expect(await answerCall(dispatcher, trusted, 'corpus.list', args)).toMatchObject({
      ok: false,
      error: { code: 'FIELD_INVALID' }
    })
    expect((await h.call('corpus.list', args)).status).toBe(400)
  })

  it('an unknown method is refused naming `method` on every transport', async () => {
    await expect(dispatcher.call('corpus.drop', {})).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'method' })
    expect(await answerCall(dispatcher, trusted, 'corpus.drop', {})).toMatchObject({
      ok: false,
      error: { field: 'method' }
    })
    const http = await h.call('corpus.drop', {})
    expect(http.status).toBe(404)
    expect(http.body.error?.field).toBe('method')
  })

  it('a method that is not a string is refused naming `method` (IPC and HTTP)', async () => {
    expect(await answerCall(dispatcher, trusted, 7, {})).toMatchObject({ ok: false, error: { field: 'method' } })
    const http = await h.call(7, {})
    expect(http.status).toBe(400)
    expect(http.body.error?.field).toBe('method')
  })

  it('a body that is not JSON, or carries extra keys, is refused by name', async () => {
    const notJson = await h.request('/api/call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{nope'
    })
    expect(notJson.status).toBe(400)
    expect(JSON.parse(notJson.text)).toMatchObject({ ok: false, error: { field: 'body' } })
    const extra = await h.request('/api/call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'corpus.list', args: {}, sudo: true })
    })
    expect(extra.status).toBe(400)
    expect(JSON.parse(extra.text)).toMatchObject({ error: { field: 'sudo' } })
  })

  it('a body over 64 MB is answered 413 naming the limit, not a reset, and the server goes on', async () => {
    const body = Buffer.alloc(64 * 1024 * 1024 + 1, 0x20)
    const r = await h.request('/api/call', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
    expect(r.status).toBe(413)
    expect(JSON.parse(r.text)).toMatchObject({
      ok: false,
      error: { code: 'FIELD_INVALID', field: 'body', message: expect.stringMatching(/64 MB limit/) }
    })
    expect((await h.call('corpus.list', {})).status).toBe(200)
  })

  it('a valid request goes through the same three ways with the same answer', async () => {
    const direct = await dispatcher.call('corpus.list', {})
    expect(await answerCall(dispatcher, trusted, 'corpus.list', {})).toEqual({ ok: true, value: direct })
    const http = await h.call('corpus.list', {})
    expect(http.status).toBe(200)
    expect(http.body).toEqual({ ok: true, value: direct })
  })
})
