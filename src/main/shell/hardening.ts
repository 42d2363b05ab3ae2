/**
 * Everything Electron allows by default that this app never needs, switched off (docs/security.md, item by item):
 * navigation away from the app, new windows, <webview>, permission prompts, and any request to the network or to
 * file:// (the renderer's content and media come from the `ser-app://` scheme only).
 */
import type { Session, WebContents } from 'electron'
import { isAppUrl } from './window-config'

/** Checklist 13, 14, 11/12: no navigation off the app, no new windows, no webviews; for every web contents created. */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  })
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  // links never open windows, nor the system browser: shell.openExternal is not used anywhere (checklist 15)
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** Schemes the app never loads from; requests to them are cancelled (checklist 1, 18). */
const BLOCKED_URLS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*', 'file://*/*']

/** Checklist 5: every permission request and check is denied; nothing the app does needs one. */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
  ses.setDisplayMediaRequestHandler((_request, callback) => callback({}))
  ses.webRequest.onBeforeRequest({ urls: BLOCKED_URLS }, (_details, callback) => callback({ cancel: true }))
  // downloads would write files the renderer chose; exports go through the API and a save dialog instead
  ses.on('will-download', (event) => event.preventDefault())
}
