/**
 * What team.createTask refuses beyond its schema, each named by its field for the app's form (docs/team.md): a pool
 * member who is not an annotator account (only annotators are handed utterances), and k above the pool's size (no
 * utterance could ever be complete). Against a real PostgreSQL cluster and a server on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../../../src/main/services/store/store'
import type { TeamServer } from '../../../../src/main/transports/team/team-server'
import { startTeamServer } from '../../../../src/main/transports/team/team-server'
import type { Task } from '../../../../src/shared/domain/team'
import type { PostgresServer } from '../../../helpers/postgres-server'
import { startPostgres } from '../../../helpers/postgres-server'
import { TeamClient } from '../../../helpers/team-client'
import { passwordOf, teamStore } from '../../../helpers/team-fixture'

let pg: PostgresServer
let store: Store
let server: TeamServer
let boss: TeamClient

beforeAll(async () => {
  pg = await startPostgres()
  store = await teamStore(pg.createDatabase('tasks'), [
    ['boss', 'admin'],
    ['ana', 'annotator'],
    ['bo', 'annotator'],
    ['vic', 'viewer']
  ])
  server = await startTeamServer({ store, host: '127.0.0.1', port: 0 })
  boss = new TeamClient(server.origin)
  await boss.login('boss', passwordOf('boss'))
})
afterAll(async () => {
  await server?.close()
  await store?.close()
  pg?.cleanup()
})

const task = (over: Record<string, unknown>) => ({
  name: 't',
  filter: { sessions: ['1'] },
  k: 2,
  pool: ['ana', 'bo'],
  ...over
})

async function refusal(args: Record<string, unknown>) {
  const { status, result } = await boss.call('team.createTask', args)
  return { status, error: result.ok ? null : result.error }
}

describe('team.createTask', () => {
  it('refuses a pool member who is not an annotator account, naming the pool', async () => {
    expect(await refusal(task({ pool: ['ana', 'vic'] }))).toMatchObject({
      error: {
        code: 'FIELD_INVALID',
        field: 'pool',
        message: expect.stringMatching(/^pool: 'vic' is not an annotator/)
      }
    })
    expect((await refusal(task({ pool: ['ana', 'nobody'] }))).error).toMatchObject({ field: 'pool' })
    expect((await refusal(task({ pool: ['boss', 'ana'] }))).error).toMatchObject({ field: 'pool' })
  })

  it('refuses k above the pool, counting each name once, naming k', async () => {
    expect((await refusal(task({ k: 3 }))).error).toMatchObject({
      code: 'FIELD_INVALID',
      field: 'k',
      message: 'k: 3 annotators per utterance, but the pool has 2'
    })
    expect((await refusal(task({ k: 2, pool: ['ana', 'ana'] }))).error).toMatchObject({ field: 'k' })
    // a schema failure is named by its field too
    expect((await refusal(task({ name: ' ' }))).error).toMatchObject({ code: 'FIELD_INVALID', field: 'name' })
    expect(await store.tasks()).toEqual([])
  })

  it('makes a task whose pool fits, blind by default', async () => {
    const made = await boss.ok<Task>('team.createTask', task({}))
    expect(made).toMatchObject({ k: 2, pool: ['ana', 'bo'], blind: true, items: 6 })
  })
})
