// The desk mailbox read by the real bot from a real IMAP server (Dovecot): Japanese mail as it really
// arrives, matched to its case and posted in its thread with its files, byte for byte; mail that finds
// no case sorted in the reviewer channel; and what could not be taken kept and told.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTER, REVIEWER, REVIEW_CHANNEL, STRANGER, choice, samplePdf, startHarness, type Harness } from '../helpers/bot-harness.js';
import { openCaseThroughSlack, threadReplies } from '../helpers/case-walk.js';
import { ImapServer } from '../helpers/imap-server.js';
import { waitFor } from '../helpers/wait-for.js';

const fixture = (name: string) => readFile(`test/fixtures/mail/${name}`);
const attachment = (name: string) => readFile(`test/fixtures/mail/attachments/${name}`);

/**
 * The applicant's address of MDOC-0001 to MDOC-0007: the sender of the fixture written to that case (the
 * linked no-match.eml's for MDOC-0007), so that each mail counts as the applicant's. The letters' case
 * differs from the mails' where they write it so (Hanako@Example.NE.JP, John.Smith@Example.com).
 */
const APPLICANTS = ['taro@example.co.jp', 'hanako@example.ne.jp', 'jiro.yamamoto@gmail.com', 'ichiro@example.jp', 'info@example.org', 'taro@example.co.jp', 'saburo@example.com'];

const intake = (n: number) => ({
  category: choice('private'),
  org_name: `受信テスト株式会社${n}`,
  corporate_number: '4011001098993',
  department: 'デジタル推進部',
  contact_name: '田中 太郎',
  phone: '03-1234-5678',
  email: APPLICANTS[n - 1] ?? `inbound${n}@example.co.jp`,
  usage_mode: choice('remote'),
  krl_proxy: choice('no'),
});

let imap: ImapServer;
let h: Harness;
const keys: string[] = [];

beforeAll(async () => {
  imap = await new ImapServer().start();
  h = await startHarness({ env: { IMAP_URL: imap.url, MDOC_INBOUND_LIMIT_MB: '1' } });
  // The fixtures name cases MDOC-0001 to MDOC-0007: a fresh database numbers them in this order.
  for (let n = 1; n <= 7; n++) keys.push(await openCaseThroughSlack(h, 'new usage', REQUESTER, intake(n)));
  expect(keys[0]).toBe('MDOC-0001');
  // MDOC-0002 waits for the applicant's forms at (2)-a.
  await h.click('MDOC-0002', 'send_documents', REVIEWER);
  await waitFor(() => h.smtp.mails.some((m) => m.subject.includes('MDOC-0002')), 'the documents mail');
  await h.settle();
});
afterAll(async () => {
  await h?.stop();
  await imap?.stop();
});

/** Thread posts of received mail in a case's thread. */
const mailPosts = (key: string) => threadReplies(h, key).filter((c) => String(c.args.text).includes('メールを受信しました'));
/** Files shared into a case's thread. */
const threadFiles = (key: string) => {
  const card = h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).startsWith(`${key} `));
  return h.slack.threadFiles(REVIEW_CHANNEL, card!.result.ts);
};
const channelPosts = (heading: string) => h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).includes(heading));

async function deliver(name: string): Promise<void> {
  await imap.append(await fixture(name));
}

