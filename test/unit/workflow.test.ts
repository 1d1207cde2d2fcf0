// The declaration and the transition function: every step reachable, the end reachable from every step,
// lanes valid, the KRL branch, sending back, and every (step, action) pair, legal or not.
import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/workflow/authorize.js';
import { PROCEDURES } from '../../src/workflow/procedures/index.js';
import { usageProcedure as usage } from '../../src/workflow/procedures/usage.js';
import { holds } from '../../src/workflow/conditions.js';
import { actionLanes, availableActions, documentsToIssue, menuActions, nextStep, stepByCode } from '../../src/workflow/steps.js';
import { transition, openCase, type CaseSnapshot } from '../../src/workflow/transition.js';
import type { ActionDecl, Lane, ProcedureDecl, StepDecl } from '../../src/workflow/types.js';

const REQUESTER = 'UREQ';
const actor = (userId: string, ...roles: Role[]): Actor => ({ userId, roles: new Set(roles) });
const reviewer = actor('UREV', 'reviewer');
const operator = actor('UOPS', 'operator');
const testLab = actor('ULAB', 'test_lab');
const requester = actor(REQUESTER);
const stranger = actor('USTRANGER');
const ACTOR_FOR_LANE: Record<Lane, Actor> = { agency: reviewer, operator, test_lab: testLab, applicant: requester };

const VARIANTS = [
  { usage_mode: 'in_person', krl_proxy: 'no', env_test: 'yes' },
  { usage_mode: 'remote', krl_proxy: 'no', env_test: 'no' },
  { usage_mode: 'remote', krl_proxy: 'yes', env_test: 'yes' },
];
const NOW = new Date('2026-11-27T00:00:00Z');
/** Every way each form can be filled in validly: one per branch an action may take. */
const FORM_DATA: Record<string, Record<string, string>[]> = {
  access_request: [{ ip_ranges: '203.0.113.10', apple_account_email: 'dev@example.jp' }],
  send_back: [{ reason: '押印が漏れています' }],
  schedule: [{ test_at: '2026-12-10T01:00:00.000Z', test_place: '霞が関 会議室A' }],
  test_result: [{ result: 'pass' }, { result: 'fail', findings: 'NFC 読取りが不安定' }],
  certificate: [{ certificate_number: 'PG-2026-001', certified_on: '2026-12-20' }],
  link: [{ linked_certification: 'MDOC-0002' }],
};
const forms = (action: { form?: string }) => (action.form ? FORM_DATA[action.form]! : [undefined]);

/** The modal an action opens, submitted: its form's values, and a checked file for each document it issues. */
function submitted(action: ActionDecl, fields: Record<string, unknown>, form?: Record<string, string>) {
  const documents = documentsToIssue(action, fields);
  return { form: form ?? (documents.length ? {} : undefined), documents: new Set(documents) };
}
const certified = { key: 'MDOC-0002', procedure: 'cert_in_person', step: '(5)', closed: true };

function snapshotAt(step: string, fields: Record<string, unknown>, version = 5): CaseSnapshot {
  return { step, version, closed: false, requesterId: REQUESTER, fields };
}

/** Someone allowed to take the action. */
function actorFor(step: StepDecl, action: ActionDecl): Actor {
  return ACTOR_FOR_LANE[actionLanes(step, action)[0]!];
}

function act(procedure: ProcedureDecl, snapshot: CaseSnapshot, action: ActionDecl, form?: Record<string, string>) {
  const step = stepByCode(procedure, snapshot.step);
  return transition(procedure, snapshot, { actionId: action.id, actor: actorFor(step, action), ...submitted(action, snapshot.fields, form), linked: certified, now: NOW });
}

