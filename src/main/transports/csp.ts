/**
 * The one Content Security Policy of the renderer, in both hosts: sent as a header by the web mode and by Electron's
 * `ser-app://` protocol, and repeated as a <meta> in src/renderer/index.html (a test keeps the two equal) so the
 * page is protected even where a header is lost (a saved copy, a dev server).
 *
 * - script-src 'self': no inline script, no eval, no remote code; Vite emits external module files only.
 * - style-src adds 'unsafe-inline' because wavesurfer.js 7 (the player, issue 9) injects a <style> element into its
 *   shadow root; styles cannot run code, and script stays locked down.
 * - media-src/img-src: the app's own origin (media/… routes) and blob: (wavesurfer plays a Blob URL it created from
 *   bytes it fetched from that origin); nothing remote, no data: URLs.
 * - connect-src 'self': fetch of api/call and media, and the events stream.
 * - frame-ancestors only works as a header (browsers ignore it in <meta>), so the meta omits it.
 */
export const CSP_DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' blob:"],
  ['media-src', "'self' blob:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['worker-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-src', "'none'"],
  ['frame-ancestors', "'none'"]
]

const HEADER_ONLY = new Set(['frame-ancestors'])

function join(directives: readonly (readonly [string, string])[]): string {
  return directives.map(([k, v]) => `${k} ${v}`).join('; ')
}

/** The Content-Security-Policy header value. */
export const CSP_HEADER = join(CSP_DIRECTIVES)

/** The same policy as index.html's <meta http-equiv="Content-Security-Policy"> must state it. */
export const CSP_META = join(CSP_DIRECTIVES.filter(([k]) => !HEADER_ONLY.has(k)))

/**
 * Headers on every response of the app's own content (both hosts): the CSP, no MIME sniffing, no referrer leaking
 * the web mode's URL, no framing, and a browsing-context group of its own.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin'
}
