// Issue 15 through the real bot: mail from the desk mailbox (a real Dovecot, or the inbox folder),
// Slack's stand-in and a real SMTP server. Who wrote a mail decides what it may do: a stranger's is shown
// without a step button or a DM until a reviewer adds them to the case's contacts; our mail server's
// verdict on DMARC counts, and only its own. Bounces of the bot's mails and automatic replies are known
// for what they are, and the bot answers none of them.
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTER, REVIEWER, REVIEWER_2, REVIEW_CHANNEL, STRANGER, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { buttonsOf, openCaseThroughSlack, threadReplies, walk } from '../helpers/case-walk.js';
import { ImapServer } from '../helpers/imap-server.js';
import { waitFor } from '../helpers/wait-for.js';
import { TEST_WEB_LIMITS, applyOnWeb, confirmationMail, usageApplication, webBase } from '../helpers/web-door.js';
import { WebClient } from '../helpers/web-client.js';

/** The stand-in for one of the bot's Message-IDs in the fixtures (make-fixtures.sh). */
const RETURNED = '<notification-7.MDOC-0001.RETURNED_MESSAGE_TAG__@mdoc-desk>';
const APPLICANT = 'taro@example.co.jp';
const DM_CHANNEL = `D${REQUESTER.slice(1)}`;

const intake = {
  category: choice('private'),
  org_name: '差出人確認株式会社',
  corporate_number: '4011001098993',
  department: 'デジタル推進部',
  contact_name: '田中 太郎',
  phone: '03-1234-5678',
  email: APPLICANT,
  usage_mode: choice('remote'),
  krl_proxy: choice('no'),
};

/** A fixture as it would come back for a mail the bot sent: the stand-in ID replaced by a real one. */
async function fixture(name: string, replace: Record<string, string> = {}): Promise<Buffer> {
  let raw = (await readFile(`test/fixtures/mail/${name}`)).toString('latin1');
  for (const [from, to] of Object.entries(replace)) raw = raw.replaceAll(from, to);
  return Buffer.from(raw, 'latin1');
}

const postsWith = (h: Harness, key: string, heading: string) => threadReplies(h, key).filter((c) => String(c.args.text).includes(heading));
const channelPosts = (h: Harness, heading: string) => h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).includes(heading));
const actionIds = (post: { args: Record<string, any> }) => buttonsOf(post.args.blocks).map((b: any) => b.action_id);
const dmLines = (h: Harness) => h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === DM_CHANNEL && c.args.thread_ts && String(c.args.text).includes('メールが届きました'));
const ephemeralsTo = (h: Harness, user: string) => h.slack.callsOf('chat.postEphemeral').filter((c) => c.args.user === user).map((c) => String(c.args.text));
const inbound = (h: Harness, messageId: string) => waitFor(() => h.bot.db.prisma.inboundMessage.findFirst({ where: { messageId } }), `the mail ${messageId} taken`);

