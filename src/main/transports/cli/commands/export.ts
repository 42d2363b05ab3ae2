import { writeFileSync } from 'node:fs'
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
      .description('export labels with their annotators')
      .addArgument(new Argument('<format>', 'file format').choices(EXPORT_FORMATS))
      .requiredOption('--out <path>', 'file to write')
      .option('--corpus <name>', 'only this corpus')
      .option('--dialog <id>', 'only this dialog')
  ).action(async (format: ExportFormat, opts: CommonOptions & { out: string; corpus?: string; dialog?: string }) => {
    await withServices(opts, async (s) => {
      const file = await callTyped(createDispatcher(s), 'labels.export', {
        format,
        ...(opts.corpus ? { corpusId: opts.corpus } : {}),
        ...(opts.dialog ? { dialog: opts.dialog } : {})
      })
      writeFileSync(opts.out, file.content)
      if (opts.json) printJson({ out: opts.out, format, bytes: Buffer.byteLength(file.content) })
      else log(`wrote ${opts.out}`)
    })
  })
}
