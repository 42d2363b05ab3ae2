/**
 * `ser`: the command line of SER Workbench (docs/cli.md), the entry bin/ser.mjs loads. One file per command in
 * commands/, each a thin layer over the same services the app and the web mode use.
 */
import { describeError, EXIT_USAGE } from './cli-context'
import { runCli } from './run-cli'

function exit(code: number): void {
  // exit once stdout has drained, so nothing left running (a worker pool, a wasm backend) keeps the command alive
  process.stdout.write('', () => process.exit(code))
}

runCli(process.argv.slice(2)).then(exit, (e: unknown) => {
  process.stderr.write(`ser: ${describeError(e)}\n`)
  exit(EXIT_USAGE)
})
