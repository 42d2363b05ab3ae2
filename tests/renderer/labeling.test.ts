/**
 * The labeling workspace of issue 9 in a real browser against the real web mode: label three utterances by keyboard
 * alone and find them (and their history) after a reload; play an utterance with its waveform and spectrogram drawn;
 * the agreement view shows the numbers the API gives; label files go out (TextGrid) and come back in (CSV).
 * Screenshots go to test-output/screenshots/.
 */
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AgreementField, AgreementReport } from '../../src/shared/api/labels'
import type { Utterance } from '../../src/shared/domain/corpus'
import { launchBrowser, screenshot } from '../helpers/browser'
import type { WebHarness } from '../helpers/web-harness'
import { startWebHarness } from '../helpers/web-harness'
import { canvasInk, labelView, waitSaved } from './labeling-page'

let h: WebHarness
let browser: Browser
let page: Page
let ids: string[]

async function api<T>(method: string, args: unknown): Promise<T> {
  const r = await h.call(method, args)
  if (!r.body.ok) throw new Error(`${method}: ${r.body.error?.message}`)
  return r.body.value as T
}

beforeAll(async () => {
  ;[h, browser] = await Promise.all([startWebHarness(), launchBrowser()])
  page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage()
  ids = (await api<Utterance[]>('corpus.utterances', { corpusId: 'tiny' })).map((u) => u.id)
})

afterAll(async () => {
  await browser?.close()
  await h?.close()
})

