import type { Command } from 'commander'
import { Option } from 'commander'
import { AGREEMENT_FIELDS } from '../../../../shared/api/labels'
import type { AgreementField } from '../../../../shared/api/labels'
import type { CommonOptions } from '../cli-context'
import { printJson, withCommon, withServices } from '../cli-context'
import { createDispatcher, callTyped } from '../../dispatch'

export function registerAgreement(program: Command): void {
  withCommon(
    program
      .command('agreement')
      .description("inter-annotator agreement: Fleiss' kappa and Krippendorff's alpha")
      .addOption(new Option('--field <field>', 'which label').choices(AGREEMENT_FIELDS).default('category'))
      .option('--session <s>', 'only this session')
      .option('--corpus <name>', 'only this corpus')
  ).action(async (opts: CommonOptions & { field: AgreementField; session?: string; corpus?: string }) => {
    await withServices(opts, async (s) => {
      const r = await callTyped(createDispatcher(s), 'labels.agreement', {
        field: opts.field,
        ...(opts.session ? { session: opts.session } : {}),
        ...(opts.corpus ? { corpusId: opts.corpus } : {})
      })
      if (opts.json) return printJson(r)
      const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3))
      process.stdout.write(
        `${r.field}: ${r.items} items, ${r.annotators} annotators, Fleiss' kappa ${f(r.fleissKappa)}, ` +
          `Krippendorff's alpha (${r.metric}) ${f(r.krippendorffAlpha)}\n`
      )
      for (const p of r.perSession)
        process.stdout.write(
          `  session ${p.session}: ${p.items} items, kappa ${f(p.fleissKappa)}, alpha ${f(p.krippendorffAlpha)}\n`
        )
    })
  })
}
