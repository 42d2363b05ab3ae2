/** Parses and runs one `ser` command line; returns the exit status of docs/cli.md. */
import { Command, CommanderError } from 'commander'
import { isSerError } from '../../../shared/errors'
import { CliExit, EXIT_USAGE, describeError } from './cli-context'
import { registerCommands } from './commands'

export async function runCli(argv: string[]): Promise<number> {
  const program = new Command('ser')
    .description('SER Workbench: speech emotion recognition from corpus to model')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  registerCommands(program)
  try {
    await program.parseAsync(argv, { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0
      return e.exitCode === 0 ? 0 : EXIT_USAGE
    }
    if (e instanceof CliExit) {
      if (e.message) process.stderr.write(`ser: ${e.message}\n`)
      return e.status
    }
    process.stderr.write(`ser: ${describeError(e)}\n`)
    if (!isSerError(e) && process.env.SER_DEBUG) console.error(e)
    return EXIT_USAGE
  }
}
