import type { Command } from 'commander'
import type { CategoryCode } from '../../../../shared/domain/categories'
import type { CommonOptions } from '../cli-context'
import { log, parseBool, parseNumber, printJson, withCommon, withServices } from '../cli-context'
import { createDispatcher, callTyped } from '../../dispatch'

interface LabelOptions extends CommonOptions {
  annotator: string
  category?: string
  valence?: number
  arousal?: number
  dominance?: number
  flag?: boolean
}

export function registerLabel(program: Command): void {
  withCommon(
    program
      .command('label')
      .description('set labels of one utterance as one annotator; durable when the command returns')
      .argument('<id>', 'utterance id')
      .requiredOption('--annotator <name>', 'who is labelling')
      .option('--category <c>', 'category code (neu, hap, exc, ang, sad, fru, fea, sur, dis, oth, xxx, cal, bor)')
      .option('--valence <v>', 'valence 1–5', parseNumber('valence'))
      .option('--arousal <a>', 'arousal (activation) 1–5', parseNumber('arousal'))
      .option('--dominance <d>', 'dominance 1–5', parseNumber('dominance'))
      .option('--flag <true|false>', 'flag for a second look', parseBool('flag'))
  ).action(async (id: string, opts: LabelOptions) => {
    await withServices(
      opts,
      async (s) => {
        // one schema check for every transport: an unknown category or a value outside 1–5 is refused, nothing written
        const edits = await callTyped(createDispatcher(s), 'labels.set', {
          utteranceId: id,
          annotator: opts.annotator,
          ...(opts.category !== undefined ? { category: opts.category as CategoryCode } : {}),
          ...(opts.valence !== undefined ? { valence: opts.valence } : {}),
          ...(opts.arousal !== undefined ? { arousal: opts.arousal } : {}),
          ...(opts.dominance !== undefined ? { dominance: opts.dominance } : {}),
          ...(opts.flag !== undefined ? { flag: opts.flag } : {})
        })
        if (opts.json) printJson(edits)
        else if (edits.length === 0) log(`${id}: unchanged`)
        else
          for (const e of edits)
            log(`${id}: ${e.field} ${e.oldValue ?? '∅'} → ${e.newValue ?? '∅'} (${e.annotator}, ${e.at})`)
      },
      // straight to the team store on a postgresql:// URL: no replica needed
      { refresh: false }
    )
  })
}