describe('mail that finds its case', () => {
  it('ISO-2022-JP, by the plus address: posted in the thread without the quoted history, and told to the requester', async () => {
    await deliver('iso2022jp-reply.eml');
    const post = await waitFor(() => mailPosts('MDOC-0001')[0], 'the post in MDOC-0001');
    const text = JSON.stringify(post.args.blocks);
    expect(text).toContain('申請書類を受領いたしました');
    expect(text).toContain('Re: 【MDOC-0001】申請書類の送付について');
    expect(text).toContain('taro@example.co.jp');
    expect(text).not.toContain('Original Message');
    const row = await h.bot.db.prisma.inboundMessage.findFirst({ where: { subject: { contains: 'MDOC-0001' } } });
    expect(row?.matchedBy).toBe('plus_address');
    const dm = await waitFor(() => h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === `D${REQUESTER.slice(1)}` && c.args.thread_ts && String(c.args.text).includes('メールが届きました')), 'the DM line');
    expect(String(dm.args.text)).toContain('MDOC-0001');
  });

  it('Shift_JIS with a PDF named in RFC 2231, by the full-width case ID in the subject: the file in the thread byte for byte, the step button under it', async () => {
    await deliver('shiftjis-attachment.eml');
    const post = await waitFor(() => mailPosts('MDOC-0002')[0], 'the post in MDOC-0002');
    // At (2)-a the post carries the step's way forward, the same action as the card's.
    const button = post.args.blocks.find((b: any) => b.type === 'actions')?.elements[0];
    expect(button?.action_id).toBe('mdoc_action:record_submission');
    expect(JSON.parse(button.value)).toMatchObject({ case: 'MDOC-0002', step: '(2)-a' });
    await waitFor(() => threadFiles('MDOC-0002').filter((f) => f.content).length === 1, 'the uploaded PDF');
    const files = threadFiles('MDOC-0002');
    expect(files[0]!.title).toBe('【申請書】情報開示申請書.pdf');
    expect(Buffer.compare(files[0]!.content!, await attachment('disclosure-application.pdf'))).toBe(0);
    // The reviewer records the receipt right under the files.
    expect((await h.click('MDOC-0002', 'record_submission', REVIEWER, { value: button.value })).status).toBe(200);
    await waitFor(() => threadReplies(h, 'MDOC-0002').some((c) => String(c.args.text).startsWith('(2)-b')), 'the move to (2)-b');
  });

  it('UTF-8 Gmail, Apple Mail (an upper-case plus address), HTML-only and forwarded mail each reach their case', async () => {
    for (const name of ['utf8-gmail-reply.eml', 'apple-mail-reply.eml', 'html-only.eml', 'forwarded.eml']) await deliver(name);
    const gmail = await waitFor(() => mailPosts('MDOC-0003')[0], 'the Gmail reply');
    expect(JSON.stringify(gmail.args.blocks)).not.toMatch(/&gt;\s*平素より|のメッセージ:/);
    const xlsx = await waitFor(() => threadFiles('MDOC-0003').find((f) => f.content), 'the xlsx');
    expect(Buffer.compare(xlsx.content!, await attachment('disclosure-application.xlsx'))).toBe(0);
    const docx = await waitFor(() => threadFiles('MDOC-0004').find((f) => f.content), 'the docx');
    expect(Buffer.compare(docx.content!, await attachment('access-application.docx'))).toBe(0);
    const html = await waitFor(() => mailPosts('MDOC-0005')[0], 'the HTML-only mail');
    expect(JSON.stringify(html.args.blocks)).not.toMatch(/<script|alert\(|font-family/);
    await waitFor(() => mailPosts('MDOC-0006')[0], 'the forwarded mail');
    const matched = await h.bot.db.prisma.inboundMessage.findMany({ where: { outcome: 'matched' }, select: { matchedBy: true, case: { select: { key: true } } } });
    expect(matched.find((m) => m.case?.key === 'MDOC-0004')?.matchedBy).toBe('plus_address');
    expect(matched.find((m) => m.case?.key === 'MDOC-0005')?.matchedBy).toBe('subject');
  });

  it('a reply naming a mail the bot sent finds its case by In-Reply-To, and the files the bot sent come back byte for byte', async () => {
    const sent = h.smtp.mails.find((m) => m.subject.includes('MDOC-0002'))!;
    const reply = [
      'From: Hanako@example.ne.jp',
      'To: desk@example.go.jp',
      'Subject: =?UTF-8?B?' + Buffer.from('Re: 書類の件').toString('base64') + '?=',
      `In-Reply-To: ${sent.messageId}`,
      `References: ${sent.messageId}`,
      'Message-ID: <reply-roundtrip@example.co.jp>',
      '',
      '',
    ].join('\r\n');
    // The applicant sends the bot's own mail back, attachments and all: through our SMTP, IMAP and the upload.
    const bounced = Buffer.concat([Buffer.from(reply.replace(/\r\n\r\n$/, '\r\n')), sent.raw.subarray(sent.raw.indexOf('MIME-Version'))]);
    await imap.append(bounced);
    const row = await waitFor(() => h.bot.db.prisma.inboundMessage.findFirst({ where: { messageId: '<reply-roundtrip@example.co.jp>' } }), 'the reply taken');
    expect(row.matchedBy).toBe('reply_header');
    await waitFor(() => threadFiles('MDOC-0002').filter((f) => f.content).length === 5, 'the four documents back in the thread');
    const back = threadFiles('MDOC-0002').slice(1);
    for (const file of back) expect(Buffer.compare(file.content!, samplePdf(file.title!.replace(/\.pdf$/, '')))).toBe(0);
  });
});

