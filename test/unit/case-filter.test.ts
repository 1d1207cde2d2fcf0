import { describe, expect, it } from 'vitest';
import { parseCaseFilter, stepsOfLane } from '../../src/cases/case-filter.js';

describe('list and search filters', () => {
  it('reads procedure, step, lane and free text', () => {
    expect(parseCaseFilter(['procedure:cert-remote', 'step:(3)-d', 'lane:test_lab', '株式会社', 'テスト'], false)).toEqual({
      ok: true,
      filter: { procedure: 'cert_remote', step: '(3)-d', lane: 'test_lab', text: '株式会社 テスト', includeClosed: false },
    });
  });

  it('reads `overdue` (or 期限超過) as the overdue filter, not as text', () => {
    expect(parseCaseFilter(['overdue', 'テスト'], false)).toEqual({ ok: true, filter: { overdue: true, text: 'テスト', includeClosed: false } });
    expect(parseCaseFilter(['期限超過'], false)).toEqual({ ok: true, filter: { overdue: true, includeClosed: false } });
  });

  it('normalises full-width text, so a 法人番号 typed in full-width digits matches', () => {
    expect(parseCaseFilter(['４０１１００１０９８９９３'], true)).toEqual({ ok: true, filter: { text: '4011001098993', includeClosed: true } });
  });

  it('refuses unknown procedures, steps and lanes with a message that lists what exists', () => {
    expect(parseCaseFilter(['procedure:nope'], false)).toMatchObject({ ok: false, message: { ja: expect.stringContaining('usage'), en: expect.stringContaining('usage') } });
    expect(parseCaseFilter(['step:(9)-z'], false)).toMatchObject({ ok: false });
    expect(parseCaseFilter(['lane:boss'], false)).toMatchObject({ ok: false, message: { ja: expect.stringContaining('agency') } });
  });

  it('maps a lane to the steps it acts at, in every procedure', () => {
    const operator = stepsOfLane('operator');
    expect(operator).toContainEqual({ procedure: 'usage', step: '(3)-d' });
    expect(operator).toContainEqual({ procedure: 'usage', step: '(4)-d' });
    expect(operator).toContainEqual({ procedure: 'cert_in_person', step: '(2)-c' });
    expect(operator.every((s) => !['(1)-b', '(5)'].includes(s.step))).toBe(true);
  });
});
