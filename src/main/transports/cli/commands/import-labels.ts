import { basename } from 'node:path'
import type { Command } from 'commander'
import { Option } from 'commander'
import { EXPORT_FORMATS } from '../../../../shared/api/labels'
import type { ExportFormat } from '../../../../shared/api/labels'
import type { CommonOptions } from '../cli-context'
import { CliExit, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, log, printJson, withCommon, withServices } from '../cli-context'
import { createDispatcher, callTyped } from '../../dispatch'
import { readRegularFile } from '../../../services/runtime/regular-file'

function formatOf(file: string): ExportFormat | null {
  const ext = file.toLowerCase().replace(/^.*\./, '')
  return ext === 'textgrid'
    ? 'textgrid'
    : ext === 'eaf'
      ? 'eaf'
      : ext === 'csv'
        ? 'csv'
        : ext === 'json'
          ? 'json'
          : null
}

export function registerImportLabels(program: Command): void {
  withCommon(
    program
      .command('import-labels')
      .description("read labels back from a TextGrid, EAF, or the workbench's CSV/JSON export; tiers become annotators")
      .argument('<files...>', 'label files')
      .addOption(new Option('--format <f>', 'file format (default: from the extension)').choices(EXPORT_FORMATS))
  ).action(async (files: string[], opts: CommonOptions & { format?: ExportFormat }) => {
    await withServices(opts, async (s) => {
      const d = createDispatcher(s)
      const results = []
      let failed = false
      for (const file of files) {
        const format = opts.format ?? formatOf(file)
        if (!format) throw new CliExit(EXIT_USAGE, `${file}: unknown extension; give --format`)
        let content: string
        try {
          content = readRegularFile(file).toString('utf8')
        } catch (e) {
          throw new CliExit(EXIT_USAGE, (e as Error).message)
        }
        const r = await callTyped(d, 'labels.import', { format, filename: basename(file), content })
        if (r.errors.length > 0) failed = true
        results.push({ file, ...r })
        if (!opts.json) {
          log(`${file}: ${r.edits} edits by ${r.annotators.join(', ') || 'nobody'}`)
          for (const e of r.errors) log(`  ${e.error}`)
        }
      }
      if (opts.json) printJson(results)
      process.exitCode = failed ? EXIT_PARTIAL : EXIT_OK
    })
  })
}
