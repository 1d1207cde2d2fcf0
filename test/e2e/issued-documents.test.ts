// Documents issued to one case (issue 17), end to end: Bolt's real receiver fed signed requests, the Web
// API stand-in serving the files chosen in the modals' file inputs, a real SMTP server, real Postgres and
// the web door. Each mail carries the file chosen for its own case, byte for byte; a retest needs a new
// file; a certificate number names one certificate, which anyone can check at /verify and a reviewer can
// revoke; and the modal refuses what is not one PDF within the limit, in time for Slack.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Of } from '../../src/documents/document-library.js';
import { ACK_BUDGET_MS } from '../../src/slack/listeners/views/action-form-submission.js';
import { REQUESTER, REVIEWER, REVIEW_CHANNEL, TEST_LAB, choice, issuedPdf, startHarness, type Harness } from '../helpers/bot-harness.js';
import { cardText, certificationMoves, openCaseThroughSlack, threadReplies, usageMoves, walk } from '../helpers/case-walk.js';
import { waitFor } from '../helpers/wait-for.js';
import { WebClient, hiddenField, linkIn, pathOf } from '../helpers/web-client.js';
import { TEST_WEB_LIMITS, webBase, webEnv } from '../helpers/web-door.js';

const usageIntake = (n: number) => ({
  category: choice('private'),
  org_name: `承諾書テスト株式会社${n}`,
  corporate_number: '4011001098993',
  department: 'デジタル推進部',
  contact_name: '田中 太郎',
  phone: '03-1234-5678',
  email: `consent${n}@example.co.jp`,
  usage_mode: choice('remote'),
  krl_proxy: choice('no'),
});

const certificationIntake = (n: number) => ({
  category: choice('private'),
  org_name: `認定書テスト株式会社${n}`,
  corporate_number: '1180301018771',
  department: '品質保証部',
  contact_name: '高橋 一郎',
  phone: '052-123-4567',
  email: `certificate${n}@example.co.jp`,
  env_test: choice('no'),
});

/** The mail to `address` whose subject holds `subject`, once it came. */
const mailTo = (h: Harness, address: string, subject: string) => waitFor(() => h.smtp.mails.find((m) => m.to.includes(address) && m.subject.includes(subject)), `the mail "${subject}" to ${address}`);

/** The case as stored: its version must not move when a modal is refused. */
const caseRow = (h: Harness, key: string) => h.bot.db.prisma.case.findUniqueOrThrow({ where: { key } });

/** Clicks the action's button and returns the metadata of the modal it opened. */
async function openModal(h: Harness, key: string, action: string, by: string): Promise<{ private_metadata: string; blocks: any[]; title: { text: string } }> {
  const before = h.slack.callsOf('views.open').length;
  expect((await h.click(key, action, by)).status).toBe(200);
  return (await waitFor(() => h.slack.callsOf('views.open').slice(before).find((c) => c.args.view.callback_id === 'mdoc_action_form'), `the modal of ${action}`)).args.view;
}

/** The card's ts in the reviewer channel: its thread holds the case's replies and files. */
function cardTs(h: Harness, key: string): string {
  const card = h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).startsWith(`${key} `));
  return String(card!.result.ts);
}

