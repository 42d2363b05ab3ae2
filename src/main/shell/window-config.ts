/**
 * The Electron window and scheme settings as plain data, so tests/main/shell/window-config.test.ts can assert every
 * security-relevant option without Electron (this file only imports Electron's types). docs/security.md maps each
 * option to Electron's security checklist.
 */
import type { BrowserWindowConstructorOptions, CustomScheme, WebPreferences } from 'electron'

/** The app's own scheme: it serves the built renderer and the `media/…` resources (app-content.ts). */
export const APP_SCHEME = 'ser-app'
export const APP_HOST = 'workbench'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * standard: real origins and relative URLs (so 'self' in the CSP means this scheme); secure: treated like https
 * (secure context, no mixed-content exceptions); supportFetchAPI: fetch() of media for the waveform; stream: media
 * elements read it with Range requests. Not bypassCSP, not corsEnabled, no service workers: the page gets no more
 * than a same-origin https site would.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    stream: true,
    bypassCSP: false,
    corsEnabled: false,
    allowServiceWorkers: false,
    codeCache: false
  }
}

export function webPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    // the renderer is a web page: no Node, no Electron APIs, and the preload's world apart from the page's
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // a dropped or pasted link must not replace the app; spellcheck would send words to a dictionary service
    spellcheck: false,
    safeDialogs: true,
    disableDialogs: false,
    devTools: true
  }
}

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'SER Workbench',
    // shown on ready-to-show, so the window never flashes an empty frame
    show: false,
    backgroundColor: '#f7f7f5',
    webPreferences: webPreferences(preloadPath)
  }
}

/** True for a URL of the app's own content, compared as parsed parts (a prefix test would let `ser-app://workbench.evil` by). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST
  } catch {
    return false
  }
}
