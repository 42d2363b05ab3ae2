/**
 * The Team screen in Chromium (docs/team.md, "In the app"): an admin signs in with a one-time password and changes
 * it, adds two annotators (each one-time password shown once), is told by the k field that k = 3 needs a pool of
 * three, makes a blind task with k = 2, and watches its progress and agreement follow labels set by the annotators:
 * one through the API of a second `ser team serve` on the same PostgreSQL (LISTEN/NOTIFY carries it), one from her
 * own Team screen's "Next" in the labeler and then through the API.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../src/main/services/store/store'
import { createAccounts } from '../../src/main/services/team/accounts'
import { taskAgreement } from '../../src/main/services/team/task-agreement'
import type { Task } from '../../src/shared/domain/team'
import { launchBrowser, screenshot } from '../helpers/browser'
import type { PostgresServer } from '../helpers/postgres-server'
import { startPostgres } from '../helpers/postgres-server'
import { TeamClient } from '../helpers/team-client'
import { passwordOf, teamStore } from '../helpers/team-fixture'
import type { TeamServeProcess } from '../helpers/team-serve-process'
import { startTeamServe } from '../helpers/team-serve-process'
import { labelView, waitSaved } from './labeling-page'
import type { LayoutProblem } from './layout-probe'
import { LAYOUT_PROBE } from './layout-probe'

let pg: PostgresServer
let store: Store
let serve: TeamServeProcess
let other: TeamServeProcess
let browser: Browser
let bossPassword: string

// what each annotator says of the utterances handed to them, in the order handed out: they disagree on some
const SAYS: Record<string, string[]> = {
  ana: ['sad', 'hap', 'ang', 'neu', 'sad', 'hap'],
  bo: ['sad', 'hap', 'neu', 'neu', 'ang', 'hap']
}

beforeAll(async () => {
  pg = await startPostgres()
  const url = pg.createDatabase('admin_ui')
  store = await teamStore(url, [['vic', 'viewer']])
  bossPassword = (await createAccounts(store).add('boss', 'admin')).password
  ;[serve, other, browser] = await Promise.all([
    startTeamServe(['--db', url, '--listen', '127.0.0.1:0']),
    startTeamServe(['--db', url, '--listen', '127.0.0.1:0']),
    launchBrowser()
  ])
})
afterAll(async () => {
  await browser?.close()
  await Promise.all([serve?.stop(), other?.stop()])
  await store?.close()
  pg?.cleanup()
})

/** Signs in with a one-time password and chooses `newPassword`; the page reloads signed in */
async function firstSignIn(page: Page, name: string, password: string, newPassword: string): Promise<void> {
  await page.goto(`${serve.origin}/`)
  const gate = page.locator('[data-testid="team-gate"]')
  await gate.locator('input[name="name"]').fill(name)
  await gate.locator('input[name="password"]').fill(password)
  await gate.locator('button[type="submit"]').click()
  await gate.locator('input[name="new-password"]').waitFor()
  await gate.locator('input[name="password"]').fill(password)
  await gate.locator('input[name="new-password"]').fill(newPassword)
  await gate.locator('button[type="submit"]').click()
  await page.locator('[data-testid="connection"][data-stream="open"]').waitFor()
  await page.locator('[data-workspace="team"]').click()
  await page.locator('[data-testid="team-view"]').waitFor()
}

/** An annotator through the API: signs in, labels `count` utterances the server hands out (each as SAYS) */
async function labelThroughApi(client: TeamClient, name: string, taskId: number, from: number, count: number) {
  for (let i = from; i < from + count; i++) {
    const { utteranceId } = await client.ok<{ utteranceId: string | null }>('team.next', { taskId })
    expect(utteranceId, `${name}'s utterance ${i}`).not.toBeNull()
    await client.ok('labels.set', { utteranceId, annotator: name, category: SAYS[name][i] })
  }
}

/** What does not fit on the page: header and screen alike, at a laptop's width */
async function layoutProblems(page: Page): Promise<string[]> {
  // from the top: rows scrolled up under the header are not an overlap
  await page.evaluate(`document.querySelector('[data-testid="team-view"]').scrollTop = 0`)
  const problems = (await page.evaluate(`${LAYOUT_PROBE}('.app')`)) as LayoutProblem[]
  return problems.map((p) => `${p.kind}: ${p.what}: ${p.detail}`)
}

const cell = (page: Page, annotator: string, stat: string) =>
  page.locator(`[data-testid="progress-annotators"] tr[data-annotator="${annotator}"] [data-stat="${stat}"]`)