describe('mail that finds no case', () => {
  it('goes to the reviewer channel as 未分類のメール; a reviewer links it to a case, once', async () => {
    await deliver('no-match.eml');
    const post = await waitFor(() => channelPosts('未分類のメール')[0], 'the unmatched post');
    const buttons = post.args.blocks.find((b: any) => b.type === 'actions').elements;
    expect(buttons.map((b: any) => b.action_id)).toEqual(['mdoc_inbound_link', 'mdoc_inbound_new']);

    expect((await h.press('mdoc_inbound_link', buttons[0].value, STRANGER)).status).toBe(200);
    const refused = await waitFor(() => h.slack.callsOf('views.open').find((c) => JSON.stringify(c.args.view).includes('レビュー担当')), 'the refusal');
    expect(refused).toBeDefined();
    const opened = h.slack.callsOf('views.open').length;
    await h.press('mdoc_inbound_link', buttons[0].value, REVIEWER);
    const modal = await waitFor(() => h.slack.callsOf('views.open')[opened], 'the link modal');
    const metadata = modal.args.view.private_metadata;
    expect((await h.submitView('mdoc_inbound_link', { case_key: 'MDOC-9999' }, REVIEWER, metadata)).json().errors.case_key).toContain('MDOC-9999');
    expect((await h.submitView('mdoc_inbound_link', { case_key: 'mdoc-7' }, REVIEWER, metadata)).json().view.blocks[0].text.text).toContain('MDOC-0007 に紐付けました');
    expect((await h.submitView('mdoc_inbound_link', { case_key: 'MDOC-0006' }, REVIEWER, metadata)).json().view.blocks[0].text.text).toContain('すでに MDOC-0007');
    await waitFor(() => mailPosts('MDOC-0007').length === 1, 'the mail in MDOC-0007');
    await h.settle();
    expect(mailPosts('MDOC-0007')).toHaveLength(1);
    expect(mailPosts('MDOC-0006')).toHaveLength(1);
    expect(h.slack.callsOf('chat.postMessage').some((c) => c.args.thread_ts === post.result.ts && String(c.args.text).includes('MDOC-0007 に紐付けました'))).toBe(true);
  });

  it('新規案件として登録 asks which procedure, then shows its form filled with who wrote', async () => {
    const post = channelPosts('未分類のメール')[0]!;
    const register = post.args.blocks.find((b: any) => b.type === 'actions').elements[1];
    const opened = h.slack.callsOf('views.open').length;
    await h.press('mdoc_inbound_new', register.value, REVIEWER);
    const chooser = (await waitFor(() => h.slack.callsOf('views.open')[opened], 'the chooser')).args.view;
    expect(chooser.blocks.some((b: any) => b.block_id === 'flow')).toBe(true);
    const chosen = (await h.submitView('mdoc_new', { flow: { type: 'radio_buttons', selected_option: { value: 'cert_remote' } } }, REVIEWER, chooser.private_metadata)).json();
    expect(chosen.response_action).toBe('update');
    expect(JSON.parse(chosen.view.private_metadata)).toEqual({ procedure: 'cert_remote', inbound: JSON.parse(register.value).inbound });
    const input = (name: string) => chosen.view.blocks.find((b: any) => b.block_id === name).element;
    expect(input('email').initial_value).toBe('saburo@example.com');
    expect(input('contact_name').initial_value).toBe('高橋 三郎');
  });

  it('a preparation application is read, and opens one usage case prefilled, however often it is registered', async () => {
    await deliver('preparation-colon.eml');
    const post = await waitFor(() => channelPosts('利用準備の申請（メール）')[0], 'the preparation post');
    const text = JSON.stringify(post.args.blocks);
    expect(text).toContain('株式会社サンプル');
    expect(text).toContain('4011001098993');
    const register = post.args.blocks.find((b: any) => b.type === 'actions').elements.find((b: any) => b.action_id === 'mdoc_inbound_new');

    const opened = h.slack.callsOf('views.open').length;
    await h.press('mdoc_inbound_new', register.value, REVIEWER);
    await h.press('mdoc_inbound_new', register.value, REVIEWER);
    await waitFor(() => h.slack.callsOf('views.open').length === opened + 2, 'two intake modals');
    const [first, second] = h.slack.callsOf('views.open').slice(opened).map((c) => c.args.view);
    const input = (name: string) => first.blocks.find((b: any) => b.block_id === name).element;
    expect(input('org_name').initial_value).toBe('株式会社サンプル');
    expect(input('corporate_number').initial_value).toBe('4011001098993');
    expect(input('preparation').initial_options.map((o: any) => o.value)).toEqual(['yes']);
    expect(JSON.parse(first.private_metadata)).toMatchObject({ procedure: 'usage', inbound: expect.any(Number) });

    const form = { ...intake(8), org_name: '株式会社サンプル', email: 'taro@example.co.jp', preparation: ['yes'] };
    const submits = await Promise.all([h.submitView('mdoc_new', form, REVIEWER, first.private_metadata), h.submitView('mdoc_new', form, REVIEWER, second.private_metadata)]);
    expect(submits.map((s) => s.body)).toEqual(['', '']);
    await h.settle();
    const cases = await h.bot.db.prisma.case.findMany({ where: { orgName: '株式会社サンプル' } });
    expect(cases).toHaveLength(1);
    await waitFor(() => mailPosts(cases[0]!.key).length === 1, 'the application in the new case thread');
    const opening = await h.bot.db.prisma.transition.findFirst({ where: { caseId: cases[0]!.id, version: 1 } });
    expect(opening?.data).toMatchObject({ source_inbound: expect.any(String) });
  });
});

