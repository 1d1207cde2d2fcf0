// Mentions of the people who act in some lanes, from the configured role lists: users as <@U…>, user
// groups as <!subteam^S…>, and the requester for the applicant's lane.
import type { RoleLists } from '../../cases/role-directory.js';
import type { Lane } from '../../workflow/types.js';
import { isSlackUser } from '../../workflow/authorize.js';
import { mentionOf } from './mrkdwn.js';

const ROLE_OF: Record<Exclude<Lane, 'applicant'>, keyof RoleLists> = { agency: 'reviewer', operator: 'operator', test_lab: 'test_lab' };

export function laneMentions(roles: RoleLists) {
  return (lanes: Lane[], requesterId: string): string => {
    // A case the applicant opened on the web has no requester in Slack to mention.
    const ids = lanes.flatMap((lane) => (lane === 'applicant' ? (isSlackUser(requesterId) ? [requesterId] : []) : roles[ROLE_OF[lane]]));
    return [...new Set(ids)].map(mentionOf).join(' ');
  };
}
