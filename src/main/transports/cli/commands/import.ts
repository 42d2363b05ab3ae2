import type { Command } from 'commander'
import { Argument } from 'commander'
import { CORPUS_KINDS } from '../../../../shared/domain/corpus'
import type { CommonOptions } from '../cli-context'
import { EXIT_OK, EXIT_PARTIAL, log, printJson, progressBar, withCommon, withServices } from '../cli-context'
import { createDispatcher, callTyped } from '../../dispatch'

export function registerImport(program: Command): void {
  withCommon(
    program
      .command('import')
      .description('import a corpus folder into the index (iemocap, emodb, ravdess, or any folder of audio)')
      .addArgument(new Argument('<kind>', 'corpus format').choices(CORPUS_KINDS))
      .argument('<dir>', 'the corpus folder (e.g. IEMOCAP_full_release)')
      .option(
        '--manifest <file.csv>',
        'folder imports: CSV with path,speaker,session,category,valence,arousal,dominance'
      )
      .option('--name <name>', 'name of the corpus in the index (default: the folder name)')
  ).action(
    async (
      kind: (typeof CORPUS_KINDS)[number],
      dir: string,
      opts: CommonOptions & { manifest?: string; name?: string }
    ) => {
      await withServices(opts, async (s) => {
        const bar = progressBar('import')
        const off = s.events.on('corpus.importProgress', (p) => bar.update(p.done, p.total, p.item))
        try {
          const summary = await callTyped(createDispatcher(s), 'corpus.import', {
            kind,
            dir,
            ...(opts.manifest ? { manifest: opts.manifest } : {}),
            ...(opts.name ? { name: opts.name } : {})
          })
          bar.stop()
          if (opts.json) printJson(summary)
          else {
            log(
              `${summary.corpus}: ${summary.utterances} utterances, ${summary.sessions} sessions, ` +
                `${summary.speakers} speakers, ${summary.labeled} labelled`
            )
            for (const k of summary.skipped) log(`  skipped ${k.path}: ${k.error}`)
          }
          process.exitCode = summary.skipped.length > 0 ? EXIT_PARTIAL : EXIT_OK
        } finally {
          off()
          bar.stop()
        }
      })
    }
  )
}