/** Every state (step and the fields that change which actions are offered) reachable from the start. */
function reachable(procedure: ProcedureDecl, fields: Record<string, unknown>): Set<string> {
  const start = openCase(procedure, fields, REQUESTER).next;
  const seenStates = new Set<string>();
  const steps = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const snapshot = queue.shift()!;
    const id = `${snapshot.step}|${JSON.stringify(snapshot.fields)}`;
    if (seenStates.has(id)) continue;
    seenStates.add(id);
    steps.add(snapshot.step);
    const step = stepByCode(procedure, snapshot.step);
    for (const action of availableActions(procedure, step, snapshot.fields)) {
      for (const form of forms(action)) {
        const decision = act(procedure, snapshot, action, form);
        if (!decision.ok) throw new Error(`${snapshot.step} ${action.id}: ${decision.reason}`);
        if (!decision.next.closed) queue.push(decision.next);
        else steps.add(decision.next.step);
      }
    }
  }
  return steps;
}

/** Follows the primary button from `start` to the end, taking the first way of filling each form. */
function primaryPath(procedure: ProcedureDecl, start: CaseSnapshot): string[] {
  const visited: string[] = [];
  let snapshot = start;
  for (let guard = 0; !snapshot.closed; guard++) {
    if (guard > procedure.steps.length * 2) throw new Error(`no end from ${start.step}: ${visited.join(' ')}`);
    const step = stepByCode(procedure, snapshot.step);
    const primary = availableActions(procedure, step, snapshot.fields).filter((a) => a.style === 'primary');
    expect(primary, `${procedure.id} ${step.code}`).toHaveLength(1);
    const decision = act(procedure, snapshot, primary[0]!, forms(primary[0]!)[0]);
    if (!decision.ok) throw new Error(`${step.code}: ${decision.reason}`);
    visited.push(`${step.code}:${primary[0]!.id}`);
    snapshot = decision.next;
  }
  visited.push(snapshot.step);
  return visited;
}

describe.each(PROCEDURES.map((p) => [p.id, p] as const))('the %s declaration', (_id, procedure) => {
  it('has unique step codes, one intake step first and one final step last', () => {
    const codes = procedure.steps.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(procedure.steps[0]!.intake).toBe(true);
    expect(procedure.steps.filter((s) => s.final).map((s) => s.code)).toEqual([codes.at(-1)]);
  });

  it('gives every step valid lanes; only the final step has none, and it has no actions', () => {
    const lanes: Lane[] = ['applicant', 'agency', 'operator', 'test_lab'];
    for (const step of procedure.steps) {
      if (step.final) {
        expect(step.lanes).toEqual([]);
        expect(step.actions).toEqual([]);
      } else {
        expect(step.lanes.length).toBeGreaterThan(0);
        for (const lane of [...step.lanes, ...step.actions.flatMap((a) => a.lanes ?? [])]) expect(lanes).toContain(lane);
        // An action's own lanes narrow the step's lanes; they never add a party.
        for (const action of step.actions) for (const lane of action.lanes ?? []) expect(step.lanes).toContain(lane);
      }
    }
  });

  it('offers exactly one primary action at every open step, whatever the case has entered so far', () => {
    for (const fields of VARIANTS) primaryPath(procedure, openCase(procedure, fields, REQUESTER).next);
  });

  it('sends back only to an earlier applicant step, with a reason form and a danger button', () => {
    for (const step of procedure.steps) {
      for (const action of step.actions.filter((a) => a.style === 'danger')) {
        const target = procedure.steps.findIndex((s) => action.to.kind === 'step' && s.code === action.to.code);
        expect(target, `${step.code} ${action.id}`).toBeGreaterThanOrEqual(0);
        expect(target).toBeLessThan(procedure.steps.indexOf(step));
        expect(procedure.steps[target]!.lanes).toEqual(['applicant']);
        expect(action.form).toBe('send_back');
        expect(action.id).toBe('send_back');
      }
    }
  });

  it('reaches every step under some variant, and the end under every variant', () => {
    const all = new Set<string>();
    for (const fields of VARIANTS) {
      const seen = reachable(procedure, fields);
      expect(seen.has(procedure.steps.at(-1)!.code)).toBe(true);
      for (const code of seen) all.add(code);
    }
    const notIntake = procedure.steps.filter((s) => !s.intake).map((s) => s.code);
    expect([...all].sort()).toEqual([...notIntake].sort());
  });

  it('reaches the end from every step by the primary actions alone', () => {
    for (const fields of VARIANTS) {
      for (const start of procedure.steps.filter((s) => !s.final && !s.intake && holds(s.onlyIf, fields))) {
        expect(primaryPath(procedure, snapshotAt(start.code, fields)).at(-1)).toBe(procedure.steps.at(-1)!.code);
      }
    }
  });

  it('applies every offered (step, action) pair and refuses every action a step does not offer', () => {
    const allActions = new Set(procedure.steps.flatMap((s) => s.actions.map((a) => a.id)));
    const everyone = actor('UALL', 'reviewer', 'operator', 'test_lab');
    for (const step of procedure.steps.filter((s) => !s.final && !s.intake)) {
      for (const fields of [VARIANTS[2]!, { ...VARIANTS[2]!, test_at: '2026-12-10T01:00:00.000Z', test_place: 'x', own_verifier: 'yes' }]) {
        const offered = availableActions(procedure, step, fields);
        for (const actionId of [...allActions, 'link_certification', 'approve_everything']) {
          const declared = offered.find((a) => a.id === actionId);
          const decision = transition(procedure, snapshotAt(step.code, fields), { actionId, actor: everyone, ...(declared ? submitted(declared, fields, forms(declared)[0]) : {}), linked: certified, now: NOW });
          if (declared) {
            expect(decision.ok, `${step.code} ${actionId}`).toBe(true);
            if (decision.ok) {
              expect(decision.next.version).toBe(6);
              expect(decision.record).toMatchObject({ fromStep: step.code, action: actionId, actorId: 'UALL' });
            }
          } else {
            expect(decision, `${step.code} ${actionId}`).toMatchObject({ ok: false, reason: 'unknown_action' });
          }
        }
      }
    }
  });
});

