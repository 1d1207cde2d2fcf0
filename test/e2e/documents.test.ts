// The document library end to end: files loaded from the folder and from Slack, attached to the mails
// that list them (RFC 2231 names, byte for byte, the versions recorded), and what happens when a listed
// document has no file or the files exceed the limit.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTER, REVIEWER, REVIEW_CHANNEL, STRANGER, choice, samplePdf, startHarness, type Harness } from '../helpers/bot-harness.js';
import { openCaseThroughSlack, threadReplies } from '../helpers/case-walk.js';
import { waitFor } from '../helpers/wait-for.js';
import { DOCUMENT_NAMES } from '../../src/documents/catalogue.js';
import { sha256Of } from '../../src/documents/document-library.js';

const intake = (n: number) => ({
  category: choice('private'),
  org_name: `資料テスト株式会社${n}`,
  corporate_number: '4011001098993',
  department: 'デジタル推進部',
  contact_name: '田中 太郎',
  phone: '03-1234-5678',
  email: `docs${n}@example.co.jp`,
  usage_mode: choice('remote'),
  krl_proxy: choice('no'),
});

const FIRST_MAIL = ['カード代替電磁的記録の利用に係る申請手順書', '【申請書】情報開示申請書', '【申請書】事前準備契約申込書', '【事業者等向け】秘密遵守事項'];

/** Opens a usage case and clicks 申請書類を送付; resolves to the case ID and the applicant's mail. */
async function sendFirstDocuments(h: Harness, n: number) {
  const key = await openCaseThroughSlack(h, 'new usage', REQUESTER, intake(n));
  const ephemeralsBefore = h.slack.callsOf('chat.postEphemeral').length;
  expect((await h.click(key, 'send_documents', REVIEWER)).status).toBe(200);
  const mail = await waitFor(() => h.smtp.mails.find((m) => m.subject.includes(key)), 'the mail');
  await h.settle();
  return { key, mail, ephemerals: h.slack.callsOf('chat.postEphemeral').slice(ephemeralsBefore) };
}

describe('with every document in the folder', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.stop());

  it('attaches the current file of every listed document, named as the document, with the plus address to reply to', async () => {
    const { key, mail, ephemerals } = await sendFirstDocuments(h, 1);
    const attachments = mail.parsed.attachments;
    // Decoded by mailparser from nodemailer's RFC 2231 parameters: Japanese names arrive intact.
    expect(attachments.map((a) => a.filename)).toEqual(FIRST_MAIL.map((d) => `${d}.pdf`));
    for (const a of attachments) {
      expect(a.contentType).toBe('application/pdf');
      expect(Buffer.compare(a.content, samplePdf(a.filename!.replace(/\.pdf$/, '')))).toBe(0);
    }
    expect(mail.raw.toString('latin1')).toMatch(/filename\*(0\*)?=utf-8''/i);
    expect(mail.parsed.replyTo?.value[0]?.address).toBe(`desk+${key.toLowerCase()}@example.go.jp`);
    expect(mail.text).not.toContain('別途お送りします');
    expect(ephemerals).toHaveLength(0);

    const status = (await h.command(`status ${key}`, REVIEWER)).json();
    const text = JSON.stringify(status.blocks);
    expect(text).toContain('送信したメール');
    for (const d of FIRST_MAIL) expect(text).toContain(sha256Of(samplePdf(d)).slice(0, 8));
  });

  it('/mdoc docs lists every document with its file; reload makes a changed file a new version and names what matches nothing', async () => {
    const listed = (await h.command('docs', REVIEWER)).json();
    const sections = listed.blocks.filter((b: any) => b.accessory?.action_id === 'mdoc_docs_upload');
    expect(sections).toHaveLength(DOCUMENT_NAMES.length);
    expect(JSON.stringify(listed.blocks)).toContain(sha256Of(samplePdf('【申請書】情報開示申請書')).slice(0, 8));
    expect(JSON.stringify(listed.blocks)).not.toContain('ファイルなし');

    const dir = path.join(h.dataDir, 'documents');
    const changed = Buffer.from('%PDF-1.4\n% 第2版\n%%EOF\n');
    // Another spelling of the same name (a space, an upper-case extension) fills the same slot; beside
    // the old file, which of the two is meant is unclear, and neither is taken.
    await writeFile(path.join(dir, '【申請書】 情報開示申請書.PDF'), changed);
    await writeFile(path.join(dir, 'メモ.txt'), 'どの資料でもない');
    const ambiguous = (await h.command('docs reload', REVIEWER)).json();
    expect(ambiguous.text).toContain('新しい版: 0 件');
    expect(ambiguous.text).toContain('当てはまるファイルが複数あります');
    await rm(path.join(dir, '【申請書】情報開示申請書.pdf'));
    const reloaded = (await h.command('docs reload', REVIEWER)).json();
    expect(reloaded.text).toContain('新しい版: 1 件');
    expect(reloaded.text).toContain('メモ.txt');

    const { mail } = await sendFirstDocuments(h, 2);
    const form = mail.parsed.attachments.find((a) => a.filename === '【申請書】情報開示申請書.pdf')!;
    expect(Buffer.compare(form.content, changed)).toBe(0);
    const versions = await h.bot.db.prisma.documentFile.findMany({ where: { document: '【申請書】情報開示申請書' }, orderBy: { id: 'asc' } });
    expect(versions.map((v) => v.sha256)).toEqual([sha256Of(samplePdf('【申請書】情報開示申請書')), sha256Of(changed)]);
  });

  it('a reviewer loads a file through the modal; a stranger may not open the library', async () => {
    expect((await h.command('docs', STRANGER)).json().text).toContain('レビュアー');
    const index = DOCUMENT_NAMES.indexOf('【事業者等向け】秘密遵守事項');
    const modalsBefore = h.slack.callsOf('views.open').length;
    expect((await h.clickInView('mdoc_docs_upload', String(index), REVIEWER)).status).toBe(200);
    const modal = await waitFor(() => h.slack.callsOf('views.open')[modalsBefore], 'the upload modal');
    expect(modal.args.view.blocks.some((b: any) => b.element?.type === 'file_input')).toBe(true);

    // A Word file this time: the attachment takes the new file's extension and content type.
    const content = await readFile('test/fixtures/mail/attachments/access-application.docx');
    const name = '秘密遵守事項.docx';
    const file = h.slack.hostFile(name, content);
    const submitted = await h.submitView('mdoc_docs_upload', { document_file: { type: 'file_input', files: [{ id: file, name }] } }, REVIEWER, modal.args.view.private_metadata);
    expect(submitted.body).toBe('');
    const told = await waitFor(() => h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEWER && String(c.args.text).includes('登録しました')), 'the outcome DM');
    expect(String(told.args.text)).toContain(sha256Of(content).slice(0, 8));

    const { mail } = await sendFirstDocuments(h, 3);
    const carried = mail.parsed.attachments.find((a) => a.filename?.startsWith('【事業者等向け】秘密遵守事項'))!;
    expect(carried.filename).toBe('【事業者等向け】秘密遵守事項.docx');
    expect(carried.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(Buffer.compare(carried.content, content)).toBe(0);
    const loaded = await h.bot.db.prisma.documentFile.findFirst({ where: { document: '【事業者等向け】秘密遵守事項' }, orderBy: { id: 'desc' } });
    expect(loaded?.loadedBy).toBe(REVIEWER);
  });

  it('refuses an executable loaded as a document, and keeps the current file', async () => {
    const index = DOCUMENT_NAMES.indexOf('UIUXガイドライン');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);
    const file = h.slack.hostFile('UIUXガイドライン.pdf', exe);
    await h.submitView('mdoc_docs_upload', { document_file: { type: 'file_input', files: [{ id: file }] } }, REVIEWER, JSON.stringify({ document: index }));
    const told = await waitFor(() => h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEWER && String(c.args.text).includes('登録できませんでした')), 'the refusal DM');
    expect(String(told.args.text)).toContain('UIUXガイドライン');
    const current = await h.bot.db.prisma.documentFile.findFirst({ where: { document: 'UIUXガイドライン' }, orderBy: { id: 'desc' } });
    expect(current?.sha256).toBe(sha256Of(samplePdf('UIUXガイドライン')));
  });
});

