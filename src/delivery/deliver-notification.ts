// Turns one outbox notification into the Slack call or mail it stands for. Messages are rendered here,
// at delivery, from the case and its immutable transition rows, so a card always shows the latest state.
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { linkedCaseOf } from '../cases/apply-action.js';
import type { CaseRecord, TransitionRow } from '../cases/case.js';
import type { CaseForDelivery, CaseRepository } from '../cases/case-repository.js';
import type { Logger } from '../logger.js';
import type { MailTransport } from '../mail/mail-transport.js';
import { renderMail } from '../mail/render-mail.js';
import { failpoint } from '../outbox/failpoints.js';
import type { ClaimedNotification, OutboxRepository } from '../outbox/outbox-repository.js';
import type { SlackPacer } from '../outbox/slack-pacer.js';
import type { Deliver } from '../outbox/worker.js';
import { caseCard, type SlackMessage } from '../slack/views/case-card.js';
import { deadNotice, linkedCompleted, overdueNotice, reminder } from '../slack/views/notices.js';
import { stepChange } from '../slack/views/step-change.js';
import { procedureById } from '../workflow/procedures/index.js';
import { CERTIFICATE_FIELDS } from '../workflow/procedures/certification.js';
import { stepByCode } from '../workflow/steps.js';
import type { Lane, MailDecl } from '../workflow/types.js';
import type { LaneHolders } from '../workflow/lanes.js';
import { createSlackPoster } from './slack-poster.js';
import type { Locale } from '../i18n/locale.js';
import { messages } from '../i18n/messages.js';
import type { HomePublisher } from './home-publisher.js';
import { digestMessage, DIGEST_ROWS_PER_GROUP } from '../slack/views/digest.js';
import type { DocumentLibrary } from '../documents/document-library.js';
import type { CaseFileRepository } from '../cases/case-file-repository.js';
import { latestIssued, type IssuedFiles } from '../cases/issued-files.js';
import type { InboundRepository } from '../inbound/inbound-repository.js';
import type { InboundRow } from '../inbound/inbound-record.js';
import { plusAddress } from '../inbound/match-case.js';
import { caseButtons } from '../slack/views/case-card.js';
import { inboundDmLine, inboundLinkedReply, inboundNoticeMessage, inboundThreadPost, missingDocumentsNotice, strangerPost, triagePost } from '../slack/views/inbound-posts.js';
import { autoReplyPost, bouncePost, markClearedReply } from '../slack/views/automatic-mail-posts.js';
import { STRANGER_REASONS } from '../inbound/inbound-record.js';
import { normalizeAddress } from '../inbound/contacts.js';
import type { MessageIds } from '../mail/message-ids.js';
import type { UndeliveredMarks } from '../cases/undelivered-marks.js';
import { notificationsForClearedMark } from '../cases/notifications.js';

export interface DelivererDeps {
  cases: CaseRepository;
  outbox: Pick<OutboxRepository, 'hasLaterPending' | 'add'>;
  home: HomePublisher;
  /** The language of a Slack user (the requester reads their DM copy of the card in it). */
  localeFor: (userId: string) => Promise<Locale>;
  slack: WebClient;
  pacer: SlackPacer;
  mail: MailTransport;
  reviewerChannel: string;
  mailFrom: string;
  /** The desk's address in MAIL_FROM, whose plus addresses (desk+mdoc-0001@…) bring replies to their case. */
  deskAddress: string;
  documents: Pick<DocumentLibrary, 'contents'>;
  caseFiles: Pick<CaseFileRepository, 'filesOf'>;
  /** The documents issued to a case: the bytes its mails attach, and the newest of each for the card. */
  issued: Pick<IssuedFiles, 'content'>;
  /** The public page that checks a certificate (PUBLIC_BASE_URL/verify/<number>), named in the mails that say so. */
  verificationLink?: (certificateNumber: string) => string;
  inbound: Pick<InboundRepository, 'find' | 'setPost'>;
  /** Signs the Message-ID of each mail, so that replies and bounces can be told to be about it. */
  messageIds: Pick<MessageIds, 'forCase'>;
  /** The card's 「メール不達」, cleared when a later mail to the address is sent. */
  undelivered: Pick<UndeliveredMarks, 'clear'>;
  /** The applicant's personal page of a case, printed in its mails (the web door, when it runs). */
  caseLink?: (c: CaseRecord) => Promise<string | undefined>;
  logger: Logger;
  /** The clock the digest judges deadlines by (tests fix it). */
  clock?: () => Date;
  /** Who to mention for the people of some lanes (an overdue step's reminder). */
  mentions?: (lanes: Lane[], requesterId: string) => string;
  /** Who holds each lane, named on the card; nobody when not given. */
  holders?: LaneHolders;
}

