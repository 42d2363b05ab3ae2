/**
 * One policy, three places: csp.ts (the header both hosts send), the <meta> in src/renderer/index.html, and the
 * built out/renderer/index.html. The meta must say what the header says (less frame-ancestors, which browsers
 * ignore there), and the policy must forbid inline script, eval and anything remote.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CSP_DIRECTIVES, CSP_HEADER, CSP_META } from '../../../src/main/transports/csp'
import { REPO } from '../../helpers/run-ser'

function metaPolicy(html: string): string | null {
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)
  return m ? m[1] : null
}

describe('Content Security Policy', () => {
  it('the source index.html states the same policy as the header (less frame-ancestors)', () => {
    expect(metaPolicy(readFileSync(join(REPO, 'src', 'renderer', 'index.html'), 'utf8'))).toBe(CSP_META)
    expect(CSP_HEADER).toBe(`${CSP_META}; frame-ancestors 'none'`)
  })

  it('the built index.html keeps the meta, and loads only external module scripts', () => {
    const built = join(REPO, 'out', 'renderer', 'index.html')
    expect(existsSync(built), 'run `npx electron-vite build` first').toBe(true)
    const html = readFileSync(built, 'utf8')
    expect(metaPolicy(html)).toBe(CSP_META)
    // every <script> has a src: an inline one would be blocked, i.e. a broken page
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(0)
    for (const s of scripts) expect(s).toMatch(/\bsrc="\.\/assets\//)
  })

  it('forbids inline script, eval and remote sources', () => {
    const d = Object.fromEntries(CSP_DIRECTIVES)
    expect(d['default-src']).toBe("'none'")
    expect(d['script-src']).toBe("'self'")
    expect(CSP_HEADER).not.toMatch(/unsafe-eval|wasm-unsafe-eval|strict-dynamic|https?:|\*|data:/)
    for (const k of ['script-src', 'connect-src', 'media-src', 'img-src']) expect(d[k]).not.toMatch(/unsafe-inline/)
    expect(d['object-src']).toBe("'none'")
    expect(d['base-uri']).toBe("'none'")
    expect(d['frame-ancestors']).toBe("'none'")
  })
})
