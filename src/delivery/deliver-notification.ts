// Turns one outbox notification into the Slack call or mail it stands for. Messages are rendered here,
// at delivery, from the case and its immutable transition rows, so a card always shows the latest state.
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { CaseRecord } from '../cases/case.js';
import { linkedCaseOf } from '../cases/apply-action.js';
import type { CaseRepository } from '../cases/case-repository.js';
import type { MailTransport } from '../mail/mail-transport.js';
import { renderMail } from '../mail/render-mail.js';
import type { ClaimedNotification } from '../outbox/outbox-repository.js';
import type { Deliver } from '../outbox/worker.js';
import { caseCard, type SlackMessage } from '../slack/views/case-card.js';
import { linkedCompleted, reminder } from '../slack/views/notices.js';
import { stepChange } from '../slack/views/step-change.js';
import { procedureById } from '../workflow/procedures/index.js';
import type { MailDecl } from '../workflow/types.js';

export interface DelivererDeps {
  cases: CaseRepository;
  slack: WebClient;
  mail: MailTransport;
  reviewerChannel: string;
  mailFrom: string;
}

const versionPayload = z.object({ version: z.number().int().positive() });
const reminderPayload = z.object({ version: z.number(), step: z.string(), field: z.string(), at: z.string(), text: z.string() });
const mailPayload = versionPayload.extend({ to: z.email(), mail: z.custom<MailDecl>((v) => typeof v === 'object' && v !== null && 'subject' in v) });

/** Thrown when a notification arrives before what it depends on; the outbox retries it. */
class NotReady extends Error {}

const DM_INTRO = (key: string) => `あなたが登録した案件 *${key}* の進捗を、このスレッドでお知らせします。`;

export function createDeliverer(deps: DelivererDeps): Deliver {
  const { cases, slack } = deps;

  async function card(c: CaseRecord, intro?: string): Promise<SlackMessage> {
    const [last, linked] = await Promise.all([cases.transitionAt(c.id, c.version), linkedCaseOf(cases, c)]);
    return caseCard({ procedure: procedureById(c.procedure), case: c, last, linked, intro });
  }

  async function change(c: CaseRecord, payload: unknown, notify?: string): Promise<SlackMessage> {
    const { version } = versionPayload.parse(payload);
    const transition = await cases.transitionAt(c.id, version);
    if (!transition) throw new Error(`case ${c.key} has no transition ${version}`);
    return stepChange({ procedure: procedureById(c.procedure), caseKey: c.key, transition, notify });
  }

  function posted(c: CaseRecord, where: 'card' | 'dm'): { channel: string; ts: string } {
    const channel = where === 'card' ? c.cardChannel : c.dmChannel;
    const ts = where === 'card' ? c.cardTs : c.dmTs;
    if (!channel || !ts) throw new NotReady(`${c.key}: ${where} message not posted yet`);
    return { channel, ts };
  }

  return async function deliver(n: ClaimedNotification): Promise<void> {
    const c = await cases.findById(n.caseId);
    if (!c) throw new Error(`notification ${n.id} names missing case ${n.caseId}`);
    switch (n.kind) {
      case 'card.post': {
        if (c.cardTs) return; // already posted by an earlier attempt whose commit we saw
        const res = await slack.chat.postMessage({ channel: deps.reviewerChannel, ...(await card(c)) });
        await cases.setCardMessage(c.id, res.channel ?? deps.reviewerChannel, res.ts!);
        return;
      }
      case 'card.update':
        await slack.chat.update({ ...posted(c, 'card'), ...(await card(c)) });
        return;
      case 'thread.reply': {
        const { channel, ts } = posted(c, 'card');
        await slack.chat.postMessage({ channel, thread_ts: ts, ...(await change(c, n.payload)) });
        return;
      }
      case 'dm.post': {
        if (c.dmTs) return;
        const opened = await slack.conversations.open({ users: c.requesterId });
        const channel = opened.channel?.id;
        if (!channel) throw new Error(`conversations.open gave no channel for ${c.requesterId}`);
        const res = await slack.chat.postMessage({ channel, ...(await card(c, DM_INTRO(c.key))) });
        await cases.setDmMessage(c.id, res.channel ?? channel, res.ts!);
        return;
      }
      case 'dm.update':
        await slack.chat.update({ ...posted(c, 'dm'), ...(await card(c, DM_INTRO(c.key))) });
        return;
      case 'dm.reply': {
        const { channel, ts } = posted(c, 'dm');
        await slack.chat.postMessage({ channel, thread_ts: ts, ...(await change(c, n.payload, c.requesterId)) });
        return;
      }
      case 'reminder': {
        const r = reminderPayload.parse(n.payload);
        // Only while the test it announces still stands: a reschedule or a held test makes it moot.
        if (c.step !== r.step || c.fields[r.field] !== r.at) return;
        const { channel, ts } = posted(c, 'card');
        await slack.chat.postMessage({ channel, thread_ts: ts, ...reminder(procedureById(c.procedure), c, r) });
        return;
      }
      case 'linked.completed': {
        const { certification } = z.object({ certification: z.string() }).parse(n.payload);
        const { channel, ts } = posted(c, 'card');
        await slack.chat.postMessage({ channel, thread_ts: ts, ...linkedCompleted(procedureById(c.procedure), c, certification) });
        return;
      }
      case 'mail': {
        const { version, to, mail } = mailPayload.parse(n.payload);
        const transition = await cases.transitionAt(c.id, version);
        if (!transition) throw new Error(`case ${c.key} has no transition ${version}`);
        const rendered = renderMail({ procedure: procedureById(c.procedure), case: c, mail, transition, from: deps.mailFrom });
        await deps.mail.send({ to, ...rendered, messageId: `<notification-${n.id}.${c.key}@mdoc-desk>` });
        return;
      }
    }
  };
}
