// The document library's pure parts: every declared name has one slot, files find it by name as people
// spell it, and a mail's files are chosen within the size limit.
import { describe, expect, it } from 'vitest';
import { DOCUMENT_NAMES, ISSUED_DOCUMENT_NAMES, documentForFile, documentKey, extensionOf } from '../../src/documents/catalogue.js';
import { planAttachments } from '../../src/documents/attachment-plan.js';
import type { DocumentVersion } from '../../src/documents/document-library.js';
import { renderMail } from '../../src/mail/render-mail.js';
import { PROCEDURES } from '../../src/workflow/procedures/index.js';
import { usageProcedure } from '../../src/workflow/procedures/usage.js';

describe('the catalogue of documents', () => {
  it('holds every library document a mail lists or a step receives, each once, and no two collide when compared', () => {
    const declared = new Set<string>();
    const issued = new Set<string>();
    for (const p of PROCEDURES)
      for (const s of p.steps) {
        for (const r of s.receives ?? []) declared.add(r);
        for (const a of s.actions) {
          const branches = a.to.kind === 'branch' ? Object.values(a.to.branches) : [];
          for (const m of [...(a.mails ?? []), ...branches.flatMap((b) => b.mails ?? [])]) for (const d of m.documents ?? []) (d.issued ? issued : declared).add(d.name);
        }
      }
    expect(new Set(DOCUMENT_NAMES)).toEqual(declared);
    expect(DOCUMENT_NAMES).toHaveLength(28);
    expect(new Set(DOCUMENT_NAMES.map(documentKey)).size).toBe(DOCUMENT_NAMES.length);
    // Issued to one case each (issue 17): no slot in the library, so the folder never fills them.
    expect(new Set(ISSUED_DOCUMENT_NAMES)).toEqual(issued);
    expect(issued).toEqual(new Set(['サービス開始承諾書', 'テスト結果', '確認用PG認定書']));
    for (const name of ISSUED_DOCUMENT_NAMES) expect(documentForFile(`${name}.pdf`)).toBeUndefined();
  });

  it('matches a file by its name without the extension, after NFKC and without spaces', () => {
    expect(documentForFile('【申請書】情報開示申請書.pdf')).toBe('【申請書】情報開示申請書');
    expect(documentForFile('【申請書】 情報開示申請書.PDF')).toBe('【申請書】情報開示申請書');
    // Full-width parentheses and letters written half-width, and the reverse.
    expect(documentForFile('Android用 Verifier API Library (確認用プログラム).zip')).toBe('Android用 Verifier API Library （確認用プログラム）');
    expect(documentForFile('Ｌｉｎｕｘ用 Remote Reader Library （確認用プログラム）.zip')).toBe('Linux用 Remote Reader Library (確認用プログラム)');
    expect(documentForFile('UIUXガイドライン')).toBe('UIUXガイドライン');
    expect(documentForFile('情報開示申請書.pdf')).toBeUndefined();
    expect(documentForFile('notes.txt')).toBeUndefined();
  });

  it('reads an extension in lower case', () => {
    expect(extensionOf('a.PDF')).toBe('.pdf');
    expect(extensionOf('README')).toBe('');
  });
});

const version = (document: string, id: number, size: number): DocumentVersion => ({
  id,
  document,
  fileName: `${document}.PDF`,
  contentType: 'application/pdf',
  size,
  sha256: String(id).repeat(64).slice(0, 64),
  loadedBy: 'folder',
  loadedAt: new Date(0),
});

