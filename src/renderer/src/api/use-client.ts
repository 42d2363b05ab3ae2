import type { ApiClient } from './client'
import { createIpcClient } from './ipc-client'
import { createWebClient } from './web-client'

let current: ApiClient | null = null

/** The host decides: the preload's `window.ser` means Electron; without it the page came from `ser serve`. */
export function createClient(): ApiClient {
  return window.ser ? createIpcClient(window.ser) : createWebClient()
}

/** main.ts sets the client once at start-up; store tests set a fake one. */
export function setClient(client: ApiClient): void {
  current = client
}

/** The client for stores (the only renderer code that calls it). */
export function useClient(): ApiClient {
  if (!current) throw new Error('no API client: main.ts sets one before mounting the app')
  return current
}
