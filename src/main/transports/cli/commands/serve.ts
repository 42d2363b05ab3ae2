import type { Command } from 'commander'
import { ensureDemoCorpus } from '../../../services/demo/demo-corpus'
import { createIndexSwitch } from '../../index-switch'
import { startWebServer } from '../../web/web-server'
import type { CommonOptions } from '../cli-context'
import { untilSignal } from '../until-signal'
import { CliExit, EXIT_USAGE, log, parseNumber, printJson, progressBar, withCommon, withServices } from '../cli-context'

interface ServeOptions extends CommonOptions {
  port?: number
  demo?: boolean
}

/**
 * `ser serve`: the localhost web mode (docs/cli.md). Prints the URL with this launch's token on stdout and serves
 * until SIGINT/SIGTERM. `--demo` first makes sure the demo corpus is generated and in the index, which is what
 * `npm start` runs where Electron's runtime is absent.
 */
export function registerServe(program: Command): void {
  withCommon(
    program
      .command('serve')
      .description('serve the app in a browser on 127.0.0.1 (the web mode), with a per-launch token in the URL')
      .option(
        '--port <n>',
        'port on 127.0.0.1 (default: a free one)',
        parseNumber('port', { integer: true, min: 0, max: 65535 })
      )
      .option('--demo', 'generate the demo corpus if needed and make sure it is in the index')
  ).action(async (opts: ServeOptions) => {
    await withServices(opts, async (services) => {
      if (opts.demo) {
        const bar = progressBar('demo corpus')
        const off = services.events.on('corpus.importProgress', (p) => bar.update(p.done, p.total, p.item))
        try {
          await ensureDemoCorpus(services)
          // on a team store: publish the demo corpus there, as an import through the app would
          await services.team?.push()
        } finally {
          off()
          bar.stop()
        }
      }
      // the page may open another index (a file or a postgresql:// URL: corpus.open) while this serves
      const index = createIndexSwitch(services)
      const server = await startWebServer({
        services: index.services,
        dispatcher: index.dispatcher,
        port: opts.port ?? 0
      }).catch((e: unknown) => {
        if ((e as { code?: string }).code === 'EADDRINUSE')
          throw new CliExit(EXIT_USAGE, `--port: ${opts.port} is already in use on 127.0.0.1`)
        throw e
      })
      const stopped = untilSignal(() => server.close().then(() => index.close()))
      if (opts.json) printJson({ url: server.url, port: server.port })
      else process.stdout.write(`SER Workbench web mode: ${server.url}\n`)
      if (services.team)
        log(`Team store: ${services.team.location} (label edits are written there; working copy ${services.dbPath})`)
      log('Open the URL above in a browser (it carries this launch’s token); Ctrl+C stops the server.')
      await stopped
    })
  })
}
