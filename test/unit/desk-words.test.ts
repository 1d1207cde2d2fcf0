// What a desk member reads is in their words: every card, thread reply, status, list line, refusal, Home,
// digest, notice, modal and help text of every step of every procedure, in both languages, names lanes
// and people, never a setting (MDOC_…), a raw lane ID (operator, test_lab) or an internal ID
// (web:applicant). Setting names belong to the admin section of /mdoc help only; filter syntax the
// reader types (`lane:operator`) is shown as code and is not counted.
import { describe, expect, it } from 'vitest';
import type { CaseRecord, TransitionRow } from '../../src/cases/case.js';
import type { NotificationKind } from '../../src/cases/notifications.js';
import { FORMS } from '../../src/forms/declarations.js';
import type { Locale } from '../../src/i18n/locale.js';
import { messages } from '../../src/i18n/messages.js';
import { refusalText, guardText } from '../../src/slack/refusal-text.js';
import { caseCard } from '../../src/slack/views/case-card.js';
import { caseListLine } from '../../src/slack/views/case-list.js';
import { caseStatus } from '../../src/slack/views/case-status.js';
import { digestMessage } from '../../src/slack/views/digest.js';
import { formModal } from '../../src/slack/views/form-modal.js';
import { HELP_ADMIN_BLOCK, help } from '../../src/slack/views/help.js';
import { homeView } from '../../src/slack/views/home.js';
import { chooserModal, intakeModal } from '../../src/slack/views/intake-modal.js';
import { KIND_LABELS, deadNotice, linkedCompleted, overdueNotice } from '../../src/slack/views/notices.js';
import { stepChange } from '../../src/slack/views/step-change.js';
import { WEB_APPLICANT_ID } from '../../src/workflow/authorize.js';
import type { LaneHolders } from '../../src/workflow/lanes.js';
import { PROCEDURES } from '../../src/workflow/procedures/index.js';
import type { ProcedureDecl, StepDecl } from '../../src/workflow/types.js';

const LOCALES: Locale[] = ['ja', 'en'];
const at = new Date('2026-11-27T03:00:00Z');
const HOLDERS: LaneHolders = { agency: ['UREV1', 'S0REVIEWERS'], operator: ['UOP1'], test_lab: ['S0LABS'] };
const NOBODY: LaneHolders = { agency: [], operator: [], test_lab: [] };

function aCase(procedure: ProcedureDecl, step: StepDecl, requesterId: string): CaseRecord {
  return {
    id: 1, key: 'MDOC-0001', procedure: procedure.id, step: step.code, version: 3, closed: Boolean(step.final), requesterId,
    fields: { category: 'private', org_name: 'Example Ltd', corporate_number: '4011001098993', department: 'Dev', contact_name: 'Taro', phone: '03-1234-5678', email: 'taro@example.jp', usage_mode: 'remote', krl_proxy: 'yes', own_verifier: 'yes', env_test: 'yes', preparation: ['yes'] },
    cardChannel: null, cardTs: null, dmChannel: null, dmTs: null, createdAt: at, updatedAt: at, stepSince: at,
    dueDate: '2026-12-01', overdueAt: new Date('2026-12-01T15:00:00Z'), undeliveredTo: [],
  };
}

const transition = (over: Partial<TransitionRow>): TransitionRow => ({ version: 3, fromStep: null, toStep: '(1)-b', action: 'open', actorId: 'UREQ', comment: null, data: {}, createdAt: at, ...over });

/** Everything a reader sees in a message or view: its text and every text in its blocks. */
const shown = (x: unknown) => JSON.stringify(x);