describe('the usage procedure', () => {
  const remoteKrl = VARIANTS[2]!;

  it('starts a new case at (1)-b, recording (1)-a as done by the requester', () => {
    const opened = openCase(usage, remoteKrl, REQUESTER);
    expect(opened.next).toMatchObject({ step: '(1)-b', version: 1, closed: false });
    expect(opened.record).toMatchObject({ fromStep: '(1)-a', toStep: '(1)-b', action: 'open', actorId: REQUESTER });
  });

  it('goes from (4)-c to (4)-d only when the KRL proxy function is used', () => {
    expect(nextStep(usage, '(4)-c', { krl_proxy: 'yes' }).code).toBe('(4)-d');
    expect(nextStep(usage, '(4)-c', { krl_proxy: 'no' }).code).toBe('(4)-e');
    const skipped = transition(usage, snapshotAt('(4)-c', VARIANTS[0]!), { actionId: 'approve', actor: reviewer });
    expect(skipped.ok && skipped.next.step).toBe('(4)-e');
  });

  it("asks at (4)-e for the case's own サービス開始承諾書 before the result notice goes", () => {
    const at4e = snapshotAt('(4)-e', remoteKrl);
    const clicked = transition(usage, at4e, { actionId: 'send_result', actor: reviewer });
    // No form of its own: the modal holds the file input alone.
    expect(clicked).toMatchObject({ ok: false, reason: 'form_required', documents: ['サービス開始承諾書'] });
    expect(clicked).not.toHaveProperty('form');
    expect(transition(usage, at4e, { actionId: 'send_result', actor: reviewer, form: {} })).toMatchObject({ ok: false, reason: 'invalid_form', errors: { サービス開始承諾書: { en: 'Choose the PDF of “サービス開始承諾書”.' } } });
    const sent = transition(usage, at4e, { actionId: 'send_result', actor: reviewer, form: {}, documents: new Set(['サービス開始承諾書']) });
    expect(sent.ok && sent.next.step).toBe('(4)-f');
    expect(sent.ok && sent.mails[0]!.documents).toEqual([{ name: 'サービス開始承諾書', issued: true }]);
  });

  it('ends at (5) サービス開始, closed', () => {
    const done = transition(usage, snapshotAt('(4)-f', remoteKrl), { actionId: 'record_receipt', actor: requester });
    expect(done.ok && done.next).toMatchObject({ step: '(5)', closed: true });
    expect(transition(usage, { ...snapshotAt('(5)', remoteKrl), closed: true }, { actionId: 'record_receipt', actor: reviewer })).toEqual({ ok: false, reason: 'closed' });
  });

  it.each([
    ['(2)-b', '(2)-a'],
    ['(2)-c', '(2)-a'],
    ['(4)-b', '(4)-a'],
    ['(4)-c', '(4)-a'],
    ['(3)-c', '(3)-b'],
  ])('sends back from %s to %s with the reason as comment, mailing the applicant', (from, to) => {
    const decision = transition(usage, snapshotAt(from, remoteKrl), { actionId: 'send_back', actor: reviewer, form: { reason: '添付が不足しています' } });
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.next.step).toBe(to);
    expect(decision.record.comment).toBe('添付が不足しています');
    expect(decision.next.fields).not.toHaveProperty('reason');
    expect(decision.mails.map((m) => m.to)).toEqual(['applicant']);
  });

  it('asks for the reason form before sending back, and refuses an empty reason', () => {
    expect(transition(usage, snapshotAt('(2)-b', remoteKrl), { actionId: 'send_back', actor: reviewer })).toMatchObject({ ok: false, reason: 'form_required', form: 'send_back' });
    expect(transition(usage, snapshotAt('(2)-b', remoteKrl), { actionId: 'send_back', actor: reviewer, form: { reason: '  ' } })).toMatchObject({
      ok: false,
      reason: 'invalid_form',
      errors: { reason: { ja: expect.any(String), en: expect.any(String) } },
    });
  });

  it('stores the (3)-b access data on the case for the operator at (3)-d', () => {
    const decision = transition(usage, snapshotAt('(3)-b', remoteKrl), {
      actionId: 'record_access_request',
      actor: requester,
      form: { ip_ranges: '203.0.113.10\n198.51.100.0/24', apple_account_email: 'dev@example.jp' },
    });
    expect(decision.ok && decision.next.fields).toMatchObject({ ip_ranges: ['203.0.113.10', '198.51.100.0/24'], apple_account_email: 'dev@example.jp' });
    expect(usage.steps.find((s) => s.code === '(3)-d')!.shows).toEqual(['ip_ranges', 'apple_account_email']);
    const bad = transition(usage, snapshotAt('(3)-b', remoteKrl), { actionId: 'record_access_request', actor: requester, form: { ip_ranges: '10.0.0.300', apple_account_email: 'nope' } });
    expect(bad).toMatchObject({ ok: false, reason: 'invalid_form', errors: { ip_ranges: { ja: expect.any(String) }, apple_account_email: { ja: expect.any(String) } } });
  });

  it('sends each mail of flows.md at the step that declares it', () => {
    const mailSteps = usage.steps.flatMap((s) => s.actions.filter((a) => a.style === 'primary').flatMap((a) => (a.mails ?? []).map((m) => `${s.code}→${m.to}`)));
    expect(mailSteps).toEqual(['(1)-b→applicant', '(2)-c→applicant', '(2)-d→applicant', '(3)-c→operator', '(3)-d→applicant', '(4)-c→operator', '(4)-e→applicant']);
    expect(usage.steps.find((s) => s.code === '(2)-c')!.actions[0]!.mails![0]!.subject).toContain('承認');
  });
});