describe('the Team screen', () => {
  it('lets an admin add annotators, make a blind task with k = 2, and follow its progress and agreement live', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 860 },
      permissions: ['clipboard-read', 'clipboard-write']
    })
    const page = await context.newPage()
    await firstSignIn(page, 'boss', bossPassword, 'boss-long-password')
    // signed in, the page logs no error (a refused call, a CSP violation, an exception in a view)
    const errors: string[] = []
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())))
    page.on('pageerror', (e) => errors.push(e.message))
    expect(await page.locator('[data-testid="team-view"]').getAttribute('data-role')).toBe('admin')

    // two annotators; each one-time password shows once, and copies
    const passwords: Record<string, string> = {}
    const form = page.locator('[data-testid="add-account"]')
    for (const name of ['ana', 'bo']) {
      await form.locator('input[name="account-name"]').fill(name)
      await form.locator('select[name="account-role"]').selectOption('annotator')
      await form.locator('button[type="submit"]').click()
      const note = page.locator(`[data-testid="one-time-password"][data-account="${name}"]`)
      await note.waitFor()
      expect(await note.innerText()).toMatch(/Shown once/)
      passwords[name] = await note.locator('input').inputValue()
      await note.locator('[data-action="copy"]').click()
      await note.locator('[data-action="copy"]', { hasText: 'Copied' }).waitFor()
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(passwords[name])
    }
    expect(passwords.ana).toHaveLength(20)
    expect(passwords.ana).not.toBe(passwords.bo)
    const accounts = page.locator('[data-testid="team-accounts"] tbody tr')
    await expect.poll(() => accounts.count()).toBe(4)
    expect(await page.locator('tr[data-account="ana"] [data-testid="must-change"]').count()).toBe(1)
    expect((await store.account('ana'))?.role).toBe('annotator')
    await screenshot(page, 'team-admin-accounts')

    // a task over session 1: k = 3 with a pool of two is refused, next to k
    const task = page.locator('[data-testid="task-form"]')
    await task.locator('input[name="task-name"]').fill('session one')
    await task.locator('[data-choices="sessions"] input[value="1"]').check()
    await task.locator('input[data-pool="ana"]').check()
    await task.locator('input[data-pool="bo"]').check()
    expect(await task.locator('input[name="task-blind"]').isChecked()).toBe(true)
    expect(await task.locator('input[name="task-k"]').inputValue()).toBe('3')
    await task.locator('button[type="submit"]').click()
    const kError = task.locator('[data-error-for="k"]')
    await kError.waitFor()
    expect(await kError.innerText()).toMatch(/^k: 3 annotators per utterance, but the pool has 2/)
    await screenshot(page, 'team-admin-task-error')
    await task.locator('input[name="task-k"]').fill('2')
    await task.locator('button[type="submit"]').click()
    await kError.waitFor({ state: 'detached' })

    const progress = page.locator('[data-testid="task-progress"]')
    await progress.waitFor()
    const created = (await store.tasks()).find((t: Task) => t.name === 'session one')!
    expect(created).toMatchObject({ k: 2, blind: true, pool: ['ana', 'bo'], filter: { sessions: ['1'] }, items: 6 })
    await progress.locator('[data-stat="submitted"]', { hasText: '0 / 12' }).waitFor()

    // bo labels everything through the other server: the label events reach this page through PostgreSQL
    const bo = new TeamClient(other.origin)
    await bo.login('bo', passwords.bo)
    await bo.ok('team.changePassword', { password: passwords.bo, newPassword: 'bo-long-password' })
    await labelThroughApi(bo, 'bo', created.id, 0, 6)
    // well inside the 15 s poll: it came by push
    await expect.poll(() => cell(page, 'bo', 'submitted').innerText(), { timeout: 10_000 }).toBe('6')
    expect(await progress.locator('[data-stat="complete"]').innerText()).toBe('0 / 6')

    // ana: her first sign-in, her Team screen, "Next" opens the labeler on what the server handed her
    const anaPage = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    await firstSignIn(anaPage, 'ana', passwords.ana, 'ana-long-password')
    const mine = anaPage.locator(`[data-testid="team-tasks"] tr[data-task="${created.id}"]`)
    await mine.waitFor()
    expect(await anaPage.locator('[data-testid="task-progress"]').count()).toBe(0)
    expect(await anaPage.locator('[data-testid="team-accounts"]').count()).toBe(0)
    await screenshot(anaPage, 'team-annotator-tasks')
    expect(await layoutProblems(anaPage)).toEqual([])
    await mine.locator('[data-action="next"]').click()
    await expect.poll(async () => (await store.assignedTo('ana')).length).toBe(1)
    const first = (await store.assignedTo('ana'))[0]
    await labelView(anaPage).utterance(first)
    await anaPage.locator(`[data-testid="label-panel"] .cat[data-category="${SAYS.ana[0]}"]`).click()
    await waitSaved(anaPage)
    await expect.poll(() => cell(page, 'ana', 'submitted').innerText(), { timeout: 10_000 }).toBe('1')
    // at the end of what she was handed, the labeler's J asks the queue for her next one
    await anaPage.keyboard.press('j')
    await expect.poll(async () => (await store.assignedTo('ana')).length).toBe(2)
    const second = (await store.assignedTo('ana')).find((id) => id !== first)!
    await labelView(anaPage).utterance(second)
    await anaPage.locator(`[data-testid="label-panel"] .cat[data-category="${SAYS.ana[1]}"]`).click()
    await waitSaved(anaPage)
    await screenshot(anaPage, 'team-annotator-label')

    // and the rest of hers through the API of this server
    const ana = new TeamClient(serve.origin)
    await ana.login('ana', 'ana-long-password')
    await labelThroughApi(ana, 'ana', created.id, 2, 4)
    await progress.locator('[data-stat="submitted"]', { hasText: '12 / 12' }).waitFor({ timeout: 10_000 })
    expect(await progress.locator('[data-stat="complete"]').innerText()).toBe('6 / 6')
    expect(await cell(page, 'ana', 'open').innerText()).toBe('0')
    // their first sign-ins show in the accounts too
    await expect.poll(() => page.locator('[data-testid="must-change"]').count()).toBe(0)

    // the agreement shown is the server's, for the pool's labels only
    const agreement = await taskAgreement(store, created.id, 'category')
    expect(agreement).toMatchObject({ items: 6, annotators: 2 })
    const row = progress.locator('[data-testid="agreement-summary"] tr[data-field="category"]')
    // shown to three decimals
    const shown = async (stat: string) => Number(await row.locator(`[data-stat="${stat}"]`).innerText())
    expect(agreement.fleissKappa).not.toBeNull()
    await expect.poll(() => shown('fleiss')).toBeCloseTo(agreement.fleissKappa!, 3)
    expect(await shown('alpha')).toBeCloseTo(agreement.krippendorffAlpha!, 3)
    expect(await row.locator('td.num').first().innerText()).toBe('6')
    await screenshot(page, 'team-admin-live')
    expect(await layoutProblems(page)).toEqual([])
    await page.setViewportSize({ width: 1024, height: 700 })
    await screenshot(page, 'team-admin-1024')
    expect(await layoutProblems(page)).toEqual([])
    await page.setViewportSize({ width: 1280, height: 860 })

    // disabling an account ends its sessions and shows at once
    await page.locator('tr[data-account="bo"] [data-action="disable"]').click()
    await page.locator('tr[data-account="bo"][data-disabled="true"]').waitFor()
    expect((await bo.call('team.me')).status).toBe(401)
    // a reset shows the new one-time password once, and the account must change it again
    await page.locator('tr[data-account="ana"] [data-action="reset"]').click()
    const reset = page.locator('[data-testid="one-time-password"][data-account="ana"]')
    await reset.waitFor()
    expect(await reset.innerText()).toMatch(/New password for ana/)
    const again = await reset.locator('input').inputValue()
    expect(again).not.toBe(passwords.ana)
    await page.locator('tr[data-account="ana"] [data-testid="must-change"]').waitFor()
    await reset.locator('[data-action="close"]').click()
    expect(await page.locator('[data-testid="one-time-password"]').count()).toBe(0)
    // but the browser's note of the one refusal asked for: the task with k = 3 (HTTP 400)
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)'])
  })
  it('shows a viewer the tasks with their progress and agreement, and nothing to change', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    await page.goto(`${serve.origin}/#/team`)
    const gate = page.locator('[data-testid="team-gate"]')
    await gate.locator('input[name="name"]').fill('vic')
    await gate.locator('input[name="password"]').fill(passwordOf('vic'))
    await gate.locator('button[type="submit"]').click()
    const view = page.locator('[data-testid="team-view"][data-role="viewer"]')
    await view.waitFor()
    const row = view.locator('[data-testid="team-tasks"] tbody tr')
    await expect.poll(() => row.count()).toBe(1)
    await row.first().click()
    await view.locator('[data-testid="task-progress"] [data-stat="submitted"]', { hasText: '12 / 12' }).waitFor()
    expect(
      await view.locator('[data-testid="team-accounts"], [data-testid="task-form"], [data-action="next"]').count()
    ).toBe(0)
    await screenshot(page, 'team-viewer')
  })
})
