// Who may act at a step. Pure and fail-closed: a lane nobody is configured for admits nobody.
import type { Lane } from './types.js';

export type Role = 'reviewer' | 'operator' | 'test_lab';

export interface Actor {
  userId: string;
  roles: ReadonlySet<Role>;
  /** The applicant itself, on its case page: it may act in the applicant lane only. */
  applicant?: boolean;
}

/**
 * Who the applicant is in the record when it acts on the web: the actor of its transitions, and the
 * requester of a case it applied for itself. Never a Slack user ID, which is [UW] and capitals.
 */
export const WEB_APPLICANT_ID = 'web:applicant';

/** The applicant acting on its case page (the token proved which case). */
export const webApplicant = (): Actor => ({ userId: WEB_APPLICANT_ID, roles: new Set(), applicant: true });

/** Whether an ID names a Slack user (a requester who can be sent a DM and mentioned). */
export const isSlackUser = (id: string): boolean => /^[UW][A-Z0-9]+$/.test(id);

const LANE_ROLE: Record<Exclude<Lane, 'applicant'>, Role> = {
  agency: 'reviewer',
  operator: 'operator',
  test_lab: 'test_lab',
};

export function mayActInLane(lane: Lane, actor: Actor, requesterId: string): boolean {
  if (actor.applicant) return lane === 'applicant';
  // The applicant is outside Slack: the requester records its steps, or a reviewer acting for it.
  if (lane === 'applicant') return actor.userId === requesterId || actor.roles.has('reviewer');
  return actor.roles.has(LANE_ROLE[lane]);
}

export function mayAct(lanes: readonly Lane[], actor: Actor, requesterId: string): boolean {
  return lanes.some((lane) => mayActInLane(lane, actor, requesterId));
}

/** The lanes an actor's roles let them act in (the applicant lane depends on the case, so it is not here). */
export function lanesHeld(actor: Actor): Lane[] {
  return (Object.entries(LANE_ROLE) as [Lane, Role][]).filter(([, role]) => actor.roles.has(role)).map(([lane]) => lane);
}
