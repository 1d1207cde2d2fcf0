// The document library's pure parts: every declared name has one slot, files find it by name as people
// spell it, and a mail's files are chosen within the size limit.
import { describe, expect, it } from 'vitest';
import { DOCUMENT_NAMES, documentForFile, documentKey, extensionOf } from '../../src/documents/catalogue.js';
import { planAttachments } from '../../src/documents/attachment-plan.js';
import type { DocumentVersion } from '../../src/documents/document-library.js';
import { renderMail } from '../../src/mail/render-mail.js';
import { PROCEDURES } from '../../src/workflow/procedures/index.js';
import { usageProcedure } from '../../src/workflow/procedures/usage.js';

describe('the catalogue of documents', () => {
  it('holds every document a mail lists or a step receives, each once, and no two collide when compared', () => {
    const declared = new Set<string>();
    for (const p of PROCEDURES)
      for (const s of p.steps) {
        for (const r of s.receives ?? []) declared.add(r);
        for (const a of s.actions) {
          const branches = a.to.kind === 'branch' ? Object.values(a.to.branches) : [];
          for (const m of [...(a.mails ?? []), ...branches.flatMap((b) => b.mails ?? [])]) for (const d of m.documents ?? []) declared.add(d.name);
        }
      }
    expect(new Set(DOCUMENT_NAMES)).toEqual(declared);
    expect(DOCUMENT_NAMES).toHaveLength(30);
    expect(new Set(DOCUMENT_NAMES.map(documentKey)).size).toBe(DOCUMENT_NAMES.length);
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
  };
  const mail = usageProcedure.steps.find((s) => s.code === '(1)-b')!.actions[0]!.mails![0]!;
  const transition = { version: 2, fromStep: '(1)-b', toStep: '(2)-a', action: 'send_documents', actorId: 'U2', comment: null, data: {}, createdAt: new Date(0) };

  it('marks the documents it does not carry as sent separately, and gives the case page', () => {
    const { text } = renderMail({ procedure: usageProcedure, case: c, mail, transition, from: 'desk@example.go.jp', notAttached: new Set(['【申請書】事前準備契約申込書']), caseLink: 'https://desk.example.jp/c/abc' });
    expect(text).toContain('・【申請書】情報開示申請書\n');
    expect(text).toContain('・【申請書】事前準備契約申込書（別途お送りします）');
    expect(text).toContain('https://desk.example.jp/c/abc');
  });
});