/** The words of a text, without the code spans the reader types (`/mdoc list lane:operator`). */
const prose = (text: string) => text.replace(/`[^`]*`/g, '');

// In English, "applicant" and "agency" are the reader's words too; the IDs that are not are these.
const RAW_LANES: Record<Locale, RegExp> = { ja: /\b(applicant|agency|operator|test_lab)\b/, en: /\b(operator|test_lab)\b/ };

function expectDeskWords(text: string, locale: Locale, where: string) {
  expect(text, where).not.toContain('MDOC_');
  expect(text, where).not.toContain(WEB_APPLICANT_ID);
  expect(prose(text), where).not.toMatch(RAW_LANES[locale]);
  expect(text, where).not.toMatch(/undefined|\[object /);
}

/** Every text shown for one step of one procedure, in one language. */
function textsOf(procedure: ProcedureDecl, step: StepDecl, locale: Locale): [string, string][] {
  const out: [string, string][] = [];
  for (const requesterId of ['UREQ', WEB_APPLICANT_ID]) {
    const c = aCase(procedure, step, requesterId);
    const where = `${procedure.id} ${step.code} ${locale} ${requesterId}`;
    const history = [transition({ actorId: requesterId }), transition({ version: 2, fromStep: '(1)-b', toStep: '(2)-a', action: 'send_documents', actorId: WEB_APPLICANT_ID })];
    for (const holders of [HOLDERS, NOBODY]) {
      out.push([`card ${where}`, shown(caseCard({ procedure, case: c, holders, locale, last: history[1], intro: locale === 'en' ? 'x' : undefined }))]);
      if (!step.final) {
        const refusal = { kind: 'refused', case: c, refusal: { reason: 'forbidden', step, lanes: step.lanes } } as never;
        out.push([`refusal ${where}`, refusalText(refusal, c.key, locale, holders)]);
      }
    }
    out.push([`status ${where}`, shown(caseStatus(procedure, c, history, locale))]);
    out.push([`list ${where}`, caseListLine(c, locale, at)]);
    const stale = { kind: 'stale', case: c, doneBy: history[1] } as never;
    out.push([`stale ${where}`, refusalText(stale, c.key, locale, HOLDERS)]);
    const next = procedure.steps[procedure.steps.indexOf(step) + 1] ?? step;
    for (const action of [...step.actions, ...(procedure.caseActions ?? [])]) {
      for (const actorId of ['UREV1', WEB_APPLICANT_ID]) {
        const t = transition({ fromStep: step.code, toStep: next.code, action: action.id, actorId });
        out.push([`reply ${action.id} ${where}`, shown(stepChange({ procedure, caseKey: c.key, transition: t, locale, notify: locale === 'en' ? 'UREQ' : undefined }))]);
      }
    }
    if (locale === 'ja') {
      out.push([`linked ${where}`, shown(linkedCompleted(procedure, c, 'MDOC-0002'))]);
      if (step.targetDays) out.push([`overdue ${where}`, shown(overdueNotice(procedure, c, '2026-12-01', '<@UREV1>'))]);
    }
  }
  return out;
}

describe('what a desk member reads', () => {
  it('names lanes and people, never a setting, a raw lane ID or an internal ID, at every step', () => {
    let checked = 0;
    for (const procedure of PROCEDURES) {
      for (const step of procedure.steps) {
        for (const locale of LOCALES) {
          for (const [where, text] of textsOf(procedure, step, locale)) {
            expectDeskWords(text, locale, where);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('keeps the help free of settings outside its admin section', () => {
    for (const locale of LOCALES) {
      const blocks = help({ unstaffedLanes: ['agency', 'operator', 'test_lab'], locale }).blocks as { block_id?: string }[];
      const admin = blocks.filter((b) => b.block_id === HELP_ADMIN_BLOCK);
      expect(admin).toHaveLength(1);
      expect(shown(admin)).toContain('MDOC_OPERATORS');
      expectDeskWords(shown(blocks.filter((b) => b.block_id !== HELP_ADMIN_BLOCK)), locale, `help ${locale}`);
    }
  });

  it('says the same in the Home tab, the digest, the modals and the notices', () => {
    const usage = PROCEDURES[0]!;
    const c = aCase(usage, usage.steps[3]!, WEB_APPLICANT_ID);
    const latest = [{ case: c, transition: transition({ actorId: WEB_APPLICANT_ID, fromStep: '(2)-a', toStep: '(2)-b', action: 'record_submission' }) }];
    for (const locale of LOCALES) {
      for (const holdsLane of [true, false]) {
        expectDeskWords(shown(homeView({ locale, holdsLane, now: at, waiting: { cases: [c], counts: { overdue: 0, due_soon: 1, other: 0 } }, requested: { cases: [c], total: 1 }, latest })), locale, `home ${locale}`);
      }
      for (const form of Object.values(FORMS)) expectDeskWords(shown(formModal({ form, callbackId: 'x', privateMetadata: '', locale })), locale, `form ${form.id} ${locale}`);
      for (const procedure of PROCEDURES) expectDeskWords(shown(intakeModal(procedure, locale)), locale, `intake ${procedure.id} ${locale}`);
      expectDeskWords(shown(chooserModal(locale)), locale, `chooser ${locale}`);
      expectDeskWords(guardText(undefined, locale), locale, `guard ${locale}`);
    }
    expectDeskWords(shown(digestMessage('2026-11-30', { cases: [c], counts: { overdue: 0, due_soon: 1, other: 0 } }, at)), 'ja', 'digest');
  });

  it('names every kind of notification that could not be delivered in words, with its case or without', () => {
    for (const kind of Object.keys(KIND_LABELS) as NotificationKind[]) {
      for (const caseKey of ['MDOC-0001', undefined]) {
        const text = deadNotice(caseKey, { notificationId: '42', kind, error: 'channel_not_found' }).text;
        expect(text).toContain(`${KIND_LABELS[kind]}（通知 #42）を配信できませんでした`);
        expect(text).not.toContain(kind);
        expectDeskWords(text, 'ja', `dead ${kind}`);
      }
    }
    expect(deadNotice(undefined, { notificationId: '7', kind: 'home.publish', error: 'x' }).text.startsWith(':warning: ホームタブの更新（通知 #7）')).toBe(true);
  });

  it('has no setting name, raw lane ID or internal ID anywhere in the message catalogue', () => {
    for (const locale of LOCALES) {
      const texts: string[] = [];
      const walk = (value: unknown): void => {
        if (typeof value === 'string') texts.push(value);
        else if (typeof value === 'function') texts.push(String((value as (...a: unknown[]) => unknown)('X', 'Y', 'Z', 'W', 'V')));
        else if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === 'object') Object.values(value).forEach(walk);
      };
      walk(messages(locale));
      expect(texts.length).toBeGreaterThan(150);
      for (const text of texts) expectDeskWords(text, locale, `catalogue ${locale}: ${text}`);
    }
  });

  it('writes English to an English reader: no Japanese punctuation around its own words', () => {
    const usage = PROCEDURES[0]!;
    for (const step of usage.steps) {
      const c = aCase(usage, step, 'UREQ');
      const texts = [caseListLine(c, 'en', at), shown(caseStatus(usage, c, [transition({})], 'en')), shown(caseCard({ procedure: usage, case: c, holders: HOLDERS, locale: 'en', intro: 'x' }))];
      for (const text of texts) expect(text, `${step.code}: ${text}`).not.toMatch(/[（）・／「」]/);
    }
  });
});
