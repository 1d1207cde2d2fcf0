// A reviewer files a mail that found no case (「案件に紐付け」): the message and its files move into the
// case's thread, once, however often the modal is submitted.
import { parseCaseKey } from '../cases/case.js';
import type { CaseRepository } from '../cases/case-repository.js';
import { inboundNotice, notificationsForAutomaticMail, notificationsForInbound, type NotificationDraft } from '../cases/notifications.js';
import type { CaseRecord } from '../cases/case.js';
import type { ContactRepository } from '../cases/contact-repository.js';
import { contactAddresses, senderStanding } from './contacts.js';
import type { InboundRepository } from './inbound-repository.js';
import type { InboundDetail, InboundRow } from './inbound-record.js';

export type LinkInboundResult =
  | { kind: 'linked'; caseKey: string }
  | { kind: 'already'; caseKey: string }
  | { kind: 'no_case'; caseKey: string }
  | { kind: 'no_message' };

export interface LinkInboundDeps {
  cases: Pick<CaseRepository, 'findByKey' | 'findById'>;
  inbound: Pick<InboundRepository, 'find' | 'link'>;
  contacts: Pick<ContactRepository, 'addedTo'>;
  onCommitted?: () => void;
}

/** Whether the message left files to upload (attachments neither refused nor empty, or its whole text). */
export const hasFiles = (detail: InboundDetail) => detail.wholeText !== undefined || detail.attachments.some((a) => !a.refused && a.size > 0);

/**
 * A linked mail is posted in the case as if it had found it: a bounce or an automatic reply as such, a
 * person's mail as the applicant's only when its sender is one of the case's contacts.
 */
function postsInCase(c: CaseRecord, row: InboundRow, added: string[]): NotificationDraft[] {
  if (row.outcome === 'bounce' || row.outcome === 'auto_reply') return notificationsForAutomaticMail(c, row.id);
  const standing = senderStanding(row.detail.from?.address ?? null, contactAddresses(c.fields, added), row.detail.sender?.verification ?? { state: 'unverified' });
  return notificationsForInbound(c, row.id, hasFiles(row.detail), standing.standing === 'stranger' ? standing.reason : undefined);
}

export async function linkInbound(deps: LinkInboundDeps, options: { inboundId: number; caseKey: string; userId: string }): Promise<LinkInboundResult> {
  const row = await deps.inbound.find(options.inboundId);
  if (!row) return { kind: 'no_message' };
  const key = parseCaseKey(options.caseKey) ?? options.caseKey;
  const already = async (caseId: number) => ({ kind: 'already' as const, caseKey: (await deps.cases.findById(caseId))?.key ?? '' });
  if (row.caseId !== null) return already(row.caseId);
  const c = await deps.cases.findByKey(key);
  if (!c) return { kind: 'no_case', caseKey: key };
  const drafts = [...postsInCase(c, row, await deps.contacts.addedTo(c.id)), { ...inboundNotice(row.id, 'linked', { case: c.key, by: options.userId }), caseId: c.id }];
  if ((await deps.inbound.link(row.id, c.id, drafts)) === 'taken') {
    const now = await deps.inbound.find(row.id);
    return already(now!.caseId!);
  }
  deps.onCommitted?.();
  return { kind: 'linked', caseKey: c.key };
}
