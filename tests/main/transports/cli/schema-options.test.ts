import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { StartTrainingRequest } from '../../../../src/shared/api/training'
import { CliExit } from '../../../../src/main/transports/cli/cli-context'
import { TRAIN_OPTIONS } from '../../../../src/main/transports/cli/commands/train'

/** `ser train`'s request flags on a bare command, parsed as the CLI would (errors thrown, not exited). */
function parse(args: string[]): Record<string, unknown> {
  const cmd = new Command('train').exitOverride().configureOutput({ writeErr: () => {} })
  for (const o of TRAIN_OPTIONS.options) cmd.addOption(o)
  cmd.parse(args, { from: 'user' })
  return TRAIN_OPTIONS.request(cmd.opts())
}

function usage(args: string[]): string {
  try {
    parse(args)
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
  throw new Error(`${args.join(' ')}: expected a usage error`)
}

describe('ser train flags, derived from StartTrainingRequest', () => {
  it('every request field has a flag, and every flag sets its own field', () => {
    const fields = Object.keys(StartTrainingRequest.shape)
    expect(Object.keys(TRAIN_OPTIONS.flags).sort()).toEqual([...fields].sort())
    const longs = TRAIN_OPTIONS.options.map((o) => o.long)
    for (const field of fields) expect(longs, field).toContain(TRAIN_OPTIONS.flags[field])
  })

  it('keeps the documented names (docs/cli.md)', () => {
    expect(TRAIN_OPTIONS.flags).toMatchObject({
      corpusId: '--corpus',
      testSession: '--test-session',
      earlyStoppingPatience: '--patience',
      noiseSnrDb: '--noise-snr',
      maxSeconds: '--max-seconds',
      classes: '--classes',
      features: '--features'
    })
  })

  it('parses each kind of field into the request, and leaves out what was not given', () => {
    expect(parse([])).toEqual({})
    const r = parse([
      '--corpus',
      'emodb',
      '--task',
      'multi',
      '--alpha',
      '0.3',
      '--epochs',
      '4',
      '--filter-widths',
      '5,10',
      '--noise-snr',
      '10,30',
      '--patience',
      '0',
      '--classes',
      'neu,ang',
      '--preset',
      'none',
      '--folds',
      'none',
      '--balanced-batches',
      '--no-keep-best',
      '--learning-rate',
      '0.001',
      '--test-session',
      'Ses01'
    ])
    expect(r).toEqual({
      corpusId: 'emodb',
      task: 'multi',
      alpha: 0.3,
      epochs: 4,
      filterWidths: [5, 10],
      noiseSnrDb: [10, 30],
      earlyStoppingPatience: 0,
      classes: ['neu', 'ang'],
      preset: null,
      folds: null,
      balancedBatches: true,
      keepBest: false,
      learningRate: 0.001,
      testSession: 'Ses01'
    })
    expect(StartTrainingRequest.safeParse(r).success).toBe(true)
  })

  it("rejects values outside the schema's bounds, naming the flag", () => {
    expect(usage(['--alpha', '1.5'])).toMatch(/^--alpha: 1.5 is outside 0…1/)
    expect(usage(['--epochs', '2.5'])).toMatch(/^--epochs: expected an integer/)
    expect(usage(['--learning-rate', '0'])).toMatch(/^--learning-rate: 0 is out of range/)
    expect(usage(['--noise-snr', '10'])).toMatch(/^--noise-snr: give 2 comma-separated values/)
    expect(usage(['--speed-factors', '0.9,3'])).toMatch(/^--speed-factors: 3 is outside 0.5…2/)
    expect(usage(['--task', 'both'])).toMatch(/--task.*Allowed choices are single, multi/)
    expect(usage(['--classes', 'neu,happy'])).toMatch(/^--classes: unknown category 'happy'/)
    expect(() => parse(['--batch-size', '0'])).toThrow(CliExit)
  })
})