describe('the labeling workspace', () => {
  it('labels three utterances by keyboard alone; after a reload the labels and their history are there', async () => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${h.server.url}#/label`)
    // who is labelling: typed, then Enter
    await page.locator('[data-testid="annotator-name"]').waitFor()
    await screenshot(page, 'label-annotator-picker')
    await page.keyboard.type('ana')
    await page.keyboard.press('Enter')
    await labelView(page).utterance(ids[0])

    // as fast as a person types: no waiting between keys; J moves on while the last edit is still in flight
    for (const key of [
      'Digit4',
      'KeyW',
      'KeyD',
      'KeyZ',
      'KeyJ',
      'Digit1',
      'KeyE',
      'KeyS',
      'KeyX',
      'KeyJ',
      'Digit5',
      'KeyQ',
      'KeyA',
      'KeyC',
      'KeyM'
    ]) {
      await page.keyboard.press(key)
    }
    await labelView(page).utterance(ids[2])
    await waitSaved(page)
    const stored = (id: string) => h.services.labels.current(id).find((l) => l.annotator === 'ana')
    await expect.poll(() => stored(ids[2])?.flag).toBe(true)
    expect(stored(ids[0])).toMatchObject({ category: 'ang', valence: 2, arousal: 3, dominance: 1, flag: false })
    expect(stored(ids[1])).toMatchObject({ category: 'neu', valence: 3, arousal: 2, dominance: 2 })
    expect(stored(ids[2])).toMatchObject({ category: 'sad', valence: 1, arousal: 1, dominance: 3, flag: true })

    // undo and redo are new edits: the history only grows
    await page.keyboard.press('KeyU')
    await expect.poll(() => stored(ids[2])?.flag).toBe(false)
    await page.keyboard.press('Shift+KeyU')
    await expect.poll(() => stored(ids[2])?.flag).toBe(true)
    await screenshot(page, 'label-keyboard')
    await page.keyboard.press('Shift+Slash')
    await page.locator('[data-testid="cheat-sheet"]').waitFor()
    await screenshot(page, 'label-cheat-sheet')
    await page.keyboard.press('Escape')
    await page.locator('[data-testid="cheat-sheet"]').waitFor({ state: 'detached' })

    await page.reload()
    const view = labelView(page)
    await view.utterance(ids[2])
    expect(await view.pressedCategory()).toBe('sad')
    expect(await view.pressedScales()).toEqual({ valence: 1, arousal: 1, dominance: 3 })
    expect(await page.locator('[data-testid="flag"]').getAttribute('aria-pressed')).toBe('true')
    // category, three scales, flag, and the undo/redo pair of the flag
    expect(await view.historyOf('ana')).toEqual(['flag', 'flag', 'flag', 'dominance', 'arousal', 'valence', 'category'])
    await page.keyboard.press('KeyK')
    await view.utterance(ids[1])
    expect(await view.pressedCategory()).toBe('neu')
    expect(await view.pressedScales()).toEqual({ valence: 3, arousal: 2, dominance: 2 })
    await page.keyboard.press('KeyK')
    await view.utterance(ids[0])
    expect(await view.pressedCategory()).toBe('ang')
    expect(await view.historyOf('ana')).toEqual(['dominance', 'arousal', 'valence', 'category'])
    // the consensus follows the person: ana is the only person on it
    expect(await page.locator('[data-annotator="consensus"] .cat').innerText()).toBe('ang')
    await screenshot(page, 'label-after-reload')
    expect(errors).toEqual([])
  })

  it('plays an utterance in its dialog, with the waveform and the spectrogram drawn', async () => {
    const view = labelView(page)
    await page.keyboard.press('KeyJ')
    await view.utterance(ids[1])
    await page.locator('[data-testid="spectrogram"][data-state="ready"]').waitFor()
    expect(await page.locator('[data-testid="player"]').getAttribute('data-source')).toBe('dialog')
    const start = await view.audioTime()
    await page.keyboard.press('Space')
    await expect.poll(() => view.audioTime(), { timeout: 10_000 }).toBeGreaterThan(start + 0.3)
    expect(await page.locator('[data-testid="player"]').getAttribute('data-playing')).toBe('true')
    expect(await canvasInk(page, '[data-testid="spectrogram"] canvas')).toBeGreaterThan(0.05)
    expect(await canvasInk(page, 'waveform')).toBeGreaterThan(0.01)
    await screenshot(page, 'label-player')
    // Space again pauses; and playback stops by itself at the end of the utterance
    await page.keyboard.press('Space')
    await expect.poll(() => page.locator('[data-testid="player"]').getAttribute('data-playing')).toBe('false')
  })

  it('shows the agreement numbers the API computes, overall, per session and per pair', async () => {
    await page.locator('[data-workspace="agreement"]').click()
    const view = page.locator('[data-testid="agreement-view"][data-loading="false"]')
    await view.waitFor()
    for (const field of ['category', 'valence', 'arousal', 'dominance'] as AgreementField[]) {
      const r = await api<AgreementReport>('labels.agreement', { field, corpusId: 'tiny' })
      const row = page.locator(`[data-testid="agreement-summary"] tr[data-field="${field}"]`)
      await expect
        .poll(() => row.locator('[data-stat="fleiss"]').innerText())
        .toBe(r.fleissKappa === null ? '–' : r.fleissKappa.toFixed(3))
      expect(await row.locator('[data-stat="alpha"]').innerText()).toBe(
        r.krippendorffAlpha === null ? '–' : r.krippendorffAlpha.toFixed(3)
      )
      for (const s of r.perSession) {
        const cell = page.locator(
          `[data-testid="agreement-sessions"] tr[data-session="${s.session}"] [data-stat="${field}-fleiss"]`
        )
        expect(await cell.innerText()).toBe(s.fleissKappa === null ? '–' : s.fleissKappa.toFixed(3))
      }
      if (field === 'category') {
        const busiest = [...r.pairwise].sort((a, b) => b.items - a.items)[0]
        const cell = page
          .locator(`[data-pair="${busiest.a}|${busiest.b}"], [data-pair="${busiest.b}|${busiest.a}"]`)
          .first()
        expect(await cell.innerText()).toBe(busiest.cohenKappa === null ? '–' : busiest.cohenKappa.toFixed(3))
        expect(await page.locator('[data-testid="confusion"] figcaption').innerText()).toContain(
          `${busiest.items} shared items`
        )
      }
    }
    await screenshot(page, 'agreement')
  })

  it('exports the dialog as a TextGrid and imports a changed CSV back', async () => {
    await page.locator('[data-workspace="label"]').click()
    await labelView(page).utterance(ids[1])
    await page.locator('[data-testid="label-files"]').click()
    await page.locator('[data-format="textgrid"]').check()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="export"]').click()
    ])
    const dialog = ids[1].replace(/_[FM]\d{3}$/, '')
    expect(download.suggestedFilename()).toBe(`${dialog}.TextGrid`)
    const text = readFileSync((await download.path())!, 'utf8')
    expect(text).toContain('Object class = "TextGrid"')
    expect(text).toMatch(/name = "[^"|]+ \| ana \| category"/)
    expect(text).toContain('text = "neu"')
    await screenshot(page, 'label-files')

    // a CSV with ana's category of this utterance changed, chosen from disk: one edit, shown at once
    await page.locator('[data-format="csv"]').check()
    await page.locator('[data-testid="export-scope"]').selectOption('utterance')
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="export"]').click()
    ])
    const csv = readFileSync((await csvDownload.path())!, 'utf8')
    const changed = csv.replace(/^(.*,ana,human,)neu,/m, '$1hap,')
    expect(changed).not.toBe(csv)
    await page
      .locator('[data-testid="import-file"]')
      .setInputFiles({ name: 'relabel.csv', mimeType: 'text/csv', buffer: Buffer.from(changed) })
    await expect.poll(() => page.locator('[data-testid="import-summary"]').innerText()).toContain('1 edits')
    await expect.poll(() => labelView(page).pressedCategory()).toBe('hap')
  })

  it('filters the list: flagged for a second look, raters disagree, a category, a search', async () => {
    const count = () => page.locator('[data-testid="list-count"]').innerText()
    const listed = () =>
      page
        .locator('[data-testid="utterance-list"] [data-utterance]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-utterance')))
    await page.locator('[data-testid="filter-flagged"]').check()
    await expect.poll(count).toBe('1 utterance')
    expect(await listed()).toEqual([ids[2]])
    await page.locator('[data-testid="filter-flagged"]').uncheck()
    const disagree = (await api<Utterance[]>('corpus.utterances', { corpusId: 'tiny', disagree: true })).map(
      (u) => u.id
    )
    await page.locator('[data-testid="filter-disagree"]').check()
    await expect.poll(listed).toEqual(disagree)
    await page.locator('[data-testid="filter-disagree"]').uncheck()
    // the class chips count the consensus and pick the category
    const stats = await api<{ byCategory: Record<string, number> }>('corpus.stats', { corpusId: 'tiny' })
    const chip = page.locator('[data-count-category="neu"]')
    await expect.poll(() => chip.locator('.n').innerText()).toBe(String(stats.byCategory.neu))
    await chip.click()
    await expect.poll(count).toBe(`${stats.byCategory.neu} utterance${stats.byCategory.neu === 1 ? '' : 's'}`)
    await chip.click()
    // "/" focuses the search; typing narrows by transcript
    const u = (await api<Utterance[]>('corpus.utterances', { corpusId: 'tiny' })).find((x) => x.transcript)!
    const word = u.transcript!.split(' ')[1]
    const matching = (await api<Utterance[]>('corpus.utterances', { corpusId: 'tiny', search: word })).map((x) => x.id)
    await page.locator('body').press('Slash')
    await page.keyboard.type(word)
    await expect.poll(listed).toEqual(matching)
    await screenshot(page, 'label-filters')
    await page.keyboard.press('Escape')
  })
})