describe('the desk mailbox, MDOC_AUTHSERV_ID unset', () => {
  let imap: ImapServer;
  let h: Harness;
  let key: string;
  /** The documents mail the bot sent the applicant at (1)-b. */
  let sent: { messageId: string; raw: Buffer };

  const caseRow = () => h.bot.db.prisma.case.findUniqueOrThrow({ where: { key } });
  const latestMailTo = (address: string) => h.smtp.mails.filter((m) => m.to.includes(address)).at(-1)!;

  beforeAll(async () => {
    imap = await new ImapServer().start();
    h = await startHarness({ env: { IMAP_URL: imap.url }, webLimits: TEST_WEB_LIMITS });
    key = await openCaseThroughSlack(h, 'new usage', REQUESTER, intake);
    await walk(h, key, [{ step: '(1)-b', action: 'send_documents', by: REVIEWER, next: '(2)-a 情報開示申請' }]);
    sent = await waitFor(() => h.smtp.mails.find((m) => m.to.includes(APPLICANT) && m.subject.includes(key)), 'the documents mail');
  });
  afterAll(async () => {
    await h?.stop();
    await imap?.stop();
  });

  it('marks every mail it sends as automatic (RFC 3834), the web door\'s confirmation mail too, with a Message-ID nobody can guess', async () => {
    const confirmation = await applyOnWeb(h, new WebClient(webBase(h)), usageApplication({ email: 'web-bounce@example.co.jp' })).then(() => confirmationMail(h, 'web-bounce@example.co.jp'));
    for (const mail of [sent, confirmation]) {
      const head = mail.raw.toString('latin1').split(/\r?\n\r?\n/)[0]!;
      expect(head).toMatch(/^Auto-Submitted: auto-generated\r?$/m);
      expect(head).toMatch(/^X-Auto-Response-Suppress: OOF, AutoReply\r?$/m);
    }
    const notification = await h.bot.db.prisma.notification.findFirstOrThrow({ where: { kind: 'mail', caseId: (await caseRow()).id } });
    expect(sent.messageId).toMatch(new RegExp(`^<notification-${notification.id}\\.${key}\\.[A-Za-z0-9_-]{22}@mdoc-desk>$`));
    expect(confirmation.messageId).toMatch(/^<notification-\d+\.application-\d+\.[A-Za-z0-9_-]{22}@mdoc-desk>$/);
  });

  it('a stranger naming the case in the subject, or writing to its plus address, is shown as 申請者以外からのメール: no step button, no DM', async () => {
    await imap.append(await fixture('stranger-subject.eml'));
    await imap.append(await fixture('stranger-plus.eml'));
    await waitFor(() => postsWith(h, key, '申請者以外からのメール').length === 2, 'the two posts');
    await h.settle();
    for (const post of postsWith(h, key, '申請者以外からのメール')) {
      expect(actionIds(post)).toEqual(['mdoc_inbound_add_contact']);
      const text = JSON.stringify(post.args.blocks);
      expect(text).toContain('suzuki@other.example.com');
      expect(text).toContain('連絡先');
      // Nobody checked the sender, and the post says so.
      expect(text).toContain('未検証');
    }
    const rows = await h.bot.db.prisma.inboundMessage.findMany({ where: { outcome: 'stranger' } });
    expect(rows.map((r) => [r.matchedBy, (r.detail as any).sender.stranger]).sort()).toEqual([
      ['plus_address', 'not_contact'],
      ['subject', 'not_contact'],
    ]);
    expect(dmLines(h)).toEqual([]);
  });

  it('「差出人を連絡先に追加」: refused to a non-reviewer; two reviewers at once add it once, as a transition that stays at the step; then the sender writes as the applicant', async () => {
    const post = postsWith(h, key, '申請者以外からのメール')[0]!;
    const value = buttonsOf(post.args.blocks)[0].value;
    const versionBefore = (await caseRow()).version;

    expect((await h.press('mdoc_inbound_add_contact', value, STRANGER)).status).toBe(200);
    await waitFor(() => ephemeralsTo(h, STRANGER).some((t) => t.includes('レビュー担当')), 'the refusal');
    expect(await h.bot.db.prisma.caseContact.count()).toBe(0);

    const clicks = await Promise.all([h.press('mdoc_inbound_add_contact', value, REVIEWER), h.press('mdoc_inbound_add_contact', value, REVIEWER_2)]);
    expect(clicks.map((c) => c.status)).toEqual([200, 200]);
    const told = async () => [...ephemeralsTo(h, REVIEWER), ...ephemeralsTo(h, REVIEWER_2)];
    await waitFor(async () => (await told()).length === 2, 'both reviewers told');
    const answers = await told();
    expect(answers.filter((t) => t.includes('連絡先に追加しました'))).toHaveLength(1);
    expect(answers.filter((t) => t.includes('すでに'))).toHaveLength(1);
    // The button is routed to its listener alone (once the unknown-button listener took it as well).
    expect(h.logs.filter((l) => l.includes('unhandled error in a listener') || l.includes('unknown action'))).toEqual([]);

    const contacts = await h.bot.db.prisma.caseContact.findMany();
    expect(contacts.map((c) => c.address)).toEqual(['suzuki@other.example.com']);
    const c = await caseRow();
    expect(c.version).toBe(versionBefore + 1);
    expect(c.step).toBe('(2)-a');
    const transition = await h.bot.db.prisma.transition.findFirstOrThrow({ where: { caseId: c.id, version: c.version } });
    expect(transition).toMatchObject({ action: 'add_contact', fromStep: '(2)-a', toStep: '(2)-a', actorId: contacts[0]!.addedBy, data: { contact_address: 'suzuki@other.example.com' } });
    expect(transition.hash).toMatch(/^[0-9a-f]{64}$/);
    await h.settle();
    // The thread says who trusted whom; the card's buttons carry the new version.
    expect(threadReplies(h, key).some((r) => String(r.args.text).includes('差出人を連絡先に追加'))).toBe(true);
    expect(JSON.parse(buttonsOf(h.latestCard(key)!.blocks)[0].value).version).toBe(c.version);

    // The same sender's next mail counts as the applicant's: the step's button under it, and the DM.
    await imap.append(await fixture('stranger-plus.eml', { '<stranger-plus-0001@other.example.com>': '<stranger-plus-0002@other.example.com>' }));
    const row = await inbound(h, '<stranger-plus-0002@other.example.com>');
    expect(row.outcome).toBe('matched');
    const mailPost = await waitFor(() => postsWith(h, key, 'メールを受信しました')[0], 'the applicant\'s mail');
    expect(actionIds(mailPost)).toEqual(['mdoc_action:record_submission']);
    await waitFor(() => dmLines(h).length === 1, 'the DM line');
  });

  it('a forged In-Reply-To that guesses the old unsigned Message-ID of the case\'s own mail finds no case', async () => {
    const notification = await h.bot.db.prisma.notification.findFirstOrThrow({ where: { kind: 'mail', caseId: (await caseRow()).id } });
    const guessed = `<notification-${notification.id}.${key}@mdoc-desk>`;
    const wrongTag = `<notification-${notification.id}.${key}.AAAAAAAAAAAAAAAAAAAAAA@mdoc-desk>`;
    await imap.append(await fixture('forged-in-reply-to.eml', { 'In-Reply-To: <notification-3.MDOC-0001@mdoc-desk>': `In-Reply-To: ${guessed}`, 'References: <notification-3.MDOC-0001@mdoc-desk>': `References: ${wrongTag}` }));
    const row = await inbound(h, '<forged-reply-0001@example.net>');
    expect(row).toMatchObject({ outcome: 'unmatched', caseId: null, matchedBy: null });
    await waitFor(() => channelPosts(h, '未分類のメール').some((p) => JSON.stringify(p.args.blocks).includes('attacker@example.net')), 'the forged reply in 未分類');
  });

  it('a delivery status notification of the bot\'s mail: 「メールが届きませんでした」 in the thread, no step button, no DM, and 「メール不達」 on the card until the next mail to the address is sent', async () => {
    const dmsBefore = dmLines(h).length;
    await imap.append(await fixture('bounce-postfix-dsn.eml', { [RETURNED]: sent.messageId }));
    const post = await waitFor(() => postsWith(h, key, 'メールが届きませんでした')[0], 'the bounce post');
    const text = JSON.stringify(post.args.blocks);
    for (const part of [APPLICANT, '5.1.1', 'User unknown in local recipient table', '申請書類の送付について']) expect(text).toContain(part);
    expect(actionIds(post)).toEqual(['mdoc_bounce_clear']);
    const row = await inbound(h, '<20261204010005.4C2B81A00F@relay.example.go.jp>');
    expect(row).toMatchObject({ outcome: 'bounce', matchedBy: 'returned_mail', caseId: (await caseRow()).id });
    expect((await caseRow()).undeliveredTo).toEqual([APPLICANT]);
    await waitFor(() => JSON.stringify(h.latestCard(key)!.blocks).includes('メール不達'), 'the mark on the card');
    await h.settle();
    expect(dmLines(h)).toHaveLength(dmsBefore);
    // The returned mail and its report stay in the record, and nothing was uploaded from them.
    expect(await h.bot.db.prisma.caseFile.count({ where: { inboundId: row.id } })).toBe(0);

    // The next mail to the address clears the mark: the applicant's step recorded, then sent back.
    await walk(h, key, [{ step: '(2)-a', action: 'record_submission', by: REQUESTER, next: '(2)-b 受付・審査' }]);
    const mailsBefore = h.smtp.mails.length;
    const modals = h.slack.callsOf('views.open').length;
    expect((await h.click(key, 'send_back', REVIEWER)).status).toBe(200);
    const modal = await waitFor(() => h.slack.callsOf('views.open').slice(modals).find((c) => c.args.view.callback_id === 'mdoc_action_form'), 'the send-back form');
    expect((await h.submitView('mdoc_action_form', { reason: '別紙が不足しています。' }, REVIEWER, modal.args.view.private_metadata)).body).toBe('');
    await waitFor(() => h.smtp.mails.length > mailsBefore, 'the send-back mail');
    await waitFor(async () => (await caseRow()).undeliveredTo.length === 0, 'the mark cleared');
    await h.settle();
    expect(JSON.stringify(h.latestCard(key)!.blocks)).not.toContain('メール不達');
    expect(threadReplies(h, key).some((r) => String(r.args.text).includes('メール不達」を解除しました（この宛先へのメールを送信したため'))).toBe(true);
  });

  it('a reviewer clears the mark from the bounce post; a non-reviewer may not; a second click is told it is gone', async () => {
    await imap.append(await fixture('bounce-exim.eml', { [RETURNED]: latestMailTo(APPLICANT).messageId }));
    await waitFor(async () => (await caseRow()).undeliveredTo.length === 1, 'the mark set again');
    const post = await waitFor(() => postsWith(h, key, 'メールが届きませんでした')[1], 'the second bounce post');
    const value = buttonsOf(post.args.blocks)[0].value;

    await h.press('mdoc_bounce_clear', value, STRANGER);
    await waitFor(() => ephemeralsTo(h, STRANGER).some((t) => t.includes('「メール不達」の表示を消せるのは')), 'the refusal');
    expect((await caseRow()).undeliveredTo).toEqual([APPLICANT]);

    await h.press('mdoc_bounce_clear', value, REVIEWER);
    await waitFor(() => ephemeralsTo(h, REVIEWER).some((t) => t.includes('表示を消しました')), 'the reviewer told');
    expect((await caseRow()).undeliveredTo).toEqual([]);
    await h.press('mdoc_bounce_clear', value, REVIEWER);
    await waitFor(() => ephemeralsTo(h, REVIEWER).some((t) => t.includes('すでに消えています')), 'the second click told');
    expect(h.logs.filter((l) => l.includes('unhandled error in a listener') || l.includes('unknown action'))).toEqual([]);
    await h.settle();
    expect(JSON.stringify(h.latestCard(key)!.blocks)).not.toContain('メール不達');
    expect(threadReplies(h, key).some((r) => String(r.args.text).includes(`<@${REVIEWER}> が表示を消しました`))).toBe(true);
  });

  it('a bounce that returns no mail of ours goes to 未分類 marked as one, with no 新規案件として登録: an unknown one, a forged one and one of a web confirmation mail', async () => {
    const notification = await h.bot.db.prisma.notification.findFirstOrThrow({ where: { kind: 'mail', caseId: (await caseRow()).id } });
    const confirmation = h.smtp.mails.find((m) => m.to.includes('web-bounce@example.co.jp'))!;
    await imap.append(await fixture('bounce-unmatched.eml'));
    await imap.append(await fixture('bounce-qmail.eml', { [RETURNED]: `<notification-${notification.id}.${key}@mdoc-desk>` }));
    await imap.append(await fixture('bounce-gmail.eml', { [RETURNED]: confirmation.messageId }));
    await waitFor(() => channelPosts(h, '不達通知').length === 3, 'three bounces in 未分類');
    for (const post of channelPosts(h, '不達通知')) {
      expect(String(post.args.text)).toContain('未分類のメール');
      expect(actionIds(post)).toEqual(['mdoc_inbound_link']);
    }
    expect(JSON.stringify(channelPosts(h, '不達通知').map((p) => p.args.blocks))).toContain('Webからの申し込み');
    const rows = await h.bot.db.prisma.inboundMessage.findMany({ where: { outcome: 'bounce', caseId: null } });
    expect(rows).toHaveLength(3);
    expect((await caseRow()).undeliveredTo).toEqual([]);
  });

  it('bounces written by carriers and other servers (au, docomo, SoftBank, Exchange, qmail) each find the case', async () => {
    const id = latestMailTo(APPLICANT).messageId;
    const names = ['bounce-au.eml', 'bounce-docomo.eml', 'bounce-softbank.eml', 'bounce-exchange-headers.eml', 'bounce-qmail.eml'];
    const before = postsWith(h, key, 'メールが届きませんでした').length;
    // The qmail fixture went in above already, under its own Message-ID: give it another.
    for (const name of names) await imap.append(await fixture(name, { [RETURNED]: id, '<20261204010009.qmail-0001@mx.example.co.jp>': '<20261204010009.qmail-0002@mx.example.co.jp>' }));
    await waitFor(() => postsWith(h, key, 'メールが届きませんでした').length === before + names.length, 'a bounce post for each');
    const texts = postsWith(h, key, 'メールが届きませんでした').slice(before).map((p) => JSON.stringify(p.args.blocks)).join('\n');
    for (const part of ['sample-taro@docomo.ne.jp', '550 Unknown user', 'mailbox full', '送信先のメールアドレスが見つかりませんでした', '宛先のメールアドレスは存在しません']) expect(texts).toContain(part);
    expect((await caseRow()).undeliveredTo).toEqual([APPLICANT]);
  });

  it('an out-of-office reply is posted as 「自動応答」, compact, with no step button and no DM', async () => {
    const dmsBefore = dmLines(h).length;
    await imap.append(await fixture('auto-reply-out-of-office.eml', { [RETURNED]: sent.messageId }));
    const post = await waitFor(() => postsWith(h, key, '自動応答')[0], 'the automatic reply');
    expect(post.args.blocks).toHaveLength(1);
    expect(actionIds(post)).toEqual([]);
    expect(String(post.args.blocks[0].text.text)).toContain('不在にしております');
    expect((await inbound(h, '<oof-0001@example.co.jp>')).outcome).toBe('auto_reply');
    await h.settle();
    expect(dmLines(h)).toHaveLength(dmsBefore);
  });

  it('answered none of these mails: every mail it sent is a step\'s mail or a web confirmation, to the applicant', async () => {
    await h.settle();
    const queued = await h.bot.db.prisma.notification.count({ where: { kind: { in: ['mail', 'apply.confirm'] } } });
    expect(h.smtp.mails).toHaveLength(queued);
    expect([...new Set(h.smtp.mails.flatMap((m) => m.to))].sort()).toEqual([APPLICANT, 'web-bounce@example.co.jp']);
  });
});

