/**
 * The Electron window's security options, asserted from the shell's own config object (window-config.ts imports
 * only Electron's types, so this runs without Electron's runtime). docs/security.md explains each.
 */
import { describe, expect, it } from 'vitest'
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  isAppUrl,
  webPreferences,
  windowOptions
} from '../../../src/main/shell/window-config'

describe('Electron window options', () => {
  const options = windowOptions('/app/out/preload/index.cjs')
  const prefs = options.webPreferences!

  it('isolates the renderer: context isolation, sandbox, no Node anywhere', () => {
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
  })

  it('keeps the web platform’s own protections on', () => {
    expect(prefs.webSecurity).toBe(true)
    expect(prefs.allowRunningInsecureContent).toBe(false)
    expect(prefs.experimentalFeatures).toBe(false)
    expect(prefs.enableBlinkFeatures).toBeUndefined()
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.navigateOnDragDrop).toBe(false)
  })

  it('loads only the bundled CommonJS preload and the app’s own scheme', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
    expect(APP_ENTRY_URL).toBe('ser-app://workbench/index.html')
    expect(options.show).toBe(false)
  })

  it('gives the app scheme what a same-origin https page has, and no more', () => {
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({
      standard: true,
      secure: true,
      supportFetchAPI: true,
      stream: true,
      bypassCSP: false,
      corsEnabled: false,
      allowServiceWorkers: false
    })
  })

  it('returns a fresh object each time (nobody can loosen the shared defaults by mutation)', () => {
    const a = webPreferences('x')
    a.sandbox = false
    expect(webPreferences('x').sandbox).toBe(true)
  })
})

describe('isAppUrl (navigation and IPC sender checks)', () => {
  it.each([
    ['ser-app://workbench/index.html', true],
    ['ser-app://workbench/media/audio/x', true],
    ['ser-app://workbench.evil/index.html', false],
    ['ser-app://evil/index.html', false],
    ['https://workbench/index.html', false],
    ['file:///app/out/renderer/index.html', false],
    ['http://127.0.0.1:5173/', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
    ['', false]
  ])('%s → %s', (url, ok) => {
    expect(isAppUrl(url)).toBe(ok)
  })
})