describe('with the default attachment limit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: webEnv, webLimits: TEST_WEB_LIMITS });
  });
  afterAll(async () => h?.stop());

  it('sends each usage case its own サービス開始承諾書, byte for byte, named on the card and in status, downloadable from its page', async () => {
    const keys = [await openCaseThroughSlack(h, 'new usage', REQUESTER, usageIntake(1)), await openCaseThroughSlack(h, 'new usage', REQUESTER, usageIntake(2))];
    // The library has no slot for it any more: /mdoc docs does not list it, whatever the folder holds.
    expect(JSON.stringify((await h.command('docs', REVIEWER)).json().blocks)).not.toContain('サービス開始承諾書');
    for (const key of keys) await walk(h, key, usageMoves());

    const files = keys.map((key) => issuedPdf('サービス開始承諾書', key));
    expect(Buffer.compare(files[0]!, files[1]!)).not.toBe(0);
    for (const [i, key] of keys.entries()) {
      const mail = await mailTo(h, `consent${i + 1}@example.co.jp`, `【${key}】サービス開始申請の結果通知`);
      expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([['サービス開始承諾書.pdf', 'application/pdf']]);
      expect(Buffer.compare(mail.parsed.attachments[0]!.content, files[i]!), `${key}'s mail carries its own file`).toBe(0);
      expect(mail.text).toContain('・サービス開始承諾書\n');
      expect(mail.text).not.toContain('別途お送りします');

      const sha = sha256Of(files[i]!);
      const stored = await h.bot.db.prisma.caseFile.findFirstOrThrow({ where: { case: { key }, document: 'サービス開始承諾書' } });
      expect(stored).toMatchObject({ sha256: sha, fileName: `サービス開始承諾書_${key}.pdf`, contentType: 'application/pdf' });
      // Kept as it came: the database refuses to overwrite or delete it.
      await expect(h.bot.db.prisma.caseFile.update({ where: { id: stored.id }, data: { content: Buffer.from('%PDF-forged') } })).rejects.toThrow(/kept as they came/);
      await expect(h.bot.db.prisma.caseFile.delete({ where: { id: stored.id } })).rejects.toThrow(/kept as they came/);

      const status = JSON.stringify((await h.command(`status ${key}`, REVIEWER)).json().blocks);
      expect(status).toContain('発行した文書');
      expect(status).toContain(`サービス開始承諾書: サービス開始承諾書_${key}.pdf（sha256 ${sha.slice(0, 8)}…）<@${REVIEWER}>`);
      expect(cardText(h.latestCard(key)!.blocks)).toContain(`サービス開始承諾書: サービス開始承諾書_${key}.pdf（sha256 ${sha.slice(0, 8)}…`);
      // The thread holds the same file, so that the desk sees what was sent.
      const inThread = h.slack.threadFiles(REVIEW_CHANNEL, cardTs(h, key)).filter((f) => f.comment.includes('発行した文書'));
      expect(inThread.map((f) => Buffer.compare(f.content!, files[i]!))).toEqual([0]);

      // The applicant's page offers it, behind the same signed link as the page.
      const client = new WebClient(webBase(h));
      const page = await client.get(pathOf(linkIn(mail.text, 'case')));
      expect(page.body).toContain('お送りした文書');
      const href = /href="(\/c\/[^"]+\/documents\/\d+)"/.exec(page.body)![1]!;
      const download = await fetch(`${webBase(h)}${href}`);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(download.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('サービス開始承諾書.pdf')}`);
      expect(download.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(Buffer.compare(Buffer.from(await download.arrayBuffer()), files[i]!)).toBe(0);
      // Another case's file is not reachable through this case's link, nor with a forged token.
      const other = await h.bot.db.prisma.caseFile.findFirstOrThrow({ where: { case: { key: keys[1 - i]! }, document: 'サービス開始承諾書' } });
      expect((await fetch(`${webBase(h)}${href.replace(/\d+$/, String(other.id))}`)).status).toBe(404);
      expect((await fetch(`${webBase(h)}${href.replace(/\/c\/[^/]+/, '/c/forged')}`)).status).toBe(404);
    }
  });

  it('takes a new test result each round, sends the certificate with its address, refuses a number in use, and lets a reviewer revoke it', async () => {
    const key = await openCaseThroughSlack(h, 'new cert-in-person', REQUESTER, certificationIntake(1));
    const second = await openCaseThroughSlack(h, 'new cert-in-person', REQUESTER, certificationIntake(2));
    const failed = issuedPdf('テスト結果 第1回 不合格', key);
    await walk(h, key, [...certificationMoves({ until: '(3)-f' }), { step: '(3)-f', action: 'record_result', by: TEST_LAB, form: { result: choice('fail'), findings: '読取りが不安定です。' }, files: { テスト結果: failed }, next: '(3)-a' }]);
    const failMail = await mailTo(h, 'certificate1@example.co.jp', '認定試験の結果について（不合格）');
    expect(failMail.parsed.attachments.map((a) => a.filename)).toEqual(['テスト結果.pdf']);
    expect(Buffer.compare(failMail.parsed.attachments[0]!.content, failed)).toBe(0);

    // The retest: the first round's file again is refused beside its input, and nothing moves.
    await walk(h, key, certificationMoves({ from: '(3)-a', until: '(3)-f', testAt: Math.floor(Date.now() / 1000) + 20 * 86_400 }));
    const retest = await openModal(h, key, 'record_result', TEST_LAB);
    expect(retest.blocks.map((b) => b.element?.action_id)).toEqual([undefined, 'result', 'findings', 'テスト結果']);
    const version = (await caseRow(h, key)).version;
    const again = await h.submitView('mdoc_action_form', { result: choice('pass'), テスト結果: h.fileInput('結果.pdf', failed) }, TEST_LAB, retest.private_metadata);
    expect(again.json()).toEqual({ response_action: 'errors', errors: { テスト結果: expect.stringMatching(/^前回（版 \d+）に送った「テスト結果」と同じファイルです/) } });
    expect((await caseRow(h, key)).version).toBe(version);
    const passed = issuedPdf('テスト結果 第2回 合格', key);
    expect((await h.submitView('mdoc_action_form', { result: choice('pass'), テスト結果: h.fileInput('結果2.pdf', passed) }, TEST_LAB, retest.private_metadata)).body).toBe('');
    const passMail = await mailTo(h, 'certificate1@example.co.jp', '認定試験の結果について（合格）');
    expect(Buffer.compare(passMail.parsed.attachments[0]!.content, passed)).toBe(0);
    await h.settle();

    const certificate = issuedPdf('確認用PG認定書', key);
    const number = `PG-TEST-${Date.now()}`;
    await walk(h, key, certificationMoves({ from: '(4)-a', certificate: { number, certifiedOn: '2026-12-20', file: certificate } }));
    const sent = await mailTo(h, 'certificate1@example.co.jp', '確認用PG認定書の送付について');
    expect(Buffer.compare(sent.parsed.attachments[0]!.content, certificate)).toBe(0);
    const verifyLink = /https?:\/\/\S+\/verify\/\S+/.exec(sent.text)?.[0];
    expect(verifyLink && pathOf(verifyLink)).toBe(`/verify/${number}`);

    // The same number for another case: refused beside the field, naming the case that holds it.
    await walk(h, second, certificationMoves({ until: '(4)-d' }));
    const modal = await openModal(h, second, 'send_certificate', REVIEWER);
    const duplicate = await h.submitView('mdoc_action_form', { certificate_number: number, certified_on: { type: 'datepicker', selected_date: '2026-12-21' }, 確認用PG認定書: h.fileInput('認定書.pdf', issuedPdf('確認用PG認定書', second)) }, REVIEWER, modal.private_metadata);
    expect(duplicate.json()).toEqual({ response_action: 'errors', errors: { certificate_number: `この認定番号は ${key} ですでに使われています。別の番号を入力してください。` } });
    expect((await caseRow(h, second)).step).toBe('(4)-d');

    // Anyone can check it: the record, nothing more, and a PDF compared by its hash.
    const client = new WebClient(webBase(h));
    const page = await client.get(`/verify/${number}`);
    expect(page.status).toBe(200);
    for (const shown of ['この認定は有効です。', '認定書テスト株式会社1', '1180301018771', '確認用PG認定（対面用）', '2026年12月20日', sha256Of(certificate)]) expect(page.body).toContain(shown);
    for (const hidden of [key, 'certificate1@example.co.jp', '高橋', '品質保証部', '052-123-4567']) expect(page.body).not.toContain(hidden);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const csrf = hiddenField(page.body, '_csrf');
    const match = await client.post(`/verify/${number}`, { _csrf: csrf }, [{ field: 'file', name: '認定書.pdf', type: 'application/pdf', content: certificate }]);
    expect(match.body).toContain('一致しました。');
    const forged = Buffer.concat([certificate, Buffer.from('\n% altered')]);
    const mismatch = await client.post(`/verify/${number}`, { _csrf: csrf }, [{ field: 'file', name: '認定書.pdf', type: 'application/pdf', content: forged }]);
    expect(mismatch.body).toContain('一致しません。');
    expect(mismatch.body).toContain(sha256Of(forged));
    expect((await client.post(`/verify/${number}`, { _csrf: 'x'.repeat(43) }, [{ field: 'file', name: 'a.pdf', type: 'application/pdf', content: certificate }])).status).toBe(403);
    const unknown = await client.get('/verify/PG-NO-SUCH-0000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('認定番号「PG-NO-SUCH-0000」の確認用PG認定は見つかりませんでした。');

    // Revoked from the card's menu: by a reviewer only, with a reason, recorded in the thread, shown on /verify.
    expect(JSON.stringify(h.latestCard(key)!.blocks)).toContain(`revoke_certificate:${key}`);
    await h.chooseFromMenu(key, 'revoke_certificate', TEST_LAB);
    await waitFor(() => h.slack.callsOf('chat.postEphemeral').find((c) => c.args.user === TEST_LAB && String(c.args.text).includes('操作できるのは')), 'the refusal');
    const before = h.slack.callsOf('views.open').length;
    await h.chooseFromMenu(key, 'revoke_certificate', REVIEWER);
    const revokeModal = (await waitFor(() => h.slack.callsOf('views.open').slice(before).find((c) => c.args.view.callback_id === 'mdoc_action_form'), 'the revocation modal')).args.view;
    expect(revokeModal.title.text).toBe('認定の取消し');
    expect(revokeModal.blocks.map((b: any) => b.element?.action_id).filter(Boolean)).toEqual(['revocation_reason']);
    expect((await h.submitView('mdoc_action_form', { revocation_reason: '認定の要件を満たさないことが判明したため。' }, REVIEWER, revokeModal.private_metadata)).body).toBe('');
    await h.settle();
    const reply = threadReplies(h, key).at(-1)!;
    expect(String(reply.args.text)).toBe(`(5) 認定取得: 認定を取り消す（${key}）`);
    expect(JSON.stringify(reply.args.blocks)).toContain('認定の要件を満たさないことが判明したため。');
    expect(cardText(h.latestCard(key)!.blocks)).toContain('取消日時');
    expect(JSON.stringify(h.latestCard(key)!.blocks)).not.toContain('revoke_certificate');
    const notice = await mailTo(h, 'certificate1@example.co.jp', '確認用PG認定の取消しについて');
    expect(notice.text).toContain('■ 理由\n認定の要件を満たさないことが判明したため。');
    expect(notice.text).toContain(`/verify/${number}`);
    const revoked = await client.get(`/verify/${number}`);
    expect(revoked.body).toMatch(/この認定は取り消されています（\d{4}年\d{1,2}月\d{1,2}日）。/);
    expect(revoked.body).not.toContain('この認定は有効です。');
    expect(revoked.body).not.toContain('認定の要件を満たさない');
  });
});

describe('with a small attachment limit', () => {
  let h: Harness;
  // 0.05 MB: about 52 KB, so that an oversized PDF stays small.
  const LIMIT = Math.round(0.05 * 1024 * 1024);
  beforeAll(async () => {
    h = await startHarness({ env: { MDOC_MAIL_ATTACHMENT_LIMIT_MB: '0.05' } });
  });
  afterAll(async () => h?.stop());

  it('refuses in the modal a file that is not a PDF, one over the limit and a missing one, and records nothing', async () => {
    const key = await openCaseThroughSlack(h, 'new usage', REQUESTER, usageIntake(11));
    await walk(h, key, usageMoves({ until: '(4)-e' }));
    const modal = await openModal(h, key, 'send_result', REVIEWER);
    expect(modal.title.text).toBe('結果通知を送付');
    const input = modal.blocks.find((b: any) => b.type === 'input');
    expect(input).toMatchObject({ block_id: 'サービス開始承諾書', label: { text: 'サービス開始承諾書' }, element: { type: 'file_input', action_id: 'サービス開始承諾書', max_files: 1, filetypes: ['pdf'] } });
    expect(input.hint.text).toContain('0.05 MB まで');

    const before = { version: (await caseRow(h, key)).version, mails: h.smtp.mails.length, files: await h.bot.db.prisma.caseFile.count() };
    const docx = await readFile('test/fixtures/mail/attachments/access-application.docx');
    const big = Buffer.concat([issuedPdf('サービス開始承諾書', key), Buffer.alloc(LIMIT, 0x20)]);
    const refusals: [string, Record<string, unknown>, string | RegExp][] = [
      ['no file chosen', {}, '「サービス開始承諾書」の PDF を選んでください。'],
      ['an empty input', { サービス開始承諾書: { type: 'file_input', files: [] } }, '「サービス開始承諾書」の PDF を選んでください。'],
      ['a Word file, as Slack says', { サービス開始承諾書: h.fileInput('承諾書.docx', docx) }, 'PDF ファイルを選んでください（ファイルの内容から判定しています）。'],
      ['a Word file named .pdf, found by its content', { サービス開始承諾書: h.fileInput('承諾書.pdf', docx, { mimetype: 'application/pdf', filetype: 'pdf' }) }, /^このファイルは受け付けられません（拡張子と内容が一致しないため）。$/],
      ['text named .pdf', { サービス開始承諾書: h.fileInput('承諾書.pdf', Buffer.from('これは PDF ではありません')) }, /受け付けられません/],
      ['an oversized PDF, as Slack says', { サービス開始承諾書: h.fileInput('承諾書.pdf', big) }, 'ファイルが大きすぎます。0.05 MB までの PDF を選んでください。'],
      ['an oversized PDF whose size Slack understates, found while fetching', { サービス開始承諾書: h.fileInput('承諾書.pdf', big, { size: 1000 }) }, 'ファイルが大きすぎます。0.05 MB までの PDF を選んでください。'],
      ['two files in one input', { サービス開始承諾書: { type: 'file_input', files: [...h.fileInput('a.pdf', issuedPdf('a', key)).files, ...h.fileInput('b.pdf', issuedPdf('b', key)).files] } }, 'PDF ファイルを1つだけ選んでください。'],
    ];
    for (const [what, values, message] of refusals) {
      const started = Date.now();
      const answer = await h.submitView('mdoc_action_form', values, REVIEWER, modal.private_metadata);
      expect(Date.now() - started, what).toBeLessThan(ACK_BUDGET_MS);
      const json = answer.json();
      expect(json.response_action, what).toBe('errors');
      expect(Object.keys(json.errors), what).toEqual(['サービス開始承諾書']);
      if (typeof message === 'string') expect(json.errors['サービス開始承諾書'], what).toBe(message);
      else expect(json.errors['サービス開始承諾書'], what).toMatch(message);
    }
    // What Slack said was enough for the Word file and the large one: they were never fetched.
    expect(h.slack.callsOf('files.info').map((c) => h.slack.hostedFiles.get(c.args.file)?.name)).toEqual(['承諾書.pdf', '承諾書.pdf', '承諾書.pdf']);
    await h.settle();
    expect({ version: (await caseRow(h, key)).version, mails: h.smtp.mails.length, files: await h.bot.db.prisma.caseFile.count() }).toEqual(before);

    const good = issuedPdf('サービス開始承諾書', key);
    expect((await h.submitView('mdoc_action_form', { サービス開始承諾書: h.fileInput('承諾書.pdf', good) }, REVIEWER, modal.private_metadata)).body).toBe('');
    const mail = await mailTo(h, 'consent11@example.co.jp', `【${key}】サービス開始申請の結果通知`);
    expect(Buffer.compare(mail.parsed.attachments[0]!.content, good)).toBe(0);
  });

  it('answers Slack in time when the file is slow to fetch: the modal says it is checking, then shows the outcome', async () => {
    const key = await openCaseThroughSlack(h, 'new usage', REQUESTER, usageIntake(12));
    await walk(h, key, usageMoves({ until: '(4)-e' }));
    const modal = await openModal(h, key, 'send_result', REVIEWER);
    h.slack.stall('download', ACK_BUDGET_MS + 800);
    const file = issuedPdf('サービス開始承諾書', key);
    const started = Date.now();
    const answer = await h.submitView('mdoc_action_form', { サービス開始承諾書: h.fileInput('承諾書.pdf', file) }, REVIEWER, modal.private_metadata, 'VSLOW');
    const ackMs = Date.now() - started;
    expect(ackMs).toBeLessThan(ACK_BUDGET_MS + 500);
    expect(answer.json()).toMatchObject({ response_action: 'update', view: { title: { text: 'ファイルを確認しています' } } });
    const outcome = await waitFor(() => h.slack.callsOf('views.update').find((c) => c.args.view_id === 'VSLOW'), 'the outcome in the modal', 10_000);
    expect(JSON.stringify(outcome.args.view)).toContain('ファイルを確認し、記録しました');
    const mail = await mailTo(h, 'consent12@example.co.jp', `【${key}】サービス開始申請の結果通知`);
    expect(Buffer.compare(mail.parsed.attachments[0]!.content, file)).toBe(0);
    expect((await caseRow(h, key)).step).toBe('(4)-f');
  });

  it('shows a refusal found after the ack in the modal, and records nothing', async () => {
    const key = await openCaseThroughSlack(h, 'new usage', REQUESTER, usageIntake(13));
    await walk(h, key, usageMoves({ until: '(4)-e' }));
    const modal = await openModal(h, key, 'send_result', REVIEWER);
    const version = (await caseRow(h, key)).version;
    h.slack.stall('download', ACK_BUDGET_MS + 800);
    const answer = await h.submitView('mdoc_action_form', { サービス開始承諾書: h.fileInput('承諾書.pdf', Buffer.from('PDF ではない')) }, REVIEWER, modal.private_metadata, 'VSLOWBAD');
    expect(answer.json()).toMatchObject({ response_action: 'update' });
    const outcome = await waitFor(() => h.slack.callsOf('views.update').find((c) => c.args.view_id === 'VSLOWBAD'), 'the refusal in the modal', 10_000);
    expect(JSON.stringify(outcome.args.view)).toContain('記録しませんでした');
    expect((await caseRow(h, key)).version).toBe(version);
  });
});

