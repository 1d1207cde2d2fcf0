// The Home tab and the daily digest as data: groups, limits, languages.
import { describe, expect, it } from 'vitest';
import type { CaseRecord, TransitionRow } from '../../src/cases/case.js';
import type { DeadlineBoard } from '../../src/cases/case-repository.js';
import { HOME_LIMITS, homeView } from '../../src/slack/views/home.js';
import { digestMessage } from '../../src/slack/views/digest.js';

const now = new Date('2026-11-30T01:00:00Z'); // Monday 10:00 in Tokyo

function aCase(id: number, over: Partial<CaseRecord> = {}): CaseRecord {
  const at = new Date('2026-11-20T01:00:00Z');
  return {
    id, key: `MDOC-${String(id).padStart(4, '0')}`, procedure: 'usage', step: '(2)-b', version: 3, closed: false, requesterId: 'UREQ',
    fields: { org_name: `株式会社<${id}>` }, cardChannel: null, cardTs: null, dmChannel: null, dmTs: null,
    createdAt: at, updatedAt: at, stepSince: at, dueDate: null, overdueAt: null, undeliveredTo: [], ...over,
  };
}
const overdue = (id: number) => aCase(id, { dueDate: '2026-11-27', overdueAt: new Date('2026-11-27T15:00:00Z') });
const dueSoon = (id: number) => aCase(id, { dueDate: '2026-12-01', overdueAt: new Date('2026-12-01T15:00:00Z') });
const later = (id: number) => aCase(id, { dueDate: '2026-12-10', overdueAt: new Date('2026-12-10T15:00:00Z') });

function board(cases: CaseRecord[], counts: DeadlineBoard['counts']): DeadlineBoard {
  return { cases, counts };
}

const transition = (c: CaseRecord): { case: CaseRecord; transition: TransitionRow } => ({
  case: c,
  transition: { version: 3, fromStep: '(2)-a', toStep: '(2)-b', action: 'record_submission', actorId: 'UREQ', comment: null, data: {}, createdAt: now },
});

const texts = (blocks: any[]) => blocks.map((b) => b.text?.text ?? b.elements?.map((e: any) => e.text).join(' ') ?? '').join('\n');

describe('the Home tab', () => {
  it('groups the waiting cases into 期限超過, 期限間近 and その他, each row with its status button', () => {
    const view = homeView({
      locale: 'ja', holdsLane: true, now,
      waiting: board([overdue(1), dueSoon(2), later(3), aCase(4)], { overdue: 1, due_soon: 1, other: 2 }),
      requested: { cases: [overdue(1)], total: 1 },
      latest: [transition(overdue(1))],
    });
    const all = texts(view.blocks);
    expect(all.indexOf('*期限超過*（1件）')).toBeLessThan(all.indexOf('*期限間近*（1件）'));
    expect(all.indexOf('*期限間近*（1件）')).toBeLessThan(all.indexOf('*その他*（2件）'));
    const row = view.blocks.find((b: any) => b.block_id === 'home:overdue:MDOC-0001') as any;
    expect(row.text.text).toContain('*MDOC-0001* 株式会社&lt;1&gt;');
    expect(row.text.text).toContain('利用申請・(2)-b 受付・審査');
    expect(row.text.text).toContain('2026/11/20 10:00 から・期限 2026/11/27');
    expect(row.accessory).toMatchObject({ type: 'button', action_id: 'mdoc_open_status', value: 'MDOC-0001' });
    // The same case under "requested" gets its own block ID: Slack refuses duplicates in a view.
    expect(view.blocks.some((b: any) => b.block_id === 'home:requested:MDOC-0001')).toBe(true);
  });

  it('stays within 100 blocks however many cases there are, and counts what it leaves out', () => {
    const many = (make: (id: number) => CaseRecord, from: number) => Array.from({ length: 60 }, (_, i) => make(from + i));
    const view = homeView({
      locale: 'ja', holdsLane: true, now,
      waiting: board([...many(overdue, 1), ...many(dueSoon, 100), ...many(later, 200)], { overdue: 500, due_soon: 300, other: 900 }),
      requested: { cases: many(aCase, 300), total: 250 },
      latest: many(aCase, 400).map(transition),
    });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(new Set(view.blocks.map((b: any) => b.block_id).filter(Boolean)).size).toBe(view.blocks.filter((b: any) => b.block_id).length);
    const all = texts(view.blocks);
    expect(all).toContain(`ほか ${500 - HOME_LIMITS.overdue} 件`);
    expect(all).toContain(`ほか ${900 - HOME_LIMITS.other} 件`);
    expect(all).toContain(`ほか ${250 - HOME_LIMITS.requested} 件`);
  });

  it('speaks English to a reader whose Slack is not in Japanese; step codes stay as in the seed', () => {
    const view = homeView({ locale: 'en', holdsLane: false, now, waiting: board([], { overdue: 0, due_soon: 0, other: 0 }), requested: { cases: [dueSoon(2)], total: 1 }, latest: [] });
    const all = texts(view.blocks);
    expect(all).toContain('Cases you requested');
    expect(all).toContain('You are not set up as a reviewer, operations contractor or designated test business.');
    expect(all).toContain('Nothing is waiting on you.');
    expect(all).toContain('Usage application · (2)-b Receipt and review');
    expect(all).not.toMatch(/[ぁ-ん]/);
  });
});

describe('the daily digest', () => {
  it('lists overdue and due-soon cases, and says so when there are none', () => {
    const message = digestMessage('2026-11-30', board([overdue(1), dueSoon(2)], { overdue: 1, due_soon: 1, other: 0 }), now);
    const all = texts(message.blocks);
    expect(all).toContain('期限の状況（2026/11/30）');
    expect(all.indexOf('*期限超過*（1件）')).toBeLessThan(all.indexOf('MDOC-0001'));
    expect(all.indexOf('*期限間近*（1件）')).toBeLessThan(all.indexOf('MDOC-0002'));
    expect(texts(digestMessage('2026-11-30', board([], { overdue: 0, due_soon: 0, other: 3 }), now).blocks)).toContain('ありません');
  });
});