describe('mail that cannot be taken as it is', () => {
  it('executable attachments are not uploaded, a malformed or oversized mail is kept and told; nothing leaves the mailbox', async () => {
    // Addressed to MDOC-0001 here: the fixture's MDOC-0008 depends on the numbering of the cases above.
    await imap.append(Buffer.from((await fixture('dangerous-attachments.eml')).toString('latin1').replace('desk+mdoc-0008@', 'desk+mdoc-0001@'), 'latin1'));
    await deliver('malformed.eml');
    await imap.append(Buffer.concat([Buffer.from('From: big@example.jp\r\nTo: desk@example.go.jp\r\nSubject: big\r\n\r\n'), Buffer.alloc(1.2 * 1024 * 1024, 0x61)]));
    const notices = () => h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === REVIEW_CHANNEL && /アップロードしていません|取り込めませんでした/.test(String(c.args.text)));
    await waitFor(() => notices().length === 3, 'three notices', 15_000);
    const texts = notices().map((c) => String(c.args.text)).join('\n');
    expect(texts).toContain('invoice.pdf.exe');
    expect(texts).toContain('macro.docm');
    expect(texts).toContain('1 MB を超える');
    const outcomes = await h.bot.db.prisma.inboundMessage.findMany({ where: { outcome: { in: ['malformed', 'too_large'] } } });
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['malformed', 'too_large']);
    expect(outcomes.every((o) => o.raw.length > 0)).toBe(true);
    // Only its harmless PDF went into MDOC-0001's thread (whose first mail had no attachment), under the
    // heading of a mail that is not the applicant's: the attacker is no contact of the case.
    await waitFor(() => threadReplies(h, 'MDOC-0001').some((c) => String(c.args.text).includes('申請者以外からのメール')), 'the dangerous mail in MDOC-0001');
    await h.settle();
    expect(threadFiles('MDOC-0001').map((f) => f.title)).toEqual(['ok.pdf']);
    expect(texts).toContain('MDOC-0001');
    const mailbox = await imap.messages();
    expect(mailbox).toHaveLength(12);
    expect(mailbox.every((m) => m.flags.includes('\\Seen') && m.flags.includes('$MdocTaken'))).toBe(true);
  });
});
