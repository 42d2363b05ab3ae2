import type { Command } from 'commander'
import type { CommonOptions } from '../cli-context'
import { printJson, withCommon, withServices } from '../cli-context'
import { createDispatcher, callTyped } from '../../dispatch'

export function registerHistory(program: Command): void {
  withCommon(
    program.command('history').description("an utterance's label edits, oldest first").argument('<id>', 'utterance id')
  ).action(async (id: string, opts: CommonOptions) => {
    await withServices(
      opts,
      async (s) => {
        const edits = await callTyped(createDispatcher(s), 'labels.history', { utteranceId: id })
        const out = edits.map((e) => ({
          annotator: e.annotator,
          field: e.field,
          value: e.newValue,
          oldValue: e.oldValue,
          at: e.at,
          source: e.source
        }))
        if (opts.json) return printJson(out)
        for (const e of out)
          process.stdout.write(`${e.at}\t${e.annotator}\t${e.field}\t${e.oldValue ?? '∅'} → ${e.value ?? '∅'}\n`)
      },
      // straight to the team store on a postgresql:// URL: no replica needed
      { refresh: false }
    )
  })
}
