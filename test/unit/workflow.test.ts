// The declaration and the transition function: every step reachable, the end reachable from every step,
// lanes valid, the KRL branch, sending back, and every (step, action) pair, legal or not.
import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/workflow/authorize.js';
import { PROCEDURES } from '../../src/workflow/procedures/index.js';
import { usageProcedure as usage } from '../../src/workflow/procedures/usage.js';
import { nextStep } from '../../src/workflow/steps.js';
import { transition, openCase, type CaseSnapshot } from '../../src/workflow/transition.js';
import type { Lane, ProcedureDecl } from '../../src/workflow/types.js';

const REQUESTER = 'UREQ';
const actor = (userId: string, ...roles: Role[]): Actor => ({ userId, roles: new Set(roles) });
const reviewer = actor('UREV', 'reviewer');
const operator = actor('UOPS', 'operator');
const testLab = actor('ULAB', 'test_lab');
const requester = actor(REQUESTER);
const stranger = actor('USTRANGER');
const ACTOR_FOR_LANE: Record<Lane, Actor> = { agency: reviewer, operator, test_lab: testLab, applicant: requester };

const VARIANTS = [
  { usage_mode: 'in_person', krl_proxy: 'no' },
  { usage_mode: 'remote', krl_proxy: 'no' },
  { usage_mode: 'remote', krl_proxy: 'yes' },
];
const FORM_DATA: Record<string, Record<string, string>> = {
  access_request: { ip_ranges: '203.0.113.10', apple_account_email: 'dev@example.jp' },
  send_back: { reason: '押印が漏れています' },
};

function snapshotAt(step: string, fields: Record<string, unknown>, version = 5): CaseSnapshot {
  return { step, version, closed: false, requesterId: REQUESTER, fields };
}

/** All steps a case of these fields can reach from its first step, through any action. */
function reachable(procedure: ProcedureDecl, fields: Record<string, unknown>): Set<string> {
  const start = openCase(procedure, fields, REQUESTER).next.step;
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) {
    const code = queue.shift()!;
    const step = procedure.steps.find((s) => s.code === code)!;
    for (const action of step.actions) {
      const decision = transition(procedure, snapshotAt(code, fields), {
        actionId: action.id,
        actor: ACTOR_FOR_LANE[step.lanes[0]!],
        form: action.form ? FORM_DATA[action.form] : undefined,
      });
      if (!decision.ok) throw new Error(`${code} ${action.id}: ${decision.reason}`);
      if (!seen.has(decision.next.step)) {
        seen.add(decision.next.step);
        queue.push(decision.next.step);
      }
    }
  }
  return seen;
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
        for (const lane of step.lanes) expect(lanes).toContain(lane);
      }
    }
  });

  it('gives every non-final, non-intake step exactly one primary action', () => {
    for (const step of procedure.steps.filter((s) => !s.final && !s.intake)) {
      expect(step.actions.filter((a) => a.style === 'primary'), step.code).toHaveLength(1);
    }
  });

  it('sends back only to an earlier applicant step, with a reason form and a danger button', () => {
    for (const step of procedure.steps) {
      for (const action of step.actions.filter((a) => a.to.kind === 'step')) {
        const target = procedure.steps.findIndex((s) => action.to.kind === 'step' && s.code === action.to.code);
        expect(target, `${step.code} ${action.id}`).toBeGreaterThanOrEqual(0);
        expect(target).toBeLessThan(procedure.steps.indexOf(step));
        expect(procedure.steps[target]!.lanes).toEqual(['applicant']);
        expect(action.style).toBe('danger');
        expect(action.form).toBe('send_back');
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
      for (const start of procedure.steps.filter((s) => !s.final && !s.intake)) {
        let snapshot = snapshotAt(start.code, fields);
        for (let guard = 0; !snapshot.closed; guard++) {
          expect(guard).toBeLessThan(procedure.steps.length);
          const step = procedure.steps.find((s) => s.code === snapshot.step)!;
          const primary = step.actions.find((a) => a.style === 'primary')!;
          const decision = transition(procedure, snapshot, { actionId: primary.id, actor: ACTOR_FOR_LANE[step.lanes[0]!], form: primary.form ? FORM_DATA[primary.form] : undefined });
          expect(decision.ok).toBe(true);
          if (decision.ok) snapshot = decision.next;
        }
        expect(snapshot.step).toBe(procedure.steps.at(-1)!.code);
      }
    }
  });

  it('applies every declared (step, action) pair and refuses every action a step does not declare', () => {
    const allActions = new Set(procedure.steps.flatMap((s) => s.actions.map((a) => a.id)));
    for (const step of procedure.steps.filter((s) => !s.final && !s.intake)) {
      for (const actionId of [...allActions, 'approve_everything']) {
        const declared = step.actions.find((a) => a.id === actionId);
        const decision = transition(procedure, snapshotAt(step.code, VARIANTS[2]!), {
          actionId,
          actor: actor('UALL', 'reviewer', 'operator', 'test_lab'),
          form: declared?.form ? FORM_DATA[declared.form] : undefined,
        });
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
      errors: { reason: expect.any(String) },
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
    expect(bad).toMatchObject({ ok: false, reason: 'invalid_form', errors: { ip_ranges: expect.any(String), apple_account_email: expect.any(String) } });
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
    const decision = transition(usage, snapshotAt(step, VARIANTS[2]!), { actionId: action.id, actor: who, form: action.form ? FORM_DATA[action.form] : undefined });
    if (allowed) expect(decision.ok).toBe(true);
    else expect(decision).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('fails closed: nobody holds a role that was not configured', () => {
    const decision = transition(usage, snapshotAt('(1)-b', VARIANTS[0]!), { actionId: 'send_documents', actor: actor('UANY') });
    expect(decision).toMatchObject({ ok: false, reason: 'forbidden', lanes: ['agency'] });
  });
});
