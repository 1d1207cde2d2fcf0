// Who may act at a step. Pure and fail-closed: a lane nobody is configured for admits nobody.
import type { Lane } from './types.js';

export type Role = 'reviewer' | 'operator' | 'test_lab';

export interface Actor {
  userId: string;
  roles: ReadonlySet<Role>;
}

const LANE_ROLE: Record<Exclude<Lane, 'applicant'>, Role> = {
  agency: 'reviewer',
  operator: 'operator',
  test_lab: 'test_lab',
};

export function mayActInLane(lane: Lane, actor: Actor, requesterId: string): boolean {
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
