import type { Command } from 'commander'
import type { CategoryCode } from '../../../../shared/domain/categories'
import type { CommonOptions } from '../cli-context'
import { printJson, withCommon, withServices } from '../cli-context'
import { createDispatcher, callTyped } from '../../dispatch'

interface ListOptions extends CommonOptions {
  session?: string
  speaker?: string
  category?: string
  corpus?: string
}

export function registerList(program: Command): void {
  withCommon(
    program
      .command('list')
      .description('list utterances with their consensus labels')
      .option('--session <s>', 'only this session')
      .option('--speaker <s>', 'only this speaker')
      .option('--category <c>', 'only this consensus category (three-letter code)')
      .option('--corpus <name>', 'only this corpus')
  ).action(async (opts: ListOptions) => {
    await withServices(
      opts,
      async (s) => {
        const rows = await callTyped(createDispatcher(s), 'corpus.utterances', {
          ...(opts.session ? { session: opts.session } : {}),
          ...(opts.speaker ? { speaker: opts.speaker } : {}),
          ...(opts.category ? { category: opts.category as CategoryCode } : {}),
          ...(opts.corpus ? { corpusId: opts.corpus } : {})
        })
        const out = rows.map((u) => ({
          id: u.id,
          path: u.path,
          session: u.session,
          speaker: u.speaker,
          dialog: u.dialog,
          durationSec: u.durationSec,
          sampleRate: u.sampleRate,
          category: u.category,
          valence: u.valence,
          arousal: u.arousal,
          dominance: u.dominance
        }))
        if (opts.json) return printJson(out)
        const fmt = (v: number | null) => (v === null ? '-' : v.toFixed(2))
        for (const u of out) {
          process.stdout.write(
            [
              u.id,
              u.session ?? '-',
              u.speaker ?? '-',
              u.durationSec.toFixed(2) + 's',
              u.category ?? '-',
              fmt(u.valence),
              fmt(u.arousal),
              fmt(u.dominance)
            ].join('\t') + '\n'
          )
        }
      },
      // straight to the team store on a postgresql:// URL: no replica needed
      { refresh: false }
    )
  })
}
