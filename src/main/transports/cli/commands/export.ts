import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { Argument } from 'commander'
import { EXPORT_FORMATS } from '../../../../shared/api/labels'
import type { ExportFormat } from '../../../../shared/api/labels'
import type { CommonOptions } from '../cli-context'
import { log, printJson, withCommon, withServices } from '../cli-context'
import { createDispatcher, callTyped } from '../../dispatch'

export function registerExport(program: Command): void {
  withCommon(
    program
      .command('export')
      .description('export labels with their annotators (textgrid/eaf: one file per dialog, into --out as a folder)')
      .addArgument(new Argument('<format>', 'file format').choices(EXPORT_FORMATS))
      .requiredOption('--out <path>', 'file to write; for textgrid/eaf without --dialog/--utterance, a folder')
      .option('--corpus <name>', 'only this corpus')
      .option('--dialog <id>', 'only this dialog')
      .option('--utterance <id>', 'only this utterance')
  ).action(
    async (
      format: ExportFormat,
      opts: CommonOptions & { out: string; corpus?: string; dialog?: string; utterance?: string }
    ) => {
      await withServices(opts, async (s) => {
        const q = {
          format,
          ...(opts.corpus ? { corpusId: opts.corpus } : {}),
          ...(opts.dialog ? { dialog: opts.dialog } : {}),
          ...(opts.utterance ? { utteranceId: opts.utterance } : {})
        }
        const perDialog = (format === 'textgrid' || format === 'eaf') && !opts.dialog && !opts.utterance
        let written: string[]
        if (perDialog) {
          mkdirSync(opts.out, { recursive: true })
          written = s.labelExport.exportEach(q).map((f) => {
            writeFileSync(join(opts.out, f.filename), f.content)
            return join(opts.out, f.filename)
          })
        } else {
          const file = await callTyped(createDispatcher(s), 'labels.export', q)
          writeFileSync(opts.out, file.content)
          written = [opts.out]
        }
        if (opts.json) printJson({ format, files: written })
        else log(`wrote ${written.length === 1 ? written[0] : `${written.length} files into ${opts.out}`}`)
      })
    }
  )
}
