import { SerError } from '../../../shared/errors'
import type { TeamMethodName } from '../../../shared/api/team'
import type { Routes } from '../dispatch'

const teamOnly = (): never => {
  throw new SerError('UNAVAILABLE', 'method: team methods are served by `ser team serve` (docs/team.md)', {
    field: 'method'
  })
}

/**
 * The desktop app and `ser serve` have no accounts or tasks: the team methods answer UNAVAILABLE there, except
 * team.me, whose null tells the renderer it is not on a team server.
 */
export const teamRoutes: Routes<TeamMethodName> = {
  'team.login': teamOnly,
  'team.me': () => null,
  'team.changePassword': teamOnly,
  'team.logout': teamOnly,
  'team.logoutEverywhere': teamOnly,
  'team.users': teamOnly,
  'team.addUser': teamOnly,
  'team.disableUser': teamOnly,
  'team.resetPassword': teamOnly,
  'team.createTask': teamOnly,
  'team.tasks': teamOnly,
  'team.next': teamOnly,
  'team.progress': teamOnly,
  'team.agreement': teamOnly
}
