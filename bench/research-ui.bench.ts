/**
 * Research UI benchmark (issue 10), in headless Chromium against the real web mode: the live training chart
 * (components/charts/LineChart.vue over uPlot) holding a run of N stored points, then receiving pushed points.
 *  1. open: navigation until the chart has drawn all N points (runs.get, the store, the series, the first draw);
 *  2. redraw per pushed point: the chart's own setData → draw time (its `data-draw-ms`), and the frame time while
 *     points stream in at 20 a second (5× the trainer's rate), with Chromium's frame-rate limit off so each frame's
 *     interval is the work it took. Goal: a 10,000-point curve redraws within a 16.7 ms frame.
 * A synthetic run (one fold, 100 batches an epoch) is written into a temp index through the training run store, so
 * no training is needed. Needs the build (`npx electron-vite build`). Run: npx tsx bench/research-ui.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Page } from 'playwright-core'
import type { TrainingProgress } from '../src/shared/api/training'
import { RUN_DEFAULTS } from '../src/shared/domain/runs'
import { createServices } from '../src/main/services/create-services'
import type { Services } from '../src/main/services/create-services'
import { createRunStore } from '../src/main/services/training/run-store'
import { startWebServer } from '../src/main/transports/web/web-server'

const SIZES = [1_000, 10_000, 50_000]
const BATCHES = 100
const PUSHED = 200
const PUSH_EVERY_MS = 50

interface Probe {
  draws: number[]
  frames: number[]
  recording: boolean
}
/** The page global the probe leaves (tsconfig.node.json has no DOM lib) */
interface PageShapes {
  __probe: Probe
}

function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? NaN, n: s.length }
}

const point = (runId: string, i: number, at: number): TrainingProgress => {
  const epoch = Math.floor(i / BATCHES) + 1
  const batch = (i % BATCHES) + 1
  const x = epoch + batch / BATCHES
  return {
    runId,
    fold: 0,
    folds: 1,
    epoch,
    epochs: 10_000,
    batch,
    batches: BATCHES,
    loss: 1.5 / x + 0.05 * Math.sin(i),
    acc: 0.9 - 0.6 / x,
    lr: 0.001,
    throughput: 300,
    etaSec: 60,
    at
  }
}

/** A running run with `n` stored points (and an epoch record at every epoch end) */
function seedRun(services: Services, n: number): string {
  const store = createRunStore(services.db)
  const runId = `bench-${n}`
  store.create(runId, {
    ...RUN_DEFAULTS,
    corpusId: 'bench',
    classes: ['neu', 'hap', 'ang', 'sad'],
    epochs: 10_000,
    testSession: '1'
  })
  store.markRunning(runId)
  store.addFolds(runId, [{ fold: 0, testGroups: ['1'], train: 3200, dev: 800, test: 1000 }])
  const t0 = Date.now() - n * 250
  services.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const p = point(runId, i, t0 + i * 250)
      store.addPoint(runId, p)
      if (p.batch === BATCHES)
        store.addEpoch(runId, {
          fold: 0,
          epoch: p.epoch,
          loss: p.loss,
          acc: p.acc,
          valLoss: p.loss * 1.1,
          valAcc: p.acc - 0.05,
          lr: 0.001,
          seconds: 25
        })
    }
  })()
  return runId
}

async function measure(page: Page, services: Services, origin: string, token: string, n: number) {
  const runId = seedRun(services, n)
  const start = Date.now()
  await page.goto(`${origin}/?token=${token}#/train/${runId}`)
  await page.locator(`[data-testid="loss-chart"][data-points="${n}"]`).waitFor({ timeout: 120_000 })
  const openMs = Date.now() - start
  const firstDraw = Number(await page.locator('[data-testid="loss-chart"]').getAttribute('data-draw-ms'))
  // record every redraw's own time and every frame interval while the points stream in (a string: tsx would wrap
  // a function's inner named closures in a helper the page does not have)
  await page.evaluate(`(() => {
    const probe = { draws: [], frames: [], recording: true }
    window.__probe = probe
    new MutationObserver(() => {
      const ms = document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-draw-ms')
      if (ms) probe.draws.push(Number(ms))
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-draws'] })
    let last = 0
    const tick = (t) => {
      if (last > 0) probe.frames.push(t - last)
      last = t
      if (probe.recording) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })()`)
  const store = createRunStore(services.db)
  for (let i = n; i < n + PUSHED; i++) {
    const p = point(runId, i, Date.now())
    store.addPoint(runId, p)
    services.events.emit('training.progress', p)
    await new Promise((r) => setTimeout(r, PUSH_EVERY_MS))
  }
  await page.locator(`[data-testid="loss-chart"][data-points="${n + PUSHED}"]`).waitFor({ timeout: 60_000 })
  const probe = await page.evaluate(() => {
    const g = globalThis as unknown as PageShapes
    g.__probe.recording = false
    return g.__probe
  })
  return { openMs, firstDraw, draws: stats(probe.draws), frames: stats(probe.frames) }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ser-research-bench-'))
  const services = createServices({ dbPath: join(dir, 'index.db') })
  const server = await startWebServer({ services, port: 0 })
  const browser = await chromium.launch({
    executablePath: process.env.SER_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-frame-rate-limit',
      '--disable-gpu-vsync'
    ]
  })
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
    const f = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '—')
    const rows: string[] = []
    for (const n of SIZES) {
      const r = await measure(page, services, server.origin, server.token, n)
      rows.push(
        `| ${n.toLocaleString('en')} | ${r.openMs} | ${f(r.firstDraw)} | ${f(r.draws.median)} / ${f(r.draws.p95)} / ${f(r.draws.max)} | ${f(r.frames.median)} / ${f(r.frames.p95)} / ${f(r.frames.max)} |`
      )
    }
    console.log(
      `Live chart (two uPlot charts of 4 series each, 1440×900), ${PUSHED} points pushed at ${1000 / PUSH_EVERY_MS}/s`
    )
    console.log(
      '| points in the curve | open: navigation → all drawn (ms) | first draw (ms) | redraw per pushed point, median / p95 / max (ms) | frame time while streaming, median / p95 / max (ms) |'
    )
    console.log('|---|---|---|---|---|')
    for (const row of rows) console.log(row)
  } finally {
    await browser.close()
    await server.close()
    services.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