describe('the inbox folder, MDOC_AUTHSERV_ID set: our mail server\'s verdict on the sender', () => {
  let h: Harness;
  let key: string;

  beforeAll(async () => {
    h = await startHarness({ env: { MDOC_AUTHSERV_ID: 'mx.example.go.jp' } });
    key = await openCaseThroughSlack(h, 'new usage', REQUESTER, intake);
    const inbox = path.join(h.dataDir, 'inbox');
    await mkdir(inbox, { recursive: true });
    for (const name of ['dmarc-fail.eml', 'auth-results-forged-below.eml', 'auth-results-pass.eml', 'auth-results-other-id.eml', 'dmarc-none-spf-aligned.eml']) {
      await copyFile(`test/fixtures/mail/${name}`, path.join(inbox, name));
    }
    await waitFor(async () => (await h.bot.db.prisma.inboundMessage.count()) === 5, 'the five mails taken');
    await h.settle();
  });
  afterAll(async () => h?.stop());

  const postOf = (subject: string, heading: string) => postsWith(h, key, heading).find((p) => String(p.args.text).includes(subject));

  it.each([
    ['<dmarc-fail-0001@attacker.example.net>', 'stranger', 'dmarc_fail'],
    // Our server's verdict is the topmost under our id; the pass the sender wrote below it does not count.
    ['<forged-results-0001@attacker.example.net>', 'stranger', 'dmarc_fail'],
    // Only another server vouches: nothing is verified.
    ['<other-id-0001@example.co.jp>', 'stranger', 'not_verified'],
    // Our verdict (pass) on top; a failing one of another id above it and a forged one below do not count.
    ['<dmarc-pass-0001@example.co.jp>', 'matched', undefined],
    ['<spf-aligned-0001@example.co.jp>', 'matched', undefined],
  ])('%s: %s %s', async (messageId, outcome, reason) => {
    const row = await inbound(h, messageId);
    expect(row.outcome).toBe(outcome);
    expect((row.detail as any).sender.stranger).toBe(reason);
  });

  it('shows the verdict on the post: a forged From fails DMARC and gets no button (the address is a contact already)', () => {
    const forged = postOf('検証環境アクセス申請書', '申請者以外からのメール')!;
    expect(JSON.stringify(forged.args.blocks)).toContain('DMARC に失敗');
    expect(actionIds(forged)).toEqual([]);
    const real = postOf('申請書類の送付について', 'メールを受信しました')!;
    expect(JSON.stringify(real.args.blocks)).toContain('確認済み（DMARC pass・DKIM pass・SPF pass）');
  });

  it('tells the requester of the applicant\'s two verified mails only', () => {
    expect(dmLines(h)).toHaveLength(2);
  });
});
