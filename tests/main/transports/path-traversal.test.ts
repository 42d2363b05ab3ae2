/**
 * Path traversal on both kinds of route the app serves (the same app-content.ts in the web mode and in Electron's
 * ser-app:// scheme): static files must stay inside out/renderer, and media ids must resolve inside their corpus
 * root, whatever `..`, `%2e%2e`, `%2f`, `%5c`, absolute path or symlink a request or a tampered index tries.
 */
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RENDERER_DIR, startWebHarness } from '../../helpers/web-harness'
import type { WebHarness } from '../../helpers/web-harness'
import { tempDir } from '../../helpers/temp-dir'

const SECRET = 'TOP-SECRET-OUTSIDE-THE-APP'

let h: WebHarness
let outside: { dir: string; cleanup: () => void }
let uttId: string
let dialogId: string
beforeAll(async () => {
  // a copy of the built renderer with links pointing out of it, and a secret file next to it
  outside = tempDir('ser-outside-')
  writeFileSync(join(outside.dir, 'secret.txt'), SECRET)
  const renderer = join(outside.dir, 'renderer')
  cpSync(RENDERER_DIR, renderer, { recursive: true })
  symlinkSync(join(outside.dir, 'secret.txt'), join(renderer, 'linked.txt'))
  mkdirSync(join(outside.dir, 'dir'))
  writeFileSync(join(outside.dir, 'dir', 'inner.txt'), SECRET)
  symlinkSync(join(outside.dir, 'dir'), join(renderer, 'linked-dir'))
  h = await startWebHarness({ rendererDir: renderer })
  const u = h.services.corpus.utterances({ limit: 1 })[0]
  uttId = u.id
  dialogId = u.dialog!
})
afterAll(async () => {
  await h?.close()
  outside?.cleanup()
})

function refused(r: { status: number; text: string }): void {
  expect(r.status).toBeGreaterThanOrEqual(400)
  expect(r.status).toBeLessThan(500)
  expect(r.text).not.toContain(SECRET)
  expect(r.text).not.toContain('"name": "ser-workbench"')
  expect(r.text).not.toMatch(/root:.*:0:0:/)
}

describe('static files stay inside the built renderer', () => {
  it('serves what is inside', async () => {
    expect((await h.request('/')).status).toBe(200)
    expect((await h.request('/index.html')).status).toBe(200)
  })

  it.each([
    '/../package.json',
    '/../../../../etc/passwd',
    '/assets/../../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
    '/.%2e/package.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/..%2F..%2F..%2Fetc%2Fpasswd',
    '/assets/..%5c..%5cpackage.json',
    '/..\\..\\package.json',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    '/C:%5cWindows%5cwin.ini',
    '/index.html%00.png',
    '/%c0%ae%c0%ae/package.json',
    '/%',
    '/./index.html/..',
    '/linked.txt',
    '/linked-dir/inner.txt'
  ])('refuses %s', async (path) => {
    refused(await h.request(path))
  })

  it('refuses an absolute-form request target', async () => {
    refused(await h.request('http://127.0.0.1/../../etc/passwd'))
  })
})

describe('media ids resolve inside their corpus only', () => {
  it('serves a real id', async () => {
    expect((await h.request(`/media/audio/${encodeURIComponent(uttId)}`)).status).toBe(200)
    expect((await h.request(`/media/dialog-audio/${encodeURIComponent(dialogId)}`)).status).toBe(200)
  })

  it.each([
    '/media/audio/..%2F..%2F..%2Fetc%2Fpasswd',
    '/media/audio/%2Fetc%2Fpasswd',
    '/media/audio/../../package.json',
    '/media/audio/%2e%2e',
    '/media/dialog-audio/..%2F..%2Fpackage.json',
    '/media/spectrogram/%2Fetc%2Fpasswd',
    '/media/audio/a/b',
    '/media/..%2F..%2Fpackage.json/x',
    '/media/audio/%E0%A4%A'
  ])('refuses %s', async (path) => {
    refused(await h.request(path))
  })

  it('refuses an utterance whose audio was replaced by a symlink out of the corpus', async () => {
    const u = h.services.corpus.utterances({ limit: 2 })[1]
    const file = join(h.corpusDir!, u.path)
    rmSync(file)
    symlinkSync(join(outside.dir, 'secret.txt'), file)
    const r = await h.request(`/media/audio/${encodeURIComponent(u.id)}`)
    refused(r)
    expect(r.status).toBe(403)
    expect(JSON.parse(r.text)).toMatchObject({ ok: false, error: { code: 'PATH_OUTSIDE_CORPUS' } })
  })

  it('refuses index rows tampered to point out of the corpus (.., absolute)', async () => {
    const [a, b] = h.services.corpus.utterances({ limit: 4 }).slice(2)
    h.services.db.prepare('UPDATE utterances SET path = ? WHERE id = ?').run('../../../../etc/passwd', a.id)
    h.services.db.prepare('UPDATE utterances SET path = ? WHERE id = ?').run(join(outside.dir, 'secret.txt'), b.id)
    h.services.db.prepare('UPDATE dialogs SET audio_path = ? WHERE id = ?').run('../secret.txt', dialogId)
    for (const path of [
      `/media/audio/${a.id}`,
      `/media/audio/${b.id}`,
      `/media/spectrogram/${a.id}`,
      `/media/dialog-audio/${dialogId}`
    ]) {
      const r = await h.request(path)
      refused(r)
      expect(JSON.parse(r.text), path).toMatchObject({ ok: false, error: { code: 'PATH_OUTSIDE_CORPUS' } })
    }
  })
})