describe('planAttachments', () => {
  const current = new Map([
    ['A', version('A', 1, 100)],
    ['B', version('B', 2, 500)],
    ['C', version('C', 3, 300)],
  ]);

  it('attaches the current version of each listed document, named as the document with its extension', () => {
    const plan = planAttachments(['A', 'C'], current, 10_000);
    expect(plan.attachments.map((a) => [a.document, a.fileId, a.fileName])).toEqual([
      ['A', 1, 'A.pdf'],
      ['C', 3, 'C.pdf'],
    ]);
    expect(plan.missing).toEqual([]);
  });

  it('names a document without a file as missing, in the listed order', () => {
    expect(planAttachments(['X', 'A', 'Y'], current, 10_000).missing).toEqual([
      { document: 'X', reason: 'no_file' },
      { document: 'Y', reason: 'no_file' },
    ]);
  });

  it('leaves out the largest files until the rest fit the limit', () => {
    const plan = planAttachments(['A', 'B', 'C'], current, 450);
    expect(plan.attachments.map((a) => a.document)).toEqual(['A', 'C']);
    expect(plan.missing).toEqual([{ document: 'B', reason: 'too_large' }]);
    expect(planAttachments(['A', 'B', 'C'], current, 150).attachments.map((a) => a.document)).toEqual(['A']);
    expect(planAttachments(['A', 'B', 'C'], current, 900).missing).toEqual([]);
  });

  it("carries the case's own file of an issued document, whatever the library holds, and never leaves it out", () => {
    const own = { fileName: 'B.pdf', contentType: 'application/pdf', size: 400, sha256: 'f'.repeat(64) };
    const plan = planAttachments(['A', 'B', 'C'], current, 550, new Map([['B', own]]));
    // B is the largest, but it is the case's own: the library's C goes instead.
    expect(plan.attachments).toEqual([
      { document: 'A', fileId: 1, fileName: 'A.pdf', contentType: 'application/pdf', size: 100, sha256: '1'.repeat(64) },
      { document: 'B', issued: true, ...own },
    ]);
    expect(plan.missing).toEqual([{ document: 'C', reason: 'too_large' }]);
  });
});

describe('the mail body', () => {
  const c = {
    id: 1,
    key: 'MDOC-0001',
    procedure: 'usage',
    step: '(2)-a',
    version: 2,
    closed: false,
    requesterId: 'U1',
    fields: { org_name: '株式会社テスト', corporate_number: '4011001098993', department: '部', contact_name: '名', usage_mode: 'remote' },
    cardChannel: null,
    cardTs: null,
    dmChannel: null,
    dmTs: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    stepSince: new Date(0),
    dueDate: null,
    overdueAt: null,
    undeliveredTo: [],
  };
  const mail = usageProcedure.steps.find((s) => s.code === '(1)-b')!.actions[0]!.mails![0]!;
  const transition = { version: 2, fromStep: '(1)-b', toStep: '(2)-a', action: 'send_documents', actorId: 'U2', comment: null, data: {}, createdAt: new Date(0) };

  it('marks the documents it does not carry as sent separately, and gives the case page', () => {
    const { text } = renderMail({ procedure: usageProcedure, case: c, mail, transition, from: 'desk@example.go.jp', notAttached: new Set(['【申請書】事前準備契約申込書']), caseLink: 'https://desk.example.jp/c/abc' });
    expect(text).toContain('・【申請書】情報開示申請書\n');
    expect(text).toContain('・【申請書】事前準備契約申込書（別途お送りします）');
    expect(text).toContain('https://desk.example.jp/c/abc');
  });

  it('names the verification page of a certificate, and says no next step where the case stays (a revocation)', () => {
    const certification = PROCEDURES.find((p) => p.id === 'cert_in_person')!;
    const fields = { ...c.fields, certificate_number: 'PG-2026-0001', certified_on: '2026-12-20', certificate_revoked_at: '2027-01-15T03:00:00.000Z' };
    const sent = certification.steps.find((s) => s.code === '(4)-d')!.actions[0]!.mails![0]!;
    const atSend = { ...transition, fromStep: '(4)-d', toStep: '(4)-e', action: 'send_certificate' };
    const link = 'https://desk.example.jp/verify/PG-2026-0001';
    const { text } = renderMail({ procedure: certification, case: { ...c, procedure: certification.id, fields }, mail: sent, transition: atSend, from: 'desk@example.go.jp', verificationLink: link });
    expect(text).toContain(`■ 認定の確認ページ（どなたでも、認定の有無と認定書の PDF を確認できます）\n${link}`);
    expect(text).toContain('■ 次のお手続き\n(4)-e 認定書の受領');
    const revocation = certification.caseActions!.find((a) => a.id === 'revoke_certificate')!.mails![0]!;
    const atRevoke = { ...transition, fromStep: '(5)', toStep: '(5)', action: 'revoke_certificate', comment: '不正利用' };
    const revoked = renderMail({ procedure: certification, case: { ...c, procedure: certification.id, fields }, mail: revocation, transition: atRevoke, from: 'desk@example.go.jp', verificationLink: link }).text;
    expect(revoked).toContain('■ 理由\n不正利用');
    expect(revoked).toContain('■ 取消日時\n2027年1月15日 12:00');
    expect(revoked).toContain(link);
    expect(revoked).not.toContain('■ 手続きの状況');
    // A mail that does not declare the page never names it.
    expect(renderMail({ procedure: usageProcedure, case: c, mail, transition, from: 'desk@example.go.jp', verificationLink: link }).text).not.toContain('/verify/');
  });
});
