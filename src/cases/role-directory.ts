// Who holds which role, from the configured lists of Slack user IDs (U…) and user-group IDs (S…).
// Groups are resolved through usergroups.users.list and cached briefly. Fails closed: an empty list,
// or a group that cannot be resolved, admits nobody.
import type { Actor, Role } from '../workflow/authorize.js';
import type { Lane } from '../workflow/types.js';
import type { LaneHolders } from '../workflow/lanes.js';

export type RoleLists = Record<Role, readonly string[]>;

export type GroupMembers = (groupId: string) => Promise<string[]>;

export interface RoleDirectoryOptions {
  lists: RoleLists;
  groupMembers?: GroupMembers;
  cacheMs?: number;
  onGroupError?: (groupId: string, error: Error) => void;
}

const ROLE_LANE: Record<Role, Lane> = { reviewer: 'agency', operator: 'operator', test_lab: 'test_lab' };
const isGroup = (id: string) => id.startsWith('S');

export function createRoleDirectory({ lists, groupMembers, cacheMs = 60_000, onGroupError }: RoleDirectoryOptions) {
  const roles = Object.entries(lists) as [Role, readonly string[]][];
  const cache = new Map<string, { members: Set<string>; until: number }>();

  async function membersOf(groupId: string): Promise<Set<string>> {
    const cached = cache.get(groupId);
    if (cached && cached.until > Date.now()) return cached.members;
    try {
      const members = new Set(groupMembers ? await groupMembers(groupId) : []);
      cache.set(groupId, { members, until: Date.now() + cacheMs });
      return members;
    } catch (error) {
      onGroupError?.(groupId, error as Error);
      return cached?.members ?? new Set();
    }
  }

  async function holds(ids: readonly string[], userId: string): Promise<boolean> {
    if (ids.includes(userId)) return true;
    for (const group of ids.filter(isGroup)) if ((await membersOf(group)).has(userId)) return true;
    return false;
  }

  return {
    async actorFor(userId: string): Promise<Actor> {
      const held = await Promise.all(roles.map(async ([role, ids]) => ((await holds(ids, userId)) ? role : undefined)));
      return { userId, roles: new Set(held.filter((r): r is Role => r !== undefined)) };
    },
    /** Who holds each staffed lane, as listed (groups unexpanded): what the cards and refusals name. */
    laneHolders(): LaneHolders {
      return { agency: lists.reviewer, operator: lists.operator, test_lab: lists.test_lab };
    },
    /** Lanes that nobody can act in, because their role list is empty. */
    unstaffedLanes(): Lane[] {
      return roles.filter(([, ids]) => ids.length === 0).map(([role]) => ROLE_LANE[role]);
    },
  };
}

export type RoleDirectory = ReturnType<typeof createRoleDirectory>;