describe('who may act', () => {
  const cases: [string, Actor, boolean][] = [
    ['(1)-b', reviewer, true],
    ['(1)-b', requester, false],
    ['(1)-b', operator, false],
    ['(1)-b', stranger, false],
    ['(2)-a', requester, true],
    ['(2)-a', reviewer, true],
    ['(2)-a', operator, false],
    ['(2)-a', stranger, false],
    ['(3)-d', operator, true],
    ['(3)-d', reviewer, false],
    ['(3)-d', requester, false],
    ['(4)-d', operator, true],
    ['(4)-d', testLab, false],
  ];
  it.each(cases)('at %s, %o may act: %s', (step, who, allowed) => {
    const action = usage.steps.find((s) => s.code === step)!.actions.find((a) => a.style === 'primary')!;
    const decision = transition(usage, snapshotAt(step, VARIANTS[2]!), { actionId: action.id, actor: who, form: action.form ? FORM_DATA[action.form]![0] : undefined });
    if (allowed) expect(decision.ok).toBe(true);
    else expect(decision).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('fails closed: nobody holds a role that was not configured', () => {
    const decision = transition(usage, snapshotAt('(1)-b', VARIANTS[0]!), { actionId: 'send_documents', actor: actor('UANY') });
    expect(decision).toMatchObject({ ok: false, reason: 'forbidden', lanes: ['agency'] });
  });
});

describe('the certification procedures', () => {
  const inPerson = PROCEDURES.find((p) => p.id === 'cert_in_person')!;
  const remote = PROCEDURES.find((p) => p.id === 'cert_remote')!;
  const schedule = FORM_DATA.schedule![0]!;

  it('skip stage (2) when this is neither a first registration nor a major update', () => {
    expect(nextStep(inPerson, '(1)-g', { env_test: 'no' }).code).toBe('(3)-a');
    expect(nextStep(inPerson, '(1)-g', { env_test: 'yes' }).code).toBe('(2)-a');
    const path = primaryPath(inPerson, openCase(inPerson, { env_test: 'no' }, REQUESTER).next);
    expect(path.some((s) => s.startsWith('(2)-'))).toBe(false);
    expect(path.at(-1)).toBe('(5)');
  });

  it('name the variant in the (1)-b documents, and list the (1)-f materials of flows.md', () => {
    const docs = (p: ProcedureDecl, code: string) => p.steps.find((s) => s.code === code)!.actions[0]!.mails![0]!.documents!.map((d) => d.name);
    expect(docs(inPerson, '(1)-b')[0]).toBe('カード代替電磁的記録に係る確認用プログラム認定手順書（対面用）');
    expect(docs(remote, '(1)-b')[0]).toBe('カード代替電磁的記録に係る確認用プログラム認定手順書（非対面用）');
    expect(docs(inPerson, '(1)-f')).toEqual([
      'カード代替電磁的記録 利用規約',
      'カード代替電磁的記録 profile仕様書',
      '【申請書】認定試験申請書',
      '【申請書】検証環境アクセス申請書',
      'テスト用マイナポータルアプリ インストール手順書',
      '認定試験の準備について【P】',
    ]);
  });

  it('let the agency or the test lab propose a date at (3)-d, and only the test lab confirm it', () => {
    const at3d = snapshotAt('(3)-d', { env_test: 'yes' });
    expect(transition(inPerson, at3d, { actionId: 'propose_schedule', actor: requester, form: schedule, now: NOW })).toMatchObject({ ok: false, reason: 'forbidden' });
    const proposed = transition(inPerson, at3d, { actionId: 'propose_schedule', actor: reviewer, form: schedule, now: NOW });
    expect(proposed.ok && proposed.next).toMatchObject({ step: '(3)-d', version: 6, fields: { test_at: schedule.test_at, test_place: '霞が関 会議室A' } });
    if (!proposed.ok) return;
    expect(transition(inPerson, proposed.next, { actionId: 'confirm_schedule', actor: reviewer })).toMatchObject({ ok: false, reason: 'forbidden', lanes: ['test_lab'] });
    const confirmed = transition(inPerson, proposed.next, { actionId: 'confirm_schedule', actor: testLab });
    expect(confirmed.ok && confirmed.next.step).toBe('(3)-e');
    expect(confirmed.ok && confirmed.mails.map((m) => m.subject)).toEqual(['認定試験の日程確定のお知らせ']);
    expect(confirmed.ok && confirmed.reminder).toMatchObject({ field: 'test_at', hoursBefore: 24 });
  });

  it('cannot confirm before a date is proposed, and refuses a date in the past', () => {
    const at3d = snapshotAt('(3)-d', { env_test: 'yes' });
    expect(transition(inPerson, at3d, { actionId: 'confirm_schedule', actor: testLab })).toMatchObject({ ok: false, reason: 'unknown_action' });
    expect(transition(inPerson, at3d, { actionId: 'propose_schedule', actor: testLab, form: { test_at: '2026-11-01T00:00:00Z', test_place: 'x' }, now: NOW })).toMatchObject({
      ok: false,
      reason: 'invalid_form',
      errors: { test_at: { ja: expect.stringContaining('現在より後'), en: expect.stringContaining('future') } },
    });
  });

  it('reschedules from (3)-e back to (3)-d with a new proposal, until the test is held', () => {
    const at3e = snapshotAt('(3)-e', { env_test: 'yes', ...schedule });
    const later = { test_at: '2026-12-17T01:00:00.000Z', test_place: 'オンライン https://meet.example.jp/x' };
    const moved = transition(inPerson, at3e, { actionId: 'reschedule', actor: testLab, form: later, now: NOW });
    expect(moved.ok && moved.next).toMatchObject({ step: '(3)-d', fields: later });
    expect(moved.ok && moved.record.data).toEqual(later);
    const held = transition(inPerson, at3e, { actionId: 'record_test_held', actor: testLab });
    expect(held.ok && held.next.step).toBe('(3)-f');
    expect(transition(inPerson, at3e, { actionId: 'record_test_held', actor: reviewer })).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('passes on to (4)-a, or fails back to (3)-a with findings, clearing the old test date', () => {
    const at3f = snapshotAt('(3)-f', { env_test: 'yes', ...schedule });
    const result = new Set(['テスト結果']);
    const pass = transition(inPerson, at3f, { actionId: 'record_result', actor: testLab, form: { result: 'pass' }, documents: result });
    expect(pass.ok && pass.next.step).toBe('(4)-a');
    expect(pass.ok && pass.mails.map((m) => m.subject)).toEqual(['認定試験の結果について（合格）']);
    // The test lab's result is a document of the case's own, in either branch: without its file, nothing moves.
    expect(pass.ok && pass.mails[0]!.documents).toEqual([{ name: 'テスト結果', issued: true }]);
    expect(transition(inPerson, at3f, { actionId: 'record_result', actor: testLab, form: { result: 'pass' } })).toMatchObject({
      ok: false,
      reason: 'invalid_form',
      errors: { テスト結果: { ja: '「テスト結果」の PDF を選んでください。' } },
    });
    const fail = transition(inPerson, at3f, { actionId: 'record_result', actor: testLab, form: { result: 'fail', findings: 'NFC 読取りが不安定' }, documents: result });
    expect(fail.ok && fail.next.step).toBe('(3)-a');
    expect(fail.ok && fail.record.comment).toBe('NFC 読取りが不安定');
    expect(fail.ok && fail.next.fields).not.toHaveProperty('test_at');
    expect(fail.ok && fail.mails.map((m) => m.comment)).toEqual(['指摘事項']);
    expect(transition(inPerson, at3f, { actionId: 'record_result', actor: testLab, form: { result: 'fail' } })).toMatchObject({
      ok: false,
      reason: 'invalid_form',
      errors: { findings: { ja: expect.any(String) } },
    });
    expect(transition(inPerson, at3f, { actionId: 'record_result', actor: reviewer, form: { result: 'pass' } })).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('records the certificate number and date at (4)-d, with the certificate issued to the case', () => {
    const certificate = new Set(['確認用PG認定書']);
    const sent = transition(inPerson, snapshotAt('(4)-d', {}), { actionId: 'send_certificate', actor: reviewer, form: { certificate_number: 'ＰＧ－2026－001', certified_on: '2026-12-20' }, documents: certificate });
    // Typed full-width, stored half-width: the number becomes the address /verify/PG-2026-001.
    expect(sent.ok && sent.next.fields).toMatchObject({ certificate_number: 'PG-2026-001', certified_on: '2026-12-20' });
    expect(sent.ok && sent.mails[0]!).toMatchObject({ documents: [{ name: '確認用PG認定書', issued: true }], verification: true });
    expect(transition(inPerson, snapshotAt('(4)-d', {}), { actionId: 'send_certificate', actor: reviewer, form: { certificate_number: 'x', certified_on: '2026-02-30' }, documents: certificate })).toMatchObject({
      ok: false,
      errors: { certified_on: { ja: expect.any(String) } },
    });
    // The form's errors and the missing file, together; a number that cannot be an address is refused.
    expect(transition(inPerson, snapshotAt('(4)-d', {}), { actionId: 'send_certificate', actor: reviewer, form: { certificate_number: 'PG 2026/1', certified_on: '2026-12-20' } })).toMatchObject({
      ok: false,
      errors: { certificate_number: { ja: expect.stringContaining('空白を入れずに') }, 確認用PG認定書: { ja: expect.any(String) } },
    });
    // A click opens the modal: the form, and the file input of the document the action issues.
    expect(transition(inPerson, snapshotAt('(4)-d', {}), { actionId: 'send_certificate', actor: reviewer })).toMatchObject({ ok: false, reason: 'form_required', form: 'certificate', documents: ['確認用PG認定書'] });
  });

  it('revokes a certificate from the menu, also once the case is closed, once, and only by a reviewer', () => {
    const certifiedCase = { env_test: 'no', certificate_number: 'PG-2026-001', certified_on: '2026-12-20' };
    const closed = { ...snapshotAt('(5)', certifiedCase), closed: true };
    expect(availableActions(inPerson, stepByCode(inPerson, '(5)'), certifiedCase)).toEqual([]);
    expect(menuActions(inPerson, certifiedCase).map((a) => a.id)).toEqual(['revoke_certificate']);
    expect(menuActions(inPerson, { env_test: 'no' })).toEqual([]);
    expect(transition(inPerson, closed, { actionId: 'revoke_certificate', actor: reviewer })).toMatchObject({ ok: false, reason: 'form_required', form: 'revoke_certificate' });
    expect(transition(inPerson, closed, { actionId: 'revoke_certificate', actor: testLab, form: { revocation_reason: 'x' } })).toMatchObject({ ok: false, reason: 'forbidden' });
    const at = new Date('2027-01-15T03:00:00Z');
    // A revocation time sent in the form is not taken: the moment of the transition is.
    const revoked = transition(inPerson, closed, { actionId: 'revoke_certificate', actor: reviewer, form: { revocation_reason: '不正な利用が判明したため', certificate_revoked_at: '2020-01-01T00:00:00Z' }, now: at });
    expect(revoked.ok && revoked.next).toMatchObject({ step: '(5)', closed: true, version: 6, fields: { ...certifiedCase, certificate_revoked_at: at.toISOString() } });
    expect(revoked.ok && revoked.record).toMatchObject({ fromStep: '(5)', toStep: '(5)', action: 'revoke_certificate', comment: '不正な利用が判明したため', data: { certificate_revoked_at: at.toISOString() } });
    expect(revoked.ok && revoked.mails.map((m) => m.subject)).toEqual(['確認用PG認定の取消しについて']);
    // Once revoked, the menu offers it no more, and the case's other actions stay closed.
    expect(revoked.ok && menuActions(inPerson, revoked.next.fields)).toEqual([]);
    expect(revoked.ok && transition(inPerson, revoked.next, { actionId: 'revoke_certificate', actor: reviewer, form: { revocation_reason: 'x' } })).toEqual({ ok: false, reason: 'closed' });
    expect(transition(inPerson, { ...snapshotAt('(4)-e', { ...certifiedCase, certificate_revoked_at: at.toISOString() }) }, { actionId: 'revoke_certificate', actor: reviewer, form: { revocation_reason: 'x' } })).toMatchObject({ ok: false, reason: 'unknown_action' });
    expect(transition(inPerson, closed, { actionId: 'record_certificate_receipt', actor: reviewer })).toEqual({ ok: false, reason: 'closed' });
  });
});

describe('the (4)-c gate of a usage case that builds its own verifier', () => {
  const own = { ...VARIANTS[0]!, own_verifier: 'yes' };
  it('holds while the linked certification has not reached (5), and without a link', () => {
    const at4c = snapshotAt('(4)-c', own);
    expect(transition(usage, at4c, { actionId: 'approve', actor: reviewer })).toMatchObject({ ok: false, reason: 'guarded' });
    expect(transition(usage, at4c, { actionId: 'approve', actor: reviewer, linked: { ...certified, step: '(3)-d', closed: false } })).toMatchObject({ ok: false, reason: 'guarded', linked: { step: '(3)-d' } });
    expect(transition(usage, at4c, { actionId: 'approve', actor: reviewer, linked: certified }).ok).toBe(true);
    // A certification revoked after (5) is no longer obtained.
    expect(transition(usage, at4c, { actionId: 'approve', actor: reviewer, linked: { ...certified, revoked: true } })).toMatchObject({ ok: false, reason: 'guarded', linked: { revoked: true } });
    // Sending back stays possible.
    expect(transition(usage, at4c, { actionId: 'send_back', actor: reviewer, form: { reason: 'x' } }).ok).toBe(true);
  });

  it('does not apply to a business that uses the distributed program', () => {
    expect(transition(usage, snapshotAt('(4)-c', VARIANTS[0]!), { actionId: 'approve', actor: reviewer }).ok).toBe(true);
  });

  it('offers the link action only to cases that build their own verifier, to the requester or a reviewer', () => {
    const link = { actionId: 'link_certification', form: { linked_certification: 'mdoc-2' } };
    expect(transition(usage, snapshotAt('(2)-a', VARIANTS[0]!), { ...link, actor: reviewer })).toMatchObject({ ok: false, reason: 'unknown_action' });
    const linked = transition(usage, snapshotAt('(2)-a', own), { ...link, actor: requester });
    expect(linked.ok && linked.next).toMatchObject({ step: '(2)-a', fields: { linked_certification: 'MDOC-0002' } });
    expect(transition(usage, snapshotAt('(2)-a', own), { ...link, actor: operator })).toMatchObject({ ok: false, reason: 'forbidden' });
  });
});

describe('four eyes', () => {
  const reviewerRequester = actor(REQUESTER, 'reviewer');
  it('keeps the requester from moving their own case forward at review and approval steps', () => {
    for (const step of usage.steps.filter((s) => s.review)) {
      const primary = step.actions.find((a) => a.style === 'primary')!;
      expect(transition(usage, snapshotAt(step.code, VARIANTS[0]!), { actionId: primary.id, actor: reviewerRequester })).toMatchObject({ ok: false, reason: 'four_eyes' });
      expect(transition(usage, snapshotAt(step.code, VARIANTS[0]!), { actionId: primary.id, actor: reviewerRequester, selfApprovalAllowed: true }).ok).toBe(true);
    }
    expect(usage.steps.filter((s) => s.review).map((s) => s.code)).toEqual(['(2)-b', '(2)-c', '(4)-b', '(4)-c']);
  });

  it('still lets them act at steps that are not reviews, and send back', () => {
    expect(transition(usage, snapshotAt('(1)-b', VARIANTS[0]!), { actionId: 'send_documents', actor: reviewerRequester }).ok).toBe(true);
    expect(transition(usage, snapshotAt('(2)-b', VARIANTS[0]!), { actionId: 'send_back', actor: reviewerRequester, form: { reason: 'x' } }).ok).toBe(true);
  });
});
