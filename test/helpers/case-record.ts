// A case as the renderers see it, for the tests of views: MDOC-0007, a usage case at (2)-b.
import type { CaseRecord } from '../../src/cases/case.js';

const at = new Date('2026-11-27T03:00:00Z');

export function aCase(over: Partial<CaseRecord> = {}, fields: Record<string, unknown> = {}): CaseRecord {
  return {
    id: 7,
    key: 'MDOC-0007',
    procedure: 'usage',
    step: '(2)-b',
    version: 4,
    closed: false,
    requesterId: 'UREQ',
    fields: {
      category: 'private',
      org_name: '株式会社テスト',
      corporate_number: '4011001098993',
      department: '開発部',
      contact_name: '田中 太郎',
      phone: '03-1234-5678',
      email: 'taro@example.co.jp',
      usage_mode: 'in_person',
      krl_proxy: 'no',
      preparation: [],
      ...fields,
    },
    cardChannel: null,
    cardTs: null,
    dmChannel: null,
    dmTs: null,
    createdAt: at,
    updatedAt: at,
    stepSince: at,
    dueDate: null,
    overdueAt: null,
    undeliveredTo: [],
    ...over,
  };
}