describe('with documents missing or too large', () => {
  it('a mail still goes out, names the missing files as sent separately, and the clicker and the thread are told', async () => {
    const h = await startHarness({ documents: 'none' });
    try {
      const { key, mail, ephemerals } = await sendFirstDocuments(h, 4);
      expect(mail.parsed.attachments).toHaveLength(0);
      for (const d of FIRST_MAIL) expect(mail.text).toContain(`・${d}（別途お送りします）`);
      expect(ephemerals).toHaveLength(1);
      for (const d of FIRST_MAIL) expect(String(ephemerals[0]!.args.text)).toContain(d);
      const replies = threadReplies(h, key).map((c) => String(c.args.text));
      expect(replies[0]).toMatch(/^\(2\)-a/);
      expect(replies[1]).toContain('添付できなかった資料');
    } finally {
      await h.stop();
    }
  });

  it('leaves out the largest files beyond MDOC_MAIL_ATTACHMENT_LIMIT_MB', async () => {
    const h = await startHarness({ env: { MDOC_MAIL_ATTACHMENT_LIMIT_MB: '0.01' } });
    try {
      const big = Buffer.concat([samplePdf('手順書'), Buffer.alloc(9_000, 0x20)]);
      await writeFile(path.join(h.dataDir, 'documents', 'カード代替電磁的記録の利用に係る申請手順書.pdf'), big);
      expect((await h.command('docs reload', REVIEWER)).json().text).toContain('新しい版: 1 件');
      const other = Buffer.concat([samplePdf('秘密'), Buffer.alloc(3_000, 0x20)]);
      await writeFile(path.join(h.dataDir, 'documents', '【事業者等向け】秘密遵守事項.pdf'), other);
      await h.command('docs reload', REVIEWER);
      // 10 KB: the 9 KB manual and the 3 KB rules do not fit together; the manual, the largest, goes.
      const { mail, ephemerals } = await sendFirstDocuments(h, 5);
      expect(mail.parsed.attachments.map((a) => a.filename)).toEqual(['【申請書】情報開示申請書.pdf', '【申請書】事前準備契約申込書.pdf', '【事業者等向け】秘密遵守事項.pdf']);
      expect(mail.text).toContain('・カード代替電磁的記録の利用に係る申請手順書（別途お送りします）');
      expect(String(ephemerals[0]?.args.text)).toContain('カード代替電磁的記録の利用に係る申請手順書');
      expect(h.slack.callsOf('chat.postMessage').some((c) => c.args.channel === REVIEW_CHANNEL && String(c.args.text).includes('添付の上限'))).toBe(true);
    } finally {
      await h.stop();
    }
  });
});
