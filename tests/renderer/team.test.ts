/**
 * The renderer on a team server, in Chromium: sign-in (and the forced change of a one-time password), "Next in my
 * task" opening the utterance the server handed out in the labeler, blind (no corpus evaluators' labels shown), a
 * label stored under the account's name, and an admin's progress view. `ser team serve` on 127.0.0.1.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../src/main/services/store/store'
import { createAccounts } from '../../src/main/services/team/accounts'
import { launchBrowser, screenshot } from '../helpers/browser'
import type { PostgresServer } from '../helpers/postgres-server'
import { startPostgres } from '../helpers/postgres-server'
import { passwordOf, teamStore } from '../helpers/team-fixture'
import type { TeamServeProcess } from '../helpers/team-serve-process'
import { startTeamServe } from '../helpers/team-serve-process'
import { labelView, waitSaved } from './labeling-page'

let pg: PostgresServer
let store: Store
let serve: TeamServeProcess
let browser: Browser
let taskId: number

beforeAll(async () => {
  pg = await startPostgres()
  const url = pg.createDatabase('ui')
  store = await teamStore(url, [
    ['boss', 'admin'],
    ['ana', 'annotator']
  ])
  taskId = (
    await store.createTask({
      name: 'first pass',
      filter: { sessions: ['1'] },
      k: 2,
      pool: ['ana'],
      blind: true,
      createdBy: 'boss'
    })
  ).id
  ;[serve, browser] = await Promise.all([startTeamServe(['--db', url, '--listen', '127.0.0.1:0']), launchBrowser()])
})
afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  await store?.close()
  pg?.cleanup()
})

async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.goto(`${serve.origin}/`)
  const gate = page.locator('[data-testid="team-gate"]')
  await gate.waitFor()
  await gate.locator('input[name="name"]').fill(name)
  await gate.locator('input[name="password"]').fill(password)
  await gate.locator('button[type="submit"]').click()
}

describe('the app on a team server', () => {
  it('signs an annotator in, hands out the next utterance blind, and stores the label under their name', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    await signIn(page, 'ana', passwordOf('ana'))
    await page.locator('[data-testid="team-account"]', { hasText: 'ana · annotator' }).waitFor()
    // signed in, the page opened its event stream with the session and lists the team's corpus
    await page.locator('[data-testid="connection"][data-stream="open"]').waitFor()
    await page.locator('[data-corpus="tiny"]').waitFor()
    await page.locator('[data-testid="team-next"]').click()
    const view = labelView(page)
    await view.utterance('S1F_0')
    expect(await store.isAssigned('S1F_0', 'ana')).toBe(true)
    // blind: the corpus's two evaluators labelled it, and none of that is on the page
    expect(await page.locator('[data-testid="edit-history"] li[data-annotator^="tiny:"]').count()).toBe(0)
    await page.locator('[data-testid="label-panel"] .cat[data-category="sad"]').click()
    await waitSaved(page)
    expect((await store.labelHistory('S1F_0')).at(-1)).toMatchObject({
      annotator: 'ana',
      field: 'category',
      newValue: 'sad'
    })
    // submitted: now the others' labels show
    await page.locator('[data-testid="team-next"]').click()
    await view.utterance('S1F_1')
    await screenshot(page, 'team-annotator')
  })

  it('makes a new account choose its password first, then shows an admin the task’s progress', async () => {
    const { password } = await createAccounts(store).add('newadmin', 'admin')
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    await signIn(page, 'newadmin', password)
    const gate = page.locator('[data-testid="team-gate"]')
    await gate.locator('input[name="new-password"]').waitFor()
    await gate.locator('input[name="password"]').fill(password)
    await gate.locator('input[name="new-password"]').fill('a-long-enough-password')
    await gate.locator('button[type="submit"]').click()
    await page.locator('[data-testid="connection"][data-stream="open"]').waitFor()
    const progress = page.locator('[data-testid="team-progress"]')
    await progress.waitFor()
    const p = await store.taskProgress(taskId)
    expect(await progress.locator('summary').innerText()).toContain(`${p.submitted}/${p.slots} labels`)
    await progress.locator('summary').click()
    await expect.poll(() => progress.locator('tbody tr').count()).toBe(1)
    expect(await progress.locator('tbody tr').first().innerText()).toMatch(/ana\s+2\s+1/)
    await screenshot(page, 'team-admin')
  })

  it('refuses a wrong password on the page', async () => {
    const page = await (await browser.newContext()).newPage()
    await signIn(page, 'ana', 'not-the-password')
    expect(await page.locator('[data-testid="team-error"]').innerText()).toMatch(/wrong name or password/)
  })
})
