/**
 * `ser team …`: the team server and what goes with it (docs/team.md).
 *   serve --db URL --listen HOST:PORT [--cert F --key F] [--tls-dir D]
 *   user add NAME --role R | user disable NAME | user enable NAME | user reset NAME | user list   (all with --db)
 *   push --db local.db --to URL [--corpus ID…]     publish corpora and labels
 *   pull --from URL --db local.db                  merge the team's label events into a desktop corpus
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { Option } from 'commander'
import { ROLES } from '../../../../shared/domain/team'
import type { Role } from '../../../../shared/domain/team'
import { openStore } from '../../../services/store/open-store'
import type { Store } from '../../../services/store/store'
import { createAccounts } from '../../../services/team/accounts'
import { syncStores } from '../../../services/team/sync'
import { isLoopback, startTeamServer } from '../../team/team-server'
import { readTls, selfSignedTls } from '../../team/team-tls'
import { CliExit, EXIT_USAGE, log, parseNumber, printJson } from '../cli-context'
import { untilSignal } from '../until-signal'

const dbOption = () =>
  new Option('--db <file|url>', 'the store: a SQLite file or a postgresql:// URL (default $SER_DB)')

function storeArg(db: string | undefined, flag = '--db'): string {
  const v = db ?? process.env.SER_DB
  if (!v) throw new CliExit(EXIT_USAGE, `${flag}: give a SQLite file or a postgresql:// URL`)
  return v
}

async function withStore<T>(db: string, fn: (s: Store) => Promise<T>): Promise<T> {
  const store = await openStore(db)
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}

export function parseListen(value: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value)
  if (!m || Number(m[2]) > 65535) throw new CliExit(EXIT_USAGE, `--listen: expected HOST:PORT, got '${value}'`)
  return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) }
}

interface ServeOptions {
  db?: string
  listen: string
  cert?: string
  key?: string
  tlsDir?: string
  json?: boolean
}

function registerServe(team: Command): void {
  team
    .command('serve')
    .description('serve the app to a team: accounts, tasks, blind labeling; TLS off loopback')
    .addOption(dbOption())
    .requiredOption('--listen <host:port>', 'address to listen on; off loopback only over TLS')
    .option('--cert <file>', 'TLS certificate (PEM)')
    .option('--key <file>', 'TLS private key (PEM)')
    .option('--tls-dir <dir>', 'where a self-signed certificate is made and kept (default ~/.ser-workbench/tls)')
    .option('--json', 'print the address as JSON')
    .action(async (opts: ServeOptions) => {
      const { host, port } = parseListen(opts.listen)
      if ((opts.cert === undefined) !== (opts.key === undefined))
        throw new CliExit(EXIT_USAGE, '--cert and --key go together')
      const tls =
        opts.cert && opts.key
          ? readTls(opts.cert, opts.key)
          : isLoopback(host)
            ? undefined
            : selfSignedTls(opts.tlsDir ?? join(homedir(), '.ser-workbench', 'tls'), host)
      const store = await openStore(storeArg(opts.db))
      const server = await startTeamServer({ store, host, port, tls }).catch(async (e: unknown) => {
        await store.close()
        if ((e as { code?: string }).code === 'EADDRINUSE')
          throw new CliExit(EXIT_USAGE, `--listen: ${opts.listen} is already in use`)
        throw e
      })
      const stopped = untilSignal(() => server.close().then(() => store.close()))
      if (opts.json) printJson({ url: server.origin + '/', port: server.port, fingerprint: tls?.fingerprint ?? null })
      else {
        process.stdout.write(`SER Workbench team server: ${server.origin}/\n`)
        if (tls)
          process.stdout.write(
            `TLS certificate SHA-256 fingerprint: ${tls.fingerprint}${tls.selfSigned ? ' (self-signed)' : ''}\n`
          )
      }
      log(`Store: ${store.location}. Ctrl+C stops the server.`)
      await stopped
    })
}

function registerUser(team: Command): void {
  const user = team.command('user').description('team accounts: add, disable, enable, reset, list')
  user
    .command('add <name>')
    .description('add an account; prints a one-time password to be changed at first sign-in')
    .addOption(dbOption())
    .addOption(new Option('--role <role>', 'admin, annotator or viewer').choices([...ROLES]).makeOptionMandatory())
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { db?: string; role: Role; json?: boolean }) => {
      await withStore(storeArg(opts.db), async (s) => {
        const { account, password } = await createAccounts(s).add(name, opts.role)
        if (opts.json) printJson({ account, password })
        else process.stdout.write(`${account.name} (${account.role}): one-time password ${password}\n`)
      })
    })
  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false]
  ] as const) {
    user
      .command(`${verb} <name>`)
      .description(disabled ? 'disable an account and end its sessions' : 'enable a disabled account')
      .addOption(dbOption())
      .action(async (name: string, opts: { db?: string }) => {
        await withStore(storeArg(opts.db), async (s) => {
          await createAccounts(s).setDisabled(name, disabled)
          process.stdout.write(`${name}: ${disabled ? 'disabled' : 'enabled'}\n`)
        })
      })
  }
  user
    .command('reset <name>')
    .description('a new one-time password; ends every session of the account')
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { db?: string; json?: boolean }) => {
      await withStore(storeArg(opts.db), async (s) => {
        const password = await createAccounts(s).reset(name)
        if (opts.json) printJson({ name, password })
        else process.stdout.write(`${name}: one-time password ${password}\n`)
      })
    })
  user
    .command('list')
    .addOption(dbOption())
    .action(async (opts: { db?: string }) => {
      await withStore(storeArg(opts.db), async (s) => printJson(await s.accounts()))
    })
}

function registerSync(team: Command): void {
  team
    .command('push')
    .description('publish local corpora (index and audio location) and their label events to a team store')
    .addOption(dbOption())
    .requiredOption('--to <url>', 'the team store (postgresql://…)')
    .option('--corpus <id...>', 'corpora to publish (default: all)')
    .option('--batch <n>', 'events per transaction', parseNumber('batch', { integer: true, min: 1, max: 100_000 }))
    .action(async (opts: { db?: string; to: string; corpus?: string[]; batch?: number }) => {
      await withStore(storeArg(opts.db), (local) =>
        withStore(opts.to, async (remote) => {
          const corpora = opts.corpus ?? (await local.corpora()).map((c) => c.id)
          const r = await syncStores(local, remote, {
            corpora,
            batch: opts.batch,
            onProgress: (p) => log(`pushed ${p.read} events, ${p.added} new`)
          })
          printJson(r)
        })
      )
    })
  team
    .command('pull')
    .description("merge a team store's label events into a local corpus (for training)")
    .addOption(dbOption())
    .requiredOption('--from <url>', 'the team store (postgresql://…)')
    .option('--batch <n>', 'events per transaction', parseNumber('batch', { integer: true, min: 1, max: 100_000 }))
    .action(async (opts: { db?: string; from: string; batch?: number }) => {
      await withStore(storeArg(opts.db), (local) =>
        withStore(opts.from, async (remote) => {
          const r = await syncStores(remote, local, {
            batch: opts.batch,
            onlyKnownUtterances: true,
            onProgress: (p) => log(`pulled ${p.read} events, ${p.added} new`)
          })
          printJson(r)
        })
      )
    })
}

export function registerTeam(program: Command): void {
  const team = program
    .command('team')
    .description('team labeling on a shared store (PostgreSQL): server, accounts, push, pull')
  registerServe(team)
  registerUser(team)
  registerSync(team)
}