const NO_HOLDERS: LaneHolders = { agency: [], operator: [], test_lab: [] };

const versionPayload = z.object({ version: z.number().int().positive() });
const reminderPayload = z.object({ version: z.number(), step: z.string(), field: z.string(), at: z.string(), text: z.string() });
const plannedAttachment = z.object({ document: z.string(), fileId: z.number().int().optional(), issued: z.boolean().optional(), fileName: z.string(), contentType: z.string(), size: z.number(), sha256: z.string() });
const missingDocument = z.object({ document: z.string(), reason: z.enum(['no_file', 'too_large']) });
const mailPayload = versionPayload.extend({
  to: z.email(),
  mail: z.custom<MailDecl>((v) => typeof v === 'object' && v !== null && 'subject' in v),
  // Mails queued before the document library have neither.
  attachments: z.array(plannedAttachment).default([]),
  missing: z.array(missingDocument).default([]),
});
const missingPayload = versionPayload.extend({ missing: z.array(missingDocument) });
const inboundPayload = z.object({ inbound: z.number().int().positive() });
const filesPayload = z.union([inboundPayload, versionPayload.extend({ issued: z.boolean().optional() })]);
const inboundPostPayload = inboundPayload.extend({ stranger: z.enum(STRANGER_REASONS).optional() });
const clearedPayload = z.object({ address: z.string(), by: z.string().optional() });
const inboundNoticePayload = inboundPayload.extend({ about: z.enum(['refused_attachments', 'malformed', 'too_large', 'refused', 'linked']), case: z.string().optional(), by: z.string().optional() });
const overduePayload = z.object({ version: z.number(), step: z.string(), due: z.string() });
const deadPayload = z.object({ notificationId: z.string(), kind: z.string(), error: z.string(), stream: z.string().optional() });
const digestPayload = z.object({ date: z.iso.date() });
const homePayload = z.object({ user: z.string().regex(/^[UW][A-Z0-9]+$/) });

/** What views.publish answers for a person who left the workspace. */
const GONE_USER_ERRORS = new Set(['user_not_found', 'account_inactive']);

/** The notifications about one transition (the version in their payload); the others show the case as it stands. */
const SHOWS_NAMED_VERSION = new Set(['thread.reply', 'dm.reply', 'mail']);

/** Thrown when a notification arrives before what it depends on; the outbox retries it. */
class NotReady extends Error {}

