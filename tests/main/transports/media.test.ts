/**
 * The media module through the web route: audio is re-encoded as 16-bit PCM WAV at its native rate (what every
 * browser plays) with the samples of the corpus file, Range requests are answered for seeking, dialog audio and
 * spectrograms come by id, and a bad parameter is refused naming it (cases generated from mediaParamSchemas).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MEDIA_KINDS, mediaParamSchemas } from '../../../src/shared/api/media'
import { decodeWav } from '../../../src/main/services/audio/wav-decoder'
import { invalidCases } from '../../helpers/schema-cases'
import type { WebHarness } from '../../helpers/web-harness'
import { startWebHarness } from '../../helpers/web-harness'

let h: WebHarness
let id: string
let path: string
let dialog: string
beforeAll(async () => {
  h = await startWebHarness()
  const u = h.services.corpus.utterances({ limit: 1 })[0]
  id = u.id
  path = u.path
  dialog = u.dialog!
})
afterAll(() => h?.close())

describe('media route', () => {
  it('serves an utterance as PCM16 WAV with the corpus file’s rate and samples', async () => {
    const r = await h.request(`/media/audio/${encodeURIComponent(id)}`)
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('audio/wav')
    expect(r.headers['accept-ranges']).toBe('bytes')
    expect(Number(r.headers['content-length'])).toBe(r.body.length)
    const served = decodeWav(r.body, 'served.wav')
    const original = decodeWav(readFileSync(join(h.corpusDir!, path)), path)
    expect(served.bitsPerSample).toBe(16)
    expect(served.sampleRate).toBe(original.sampleRate)
    expect(served.frames).toBe(original.frames)
    let maxDiff = 0
    for (let i = 0; i < served.frames; i++)
      maxDiff = Math.max(maxDiff, Math.abs(served.channels[0][i] - original.channels[0][i]))
    expect(maxDiff).toBeLessThanOrEqual(1 / 32768)
  })

  it('answers Range requests, so the player can seek', async () => {
    const full = await h.request(`/media/audio/${encodeURIComponent(id)}`)
    const size = full.body.length
    const part = await h.request(`/media/audio/${encodeURIComponent(id)}`, { headers: { Range: 'bytes=100-199' } })
    expect(part.status).toBe(206)
    expect(part.headers['content-range']).toBe(`bytes 100-199/${size}`)
    expect(part.body.equals(full.body.subarray(100, 200))).toBe(true)
    const tail = await h.request(`/media/audio/${encodeURIComponent(id)}`, { headers: { Range: 'bytes=-10' } })
    expect(tail.body.equals(full.body.subarray(size - 10))).toBe(true)
    const beyond = await h.request(`/media/audio/${encodeURIComponent(id)}`, { headers: { Range: `bytes=${size}-` } })
    expect(beyond.status).toBe(416)
    expect(beyond.headers['content-range']).toBe(`bytes */${size}`)
  })

  it('answers HEAD with the headers and no body', async () => {
    const r = await h.request(`/media/audio/${encodeURIComponent(id)}`, { method: 'HEAD' })
    expect(r.status).toBe(200)
    expect(Number(r.headers['content-length'])).toBeGreaterThan(44)
    expect(r.body.length).toBe(0)
  })

  it('serves a dialog’s whole audio by dialog id', async () => {
    const r = await h.request(`/media/dialog-audio/${encodeURIComponent(dialog)}`)
    expect(r.status).toBe(200)
    const wav = decodeWav(r.body, 'dialog.wav')
    const u = h.services.corpus.utterance(id)
    expect(wav.frames / wav.sampleRate).toBeGreaterThanOrEqual(u.endSec ?? u.durationSec)
  })

  it('serves the spectrogram binary (SPG1) with the requested settings', async () => {
    const r = await h.request(`/media/spectrogram/${encodeURIComponent(id)}?frameShiftMs=20&dynamicRangeDb=60`)
    expect(r.status).toBe(200)
    expect(r.body.subarray(0, 4).toString('latin1')).toBe('SPG1')
    const frameShiftSec = r.body.readFloatLE(12)
    expect(frameShiftSec).toBeCloseTo(0.02, 5)
  })

  it('serves a tile of a dialog’s spectrogram, frames counted from the dialog’s start', async () => {
    const r = await h.request(`/media/dialog-spectrogram/${encodeURIComponent(dialog)}?fromFrame=100&frames=50`)
    expect(r.status).toBe(200)
    expect(r.body.subarray(0, 4).toString('latin1')).toBe('SPG1')
    expect(r.body.readUInt32LE(4)).toBe(50)
    const tooMany = await h.request(`/media/dialog-spectrogram/${encodeURIComponent(dialog)}?frames=100000`)
    expect(tooMany.status).toBe(400)
    expect(JSON.parse(tooMany.text)).toMatchObject({ error: { field: 'frames' } })
  })

  it('refuses an unknown kind and an unknown id with 404', async () => {
    expect((await h.request(`/media/video/${encodeURIComponent(id)}`)).status).toBe(404)
    const r = await h.request('/media/audio/no-such-utterance')
    expect(r.status).toBe(404)
    expect(JSON.parse(r.text)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'id' } })
  })
})

describe.each(MEDIA_KINDS.map((k) => [k] as const))('media/%s refuses a bad parameter naming it', (kind) => {
  // query strings carry text only: a number where a string is expected is still a string, so only the other
  // mistakes apply (an unknown parameter, a non-number, a value out of bounds, a value not in an enum)
  const cases = invalidCases(mediaParamSchemas[kind]).filter((c) => {
    const v = (c.request as Record<string, unknown>)[c.field]
    return (
      !c.what.startsWith('missing') &&
      typeof v !== 'boolean' &&
      !(typeof v === 'number' && c.what.startsWith('wrong type'))
    )
  })

  it.each(cases.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
    const query = Object.entries(c.request as Record<string, unknown>)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&')
    const target = kind.startsWith('dialog-') ? dialog : id
    const r = await h.request(`/media/${kind}/${encodeURIComponent(target)}?${query}`)
    expect(r.status).toBe(400)
    expect(JSON.parse(r.text)).toMatchObject({ ok: false, error: { code: 'FIELD_INVALID', field: c.field } })
  })
})
