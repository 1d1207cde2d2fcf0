import { label, messages } from '../../i18n/messages.js';
import type { Locale } from '../../i18n/locale.js';
import { LANE_LABELS, type LaneHolders } from '../../workflow/lanes.js';
import type { Lane, ProcedureDecl, StepDecl } from '../../workflow/types.js';
import { isSlackUser } from '../../workflow/authorize.js';
import { mention, mentionOf } from './mrkdwn.js';

/** `(1)-b 申請書類の送付`: how the desk names a step everywhere. The code stays as in the seed. */
export const stepLabel = (step: StepDecl, locale: Locale = 'ja') => `${step.code} ${label(locale, step.title)}`;

export const laneLabel = (lane: Lane, locale: Locale = 'ja') => label(locale, LANE_LABELS[lane]);

export const lanesLabel = (step: StepDecl, locale: Locale = 'ja') => step.lanes.map((l) => laneLabel(l, locale)).join(messages(locale).common.joiner) || messages(locale).common.none;

export const procedureTitle = (procedure: ProcedureDecl, locale: Locale = 'ja') => label(locale, procedure.title);

/**
 * Who acts in a lane, as a desk member says it: the lane, then the people configured for it (mentions
 * of users and user groups), or for the applicant's lane the requester who records its steps.
 */
export function laneWho(lane: Lane, holders: LaneHolders, requesterId: string, locale: Locale = 'ja'): string {
  const m = messages(locale).lanes;
  const name = laneLabel(lane, locale);
  if (lane === 'applicant') return isSlackUser(requesterId) ? m.applicant(name, mention(requesterId, locale)) : m.applicantOnWeb(name);
  const ids = [...new Set(holders[lane])];
  return ids.length ? m.people(name, ids.map(mentionOf).join(messages(locale).common.listSeparator)) : m.nobody(name);
}

export const lanesWho = (lanes: readonly Lane[], holders: LaneHolders, requesterId: string, locale: Locale = 'ja') =>
  lanes.map((l) => laneWho(l, holders, requesterId, locale)).join(messages(locale).common.listSeparator) || messages(locale).common.none;