export function createDeliverer(deps: DelivererDeps): Deliver {
  const { cases, slack } = deps;
  const poster = createSlackPoster(slack, deps.pacer, deps.logger);

  /** The card in the reviewer channel, or (`forRequester`) its copy in the requester's DM, in their language. */
  async function card({ case: c, shown, issued }: CaseForDelivery, forRequester = false): Promise<SlackMessage> {
    const [linked, locale] = await Promise.all([linkedCaseOf(cases, c), forRequester ? deps.localeFor(c.requesterId) : ('ja' as const)]);
    const intro = forRequester ? messages(locale).card.dmIntro(c.key) : undefined;
    const last = shown?.version === c.version ? shown : undefined;
    return caseCard({ procedure: procedureById(c.procedure), case: c, last, linked, intro, locale, now: deps.clock?.(), holders: deps.holders ?? NO_HOLDERS, issued: latestIssued(issued) });
  }

  /** The transition a notification names, as the case was read for it. */
  function transitionOf({ case: c, shown }: CaseForDelivery, version: number): TransitionRow {
    if (shown?.version !== version) throw new Error(`case ${c.key} has no transition ${version}`);
    return shown;
  }

  /** The thread reply of a transition; in the requester's DM (`notify`), in their language. */
  async function change(found: CaseForDelivery, payload: unknown, notify?: string): Promise<SlackMessage> {
    const { version } = versionPayload.parse(payload);
    const locale = notify ? await deps.localeFor(notify) : 'ja';
    return stepChange({ procedure: procedureById(found.case.procedure), caseKey: found.case.key, transition: transitionOf(found, version), notify, locale });
  }

  function posted(c: CaseRecord, where: 'card' | 'dm'): { channel: string; ts: string } {
    const channel = where === 'card' ? c.cardChannel : c.dmChannel;
    const ts = where === 'card' ? c.cardTs : c.dmTs;
    if (!channel || !ts) throw new NotReady(`${c.key}: ${where} message not posted yet`);
    return { channel, ts };
  }

  const threadOf = (c: CaseRecord) => {
    const { channel, ts } = posted(c, 'card');
    return { channel, thread_ts: ts };
  };

  async function reply(n: ClaimedNotification, c: CaseRecord, where: 'card' | 'dm', message: SlackMessage): Promise<void> {
    const { channel, ts } = posted(c, where);
    await poster.post(n, { channel, thread_ts: ts, ...message });
  }

  async function inboundRow(payload: unknown): Promise<InboundRow> {
    const { inbound } = inboundPayload.parse(payload);
    const row = await deps.inbound.find(inbound);
    if (!row) throw new Error(`inbound message ${inbound} does not exist`);
    return row;
  }

  /** The triage post of an inbound message: where its files and its link notice go. */
  function triageThread(row: InboundRow): { channel: string; ts: string } {
    if (!row.postChannel || !row.postTs) throw new NotReady(`inbound ${row.id}: triage post not posted yet`);
    return { channel: row.postChannel, ts: row.postTs };
  }

  /** About an inbound message, whether or not it found a case: the reviewer channel, or its triage thread. */
  async function tellInbound(n: ClaimedNotification): Promise<void> {
    const notice = inboundNoticePayload.parse(n.payload);
    const row = await inboundRow(n.payload);
    if (notice.about === 'linked') {
      const { channel, ts } = triageThread(row);
      await poster.post(n, { channel, thread_ts: ts, ...inboundLinkedReply(notice.case ?? '', notice.by ?? '') });
      return;
    }
    const c = row.caseId === null ? undefined : await cases.findById(row.caseId);
    await poster.post(n, { channel: deps.reviewerChannel, ...inboundNoticeMessage(row, notice.about, c?.key) });
  }

  /** What concerns no single case: the daily digest, one person's Home tab, a mail that found no case. */
  async function deliverUnbound(n: ClaimedNotification): Promise<void> {
    switch (n.kind) {
      case 'inbound.triage': {
        const row = await inboundRow(n.payload);
        if (row.postTs) return;
        const res = await poster.post(n, { channel: deps.reviewerChannel, ...triagePost(row) });
        await deps.inbound.setPost(row.id, res.channel, res.ts);
        return;
      }
      case 'files.upload': {
        const row = await inboundRow(n.payload);
        const { channel, ts } = triageThread(row);
        await poster.upload(n, { channel, thread_ts: ts, comment: `受信 #${row.id} の添付ファイル`, files: await deps.caseFiles.filesOf(null, { inbound: row.id }) });
        return;
      }
      case 'digest': {
        const { date } = digestPayload.parse(n.payload);
        // Rendered now, not at 09:00: a digest delayed by an outage shows the cases as they stand.
        const message = digestMessage(date, await cases.dueSoonBoard(DIGEST_ROWS_PER_GROUP * 2), deps.clock?.() ?? new Date());
        await poster.post(n, { channel: deps.reviewerChannel, ...message });
        return;
      }
      case 'home.publish': {
        // Several queued refreshes of one Home become one views.publish of its latest state.
        if (await deps.outbox.hasLaterPending(n)) return;
        const { user } = homePayload.parse(n.payload);
        try {
          await slack.views.publish({ user_id: user, view: await deps.home.render(user) });
        } catch (error) {
          if (!GONE_USER_ERRORS.has((error as { data?: { error?: string } }).data?.error ?? '')) throw error;
          deps.logger.info({ user }, 'Slack no longer knows this user: their Home is not kept any more');
          await deps.home.gone(user);
        }
        return;
      }
      default:
        throw new Error(`notification ${n.id} of kind ${n.kind} names no case`);
    }
  }

  /** Told in the reviewer channel: a notification could not be delivered, with its case when it has one. */
  async function tellDead(n: ClaimedNotification): Promise<void> {
    const notice = deadPayload.parse(n.payload);
    const c = n.caseId === null ? undefined : await cases.findById(n.caseId);
    await poster.post(n, { channel: deps.reviewerChannel, ...deadNotice(c?.key, notice) });
  }

  return async function deliver(n: ClaimedNotification): Promise<void> {
    if (n.kind === 'dead.notice') return tellDead(n);
    if (n.kind === 'inbound.notice') return tellInbound(n);
    if (n.caseId === null) return deliverUnbound(n);
    const found = await cases.forDelivery(n.caseId, SHOWS_NAMED_VERSION.has(n.kind) ? versionPayload.parse(n.payload).version : 'latest');
    if (!found) throw new Error(`notification ${n.id} names missing case ${n.caseId}`);
    const c = found.case;
    switch (n.kind) {
      case 'card.post': {
        if (c.cardTs) return; // posted by an earlier attempt whose commit we saw
        const res = await poster.post(n, { channel: deps.reviewerChannel, ...(await card(found)) });
        await cases.setCardMessage(c.id, res.channel, res.ts);
        return;
      }
      case 'dm.post': {
        if (c.dmTs) return;
        const opened = await slack.conversations.open({ users: c.requesterId });
        const channel = opened.channel?.id;
        if (!channel) throw new Error(`conversations.open gave no channel for ${c.requesterId}`);
        const res = await poster.post(n, { channel, ...(await card(found, true)) });
        await cases.setDmMessage(c.id, res.channel, res.ts);
        return;
      }
      case 'card.update':
      case 'dm.update': {
        // Several queued updates of one card become one chat.update of its latest state.
        if (await deps.outbox.hasLaterPending(n)) return;
        const where = n.kind === 'card.update' ? 'card' : 'dm';
        await poster.update({ ...posted(c, where), ...(await card(found, where === 'dm')) });
        return;
      }
      case 'thread.reply':
        return reply(n, c, 'card', await change(found, n.payload));
      case 'dm.reply':
        return reply(n, c, 'dm', await change(found, n.payload, c.requesterId));
      case 'reminder': {
        const r = reminderPayload.parse(n.payload);
        // Only while the test it announces still stands: a reschedule or a held test makes it moot.
        if (c.step !== r.step || c.fields[r.field] !== r.at) return;
        return reply(n, c, 'card', reminder(procedureById(c.procedure), c, r));
      }
      case 'linked.completed': {
        const { certification } = z.object({ certification: z.string() }).parse(n.payload);
        return reply(n, c, 'card', linkedCompleted(procedureById(c.procedure), c, certification));
      }
      case 'overdue': {
        const o = overduePayload.parse(n.payload);
        // Only if nothing happened since: any later transition made this deadline moot.
        if (c.version !== o.version || c.step !== o.step) return;
        const procedure = procedureById(c.procedure);
        const lanes = stepByCode(procedure, o.step).lanes;
        return reply(n, c, 'card', overdueNotice(procedure, c, o.due, deps.mentions?.(lanes, c.requesterId) ?? ''));
      }
      case 'home.fanout': {
        if (await deps.outbox.hasLaterPending(n)) return;
        await deps.outbox.add(await deps.home.audienceOf(c));
        return;
      }
      case 'mail': {
        const { version, to, mail, attachments, missing } = mailPayload.parse(n.payload);
        const transition = transitionOf(found, version);
        const [contents, issued, caseLink] = await Promise.all([
          deps.documents.contents(attachments.flatMap((a) => (a.fileId === undefined ? [] : [a.fileId]))),
          Promise.all(attachments.filter((a) => a.issued).map(async (a) => [a.document, await deps.issued.content(c.id, version, a.document)] as const)).then((pairs) => new Map(pairs)),
          mail.to === 'applicant' ? deps.caseLink?.(c) : undefined,
        ]);
        const notAttached = new Set(missing.map((m) => m.document));
        const number = c.fields[CERTIFICATE_FIELDS.number];
        const verificationLink = mail.verification && typeof number === 'string' ? deps.verificationLink?.(number) : undefined;
        const rendered = renderMail({ procedure: procedureById(c.procedure), case: c, mail, transition, from: deps.mailFrom, notAttached, caseLink, verificationLink });
        const files = attachments.map((a) => {
          // An issued file is the one its transition stored, byte for byte: the hash decided at the click must match.
          const content = a.issued ? issued.get(a.document)?.content : contents.get(a.fileId!);
          if (!content) throw new Error(`the file of ${a.document} (${a.issued ? `issued with version ${version}` : `library file ${a.fileId}`}) is missing`);
          if (a.issued && issued.get(a.document)?.sha256 !== a.sha256) throw new Error(`the file issued as ${a.document} with version ${version} is not the one the mail was decided with`);
          return { filename: a.fileName, content, contentType: a.contentType };
        });
        await deps.mail.send({ to, ...rendered, messageId: deps.messageIds.forCase(n.id, c.key), replyTo: plusAddress(deps.deskAddress, c.key), attachments: files });
        failpoint('delivery.after-call');
        // A mail to an address that bounced before was sent again: the card stops saying it is undelivered.
        const address = normalizeAddress(to);
        if (address && c.undeliveredTo.includes(address)) await deps.undelivered.clear(c.id, address, notificationsForClearedMark(c, address));
        return;
      }
      case 'documents.missing': {
        const { missing } = missingPayload.parse(n.payload);
        return reply(n, c, 'card', missingDocumentsNotice(c.key, missing));
      }
      case 'inbound.post': {
        const row = await inboundRow(n.payload);
        if (row.outcome === 'bounce') return reply(n, c, 'card', bouncePost(row, c.key));
        if (row.outcome === 'auto_reply') return reply(n, c, 'card', autoReplyPost(row, c.key));
        const { stranger } = inboundPostPayload.parse(n.payload);
        if (stranger) return reply(n, c, 'card', strangerPost(row, c.key, stranger));
        const procedure = procedureById(c.procedure);
        // Waiting for the applicant's documents: the step's way forward, right under the files.
        const forward = stepByCode(procedure, c.step).receives?.length ? caseButtons(procedure, c).filter((b) => b.style === 'primary') : [];
        return reply(n, c, 'card', inboundThreadPost(row, c.key, forward));
      }
      case 'bounce.cleared': {
        const { address, by } = clearedPayload.parse(n.payload);
        return reply(n, c, 'card', markClearedReply(c.key, address, by));
      }
      case 'dm.inbound':
        return reply(n, c, 'dm', inboundDmLine(await inboundRow(n.payload), c.key, c.requesterId, await deps.localeFor(c.requesterId)));
      case 'files.upload': {
        const ref = filesPayload.parse(n.payload);
        const comment =
          'inbound' in ref
            ? `:paperclip: 受信 #${ref.inbound} の添付ファイル（${c.key}）`
            : ref.issued
              ? `:page_facing_up: ${c.key} に発行した文書（版 ${ref.version}）。申請事業者へのメールにこのファイルを添付します。`
              : `:paperclip: 申請事業者がWebから提出したファイル（${c.key}・版 ${ref.version}）`;
        await poster.upload(n, { ...threadOf(c), comment, files: await deps.caseFiles.filesOf(c.id, ref) });
        return;
      }
    }
  };
}
