// Who holds which role, from the configured user lists. Fails closed: an empty list admits nobody.
import type { Actor, Role } from '../workflow/authorize.js';
import type { Lane } from '../workflow/types.js';

export type RoleLists = Record<Role, readonly string[]>;

const ROLE_LANE: Record<Role, Lane> = { reviewer: 'agency', operator: 'operator', test_lab: 'test_lab' };

export function createRoleDirectory(lists: RoleLists) {
  const roles = Object.entries(lists) as [Role, readonly string[]][];
  return {
    actorFor(userId: string): Actor {
      return { userId, roles: new Set(roles.filter(([, users]) => users.includes(userId)).map(([role]) => role)) };
    },
    /** Lanes that nobody can act in, because their role list is empty. */
    unstaffedLanes(): Lane[] {
      return roles.filter(([, users]) => users.length === 0).map(([role]) => ROLE_LANE[role]);
    },
  };
}

export type RoleDirectory = ReturnType<typeof createRoleDirectory>;
