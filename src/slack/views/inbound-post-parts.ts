// Pieces every post about a received mail shares: a section, what the sender wrote in a header (cut and
// escaped), its sender and subject, and a button that names the mail.
import type { Button, KnownBlock } from '@slack/types';
import { SUBJECT_LIMIT, type InboundDetail, type InboundRow } from '../../inbound/inbound-record.js';
import type { InboundButtonValue } from '../ids.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { CUT_MARK, cutText, WHOLE_TEXT_MARK } from './slack-limits.js';

export const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** What the sender wrote in a header, as much of it as a post shows (names and origins can be thousands of characters). */
export const shown = (text: string, mark: string = CUT_MARK) => escapeMrkdwn(cutText(text, SUBJECT_LIMIT, mark));

/** The subject as posts show it: cut, with the mark that says where the whole of it is. */
export function shownSubject(d: Pick<InboundDetail, 'subject' | 'wholeText'>): string {
  return escapeMrkdwn(cutText(d.subject, SUBJECT_LIMIT, d.wholeText ? WHOLE_TEXT_MARK : CUT_MARK));
}

/** The From of a mail, cut and escaped: its display name is shown, never trusted. */
export function sender(d: InboundDetail): string {
  if (!d.from) return '（差出人なし）';
  return shown(d.from.name ? `${d.from.name} <${d.from.address}>` : d.from.address);
}

export function inboundButton(text: string, actionId: string, row: Pick<InboundRow, 'id'>, style?: 'primary'): Button {
  const value: InboundButtonValue = { inbound: row.id };
  return { type: 'button', text: { type: 'plain_text', text }, action_id: actionId, value: JSON.stringify(value), ...(style ? { style } : {}) };
}
