// Property-based tests: the validators against random text, and the transition function against random
// sequences of actions by random people.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corporateNumber, corporateNumberCheckDigit, email, ipOrCidr, phone, singleLine } from '../../src/forms/validators.js';
import type { Actor, Role } from '../../src/workflow/authorize.js';
import { PROCEDURES } from '../../src/workflow/procedures/index.js';
import { availableActions, stepByCode } from '../../src/workflow/steps.js';
import { openCase, transition, type CaseSnapshot } from '../../src/workflow/transition.js';

const toFullWidth = (digits: string) => digits.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));

describe('validators on random input', () => {
  it('never throw, and either refuse with a message or return a normalised value', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const check of [corporateNumber, email, phone, ipOrCidr, (t: string) => singleLine(t, 100)]) {
          const result = check(text);
          if (!result.ok) expect(result.message.ja.length * result.message.en.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('accept every 法人番号 whose check digit is right, in half-width or full-width digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), (base) => {
        const number = `${corporateNumberCheckDigit(base)}${base}`;
        expect(corporateNumber(number)).toEqual({ ok: true, value: number });
        expect(corporateNumber(toFullWidth(number))).toEqual({ ok: true, value: number });
      }),
    );
  });

  it('refuse a 法人番号 with any one digit changed (except 0↔9, which the mod-9 scheme cannot see)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 9 }), (base, position, delta) => {
        const number = `${corporateNumberCheckDigit(base)}${base}`;
        const digit = Number(number[position]);
        const changed = (digit + delta) % 10;
        fc.pre(!((digit === 0 && changed === 9) || (digit === 9 && changed === 0)));
        const mutated = number.slice(0, position) + String(changed) + number.slice(position + 1);
        expect(corporateNumber(mutated).ok).toBe(false);
      }),
    );
  });

  it('refuse emoji and line breaks wherever a single line is expected', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('\r', '\n', '\r\n', '\u0000'), fc.string(), (a, breaker, b) => {
        // Inside the text: a break at either end is only trimmed away.
        expect(singleLine(`x${a}${breaker}${b}x`, 1000).ok).toBe(false);
        expect(email(`x${a}${breaker}y@example.jp`).ok).toBe(false);
      }),
    );
    fc.assert(fc.property(fc.constantFrom('😀', '🏢', '👨‍👩‍👧'), (emoji) => {
      expect(corporateNumber(`40110010989${emoji}`).ok).toBe(false);
      expect(phone(`03-1234-${emoji}`).ok).toBe(false);
      expect(email(`${emoji}@example.jp`).ok).toBe(false);
    }));
  });
});

describe('the transition function under random use', () => {
  const roles: Role[] = ['reviewer', 'operator', 'test_lab'];
  const people = fc.record({
    userId: fc.constantFrom('UREQ', 'UA', 'UB', 'UC'),
    roles: fc.subarray(roles),
  });
  const FORMS: Record<string, Record<string, string>[]> = {
    access_request: [{ ip_ranges: '203.0.113.1', apple_account_email: 'a@example.jp' }, { ip_ranges: 'nope', apple_account_email: 'x' }],
    send_back: [{ reason: '理由' }, { reason: '' }],
    schedule: [{ test_at: '2030-01-01T00:00:00.000Z', test_place: 'A' }],
    test_result: [{ result: 'pass' }, { result: 'fail', findings: '指摘' }, { result: 'fail' }],
    certificate: [{ certificate_number: 'N-1', certified_on: '2030-01-02' }],
    link: [{ linked_certification: 'MDOC-0002' }],
  };
  const step = fc.record({ person: people, pick: fc.nat(), formPick: fc.nat(), withForm: fc.boolean(), linkedClosed: fc.boolean() });

  it.each(PROCEDURES.map((p) => [p.id, p] as const))('%s: never reaches a state the declaration does not allow; versions only grow', (_id, procedure) => {
    const codes = new Set(procedure.steps.map((s) => s.code));
    fc.assert(
      fc.property(
        fc.record({ usage_mode: fc.constantFrom('in_person', 'remote'), krl_proxy: fc.constantFrom('yes', 'no'), env_test: fc.constantFrom('yes', 'no'), own_verifier: fc.constantFrom('yes', 'no') }),
        fc.array(step, { maxLength: 60 }),
        (fields, moves) => {
          let snapshot: CaseSnapshot = openCase(procedure, fields, 'UREQ').next;
          for (const move of moves) {
            const current = stepByCode(procedure, snapshot.step);
            const offered = availableActions(procedure, current, snapshot.fields);
            const allIds = procedure.steps.flatMap((s) => s.actions.map((a) => a.id));
            const actionId = offered.length && move.pick % 3 ? offered[move.pick % offered.length]!.id : allIds[move.pick % allIds.length]!;
            const action = offered.find((a) => a.id === actionId);
            const forms = action?.form ? FORMS[action.form]! : [];
            const actor: Actor = { userId: move.person.userId, roles: new Set(move.person.roles) };
            const decision = transition(procedure, snapshot, {
              actionId,
              actor,
              form: move.withForm && forms.length ? forms[move.formPick % forms.length] : undefined,
              linked: { key: 'MDOC-0002', procedure: 'cert_in_person', step: move.linkedClosed ? '(5)' : '(3)-a', closed: move.linkedClosed },
              now: new Date('2026-11-27T00:00:00Z'),
            });
            if (!decision.ok) {
              // Refusals never happen to an action the step offers, to someone allowed, with a valid form.
              if (decision.reason === 'unknown_action') expect(action).toBeUndefined();
              continue;
            }
            expect(action).toBeDefined();
            expect(decision.next.version).toBe(snapshot.version + 1);
            expect(codes.has(decision.next.step)).toBe(true);
            const target = stepByCode(procedure, decision.next.step);
            expect(decision.next.closed).toBe(Boolean(target.final));
            expect(target.intake).toBeFalsy();
            expect(decision.record).toMatchObject({ fromStep: snapshot.step, toStep: decision.next.step, action: actionId, actorId: actor.userId });
            snapshot = decision.next;
            if (snapshot.closed) break;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
