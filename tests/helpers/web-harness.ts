import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Services } from '../../src/main/services/create-services'
import { createServices } from '../../src/main/services/create-services'
import { writeDemoCorpus } from '../../src/main/services/demo/demo-corpus'
import type { WebServer } from '../../src/main/transports/web/web-server'
import { startWebServer } from '../../src/main/transports/web/web-server'
import type { RawResponse } from './raw-http'
import { rawRequest } from './raw-http'
import { REPO } from './run-ser'
import { tempDir } from './temp-dir'

export const RENDERER_DIR = join(REPO, 'out', 'renderer')

export interface WebHarness {
  services: Services
  server: WebServer
  /** The temp folder holding the index and the corpus */
  dir: string
  /** The corpus imported at start (a 1-session demo corpus in IEMOCAP layout), or null */
  corpusDir: string | null
  /** GET/POST with the bearer token and our own Host; `headers` may override either */
  request(
    path: string,
    options?: { method?: string; headers?: Record<string, string>; body?: string | Buffer }
  ): Promise<RawResponse>
  /** POST api/call {method, args}; returns the status and the parsed envelope */
  call(
    method: unknown,
    args: unknown
  ): Promise<{
    status: number
    body: { ok: boolean; value?: unknown; error?: { code: string; field?: string; message: string } }
  }>
  close(): Promise<void>
}

/**
 * The web mode in-process on a temp index: services, optionally a small corpus (the demo generator with one session
 * of 2 dialogs × 4 turns, in IEMOCAP layout, so dialog audio exists), and the server on a free 127.0.0.1 port.
 */
export async function startWebHarness(
  options: { corpus?: boolean; rendererDir?: string; token?: string } = {}
): Promise<WebHarness> {
  const rendererDir = options.rendererDir ?? RENDERER_DIR
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('the renderer is not built: run `flock /tmp/ser-build.lock npx electron-vite build`')
  }
  const tmp = tempDir('ser-web-')
  const services = createServices({ dbPath: join(tmp.dir, 'index.db') })
  let corpusDir: string | null = null
  if (options.corpus ?? true) {
    corpusDir = join(tmp.dir, 'corpus')
    writeDemoCorpus(corpusDir, { sessions: 1, turnsPerDialog: 4 })
    await services.importer.importCorpus({ kind: 'iemocap', dir: corpusDir, name: 'tiny' })
  }
  const server = await startWebServer({
    services,
    rendererDir,
    port: 0,
    ...(options.token ? { token: options.token } : {})
  })
  const request: WebHarness['request'] = (path, o = {}) =>
    rawRequest(server.port, {
      method: o.method ?? 'GET',
      path,
      headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${server.token}`, ...o.headers },
      ...(o.body !== undefined ? { body: o.body } : {})
    })
  return {
    services,
    server,
    dir: tmp.dir,
    corpusDir,
    request,
    async call(method, args) {
      const r = await request('/api/call', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ method, args })
      })
      return { status: r.status, body: JSON.parse(r.text) as Awaited<ReturnType<WebHarness['call']>>['body'] }
    },
    async close() {
      await server.close()
      services.close()
      tmp.cleanup()
    }
  }
}
