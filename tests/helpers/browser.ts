import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import { REPO } from './run-ser'

export const SCREENSHOT_DIR = join(REPO, 'test-output', 'screenshots')

/**
 * Debian's chromium driven by playwright-core (DEVELOPERS.md): headless, no GPU, no network chatter of its own.
 * playwright gives every launch a fresh temporary --user-data-dir, so no profile state leaks between tests.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.SER_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update'
    ]
  })
}

/** Saves a full-page screenshot under test-output/screenshots/ for a person to look at; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}
