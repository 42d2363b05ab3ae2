/**
 * `ser train --model baseline` end to end on the demo corpus, as a user runs it (the built CLI, like
 * evaluation-commands.test.ts): the --json contract, the preset the run records, and `ser evaluate` putting the
 * run beside the eGeMAPS baseline; a nonsensical combination is a usage error naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DemoIndex } from '../../../helpers/demo-index'
import { demoIndex } from '../../../helpers/demo-index'
import { ser } from '../../../helpers/run-ser'

let demo: DemoIndex
beforeAll(async () => {
  demo = await demoIndex()
  demo.services.close()
})
afterAll(() => demo?.cleanup())

describe('ser train --model baseline', () => {
  it('trains every fold in process and prints the contract fields; ser evaluate shows the baseline beside it', async () => {
    const r = ser(['train', '--model', 'baseline', '--classifier', 'svm', '--json', '--db', demo.dbPath])
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({
      status: 'done',
      backend: 'in-process',
      preset: 'workbench',
      model: 'baseline',
      epochs: 4
    })
    expect(out.folds).toHaveLength(5)
    expect(out.testUtterances).toBe(
      out.folds.reduce((s: number, f: { testUtterances: number }) => s + f.testUtterances, 0)
    )
    expect(Number.isFinite(out.metrics.ua)).toBe(true)
    expect(r.stderr).toMatch(/preset: workbench; model baseline \(svm, speaker normalisation\)/)
    expect(r.stderr).toMatch(/backend: none \(the baseline fits in this process\)/)

    const listed = JSON.parse(ser(['runs', '--json', '--db', demo.dbPath]).stdout) as {
      id: string
      config: Record<string, unknown>
    }[]
    expect(listed.find((x) => x.id === out.runId)?.config).toMatchObject({
      model: 'baseline',
      classifier: 'svm',
      normalisation: 'speaker',
      preset: 'workbench'
    })

    const e = ser(['evaluate', '--run', out.runId, '--db', demo.dbPath])
    expect(e.status, e.stderr).toBe(0)
    // the default baseline is LR: the SVM run is some points off it, in either direction
    expect(e.stdout).toMatch(
      /[+−]\d+\.\d UA over the eGeMAPS baseline: baseline LR per speaker on the same folds WA \d+\.\d UA \d+\.\d/
    )
  })

  it('a combination that makes no sense names its field and exits 2', async () => {
    const r = ser(['train', '--model', 'baseline', '--task', 'multi', '--json', '--db', demo.dbPath])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/task: the baseline has one head/)
    const a = ser(['train', '--model', 'fusion', '--attention', '--json', '--db', demo.dbPath])
    expect(a.status).toBe(2)
    expect(a.stderr).toMatch(/--attention: it means --model attentive-cnn/)
  })
})
