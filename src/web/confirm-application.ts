// The applicant confirmed its address: the case opens, exactly as from `/mdoc new`. A double submit, the
// back button, a second tab or twenty concurrent posts open one case: one confirmation claims the
// application, the others wait for the case it opens; the intake key guards against a claim that died
// after the case was created.
import type { OpenCaseOptions, OpenCaseResult } from '../cases/open-case.js';
import type { CaseRecord } from '../cases/case.js';
import type { CaseRepository } from '../cases/case-repository.js';
import type { LocalText } from '../i18n/messages.js';
import { WEB_APPLICANT_ID } from '../workflow/authorize.js';
import type { Applications } from './applications.js';

export type ConfirmResult =
  | { kind: 'opened'; case: CaseRecord }
  /** An earlier confirmation opened it. */
  | { kind: 'already'; case: CaseRecord }
  | { kind: 'unknown' }
  | { kind: 'expired' }
  /** Another confirmation is still opening it; the page asks to reload in a moment. */
  | { kind: 'busy' }
  /** The form no longer passes (a renewal's earlier case vanished): the applicant applies again. */
  | { kind: 'invalid'; errors: Record<string, LocalText> };

export interface ConfirmDeps {
  applications: Applications;
  cases: Pick<CaseRepository, 'findById'>;
  openCase: (options: OpenCaseOptions) => Promise<OpenCaseResult>;
  now?: () => Date;
  /** How long a confirmation holds the application, and how long the others wait for its case. */
  leaseMs?: number;
  waitMs?: number;
}

export const intakeKeyOf = (applicationId: number) => `web-application:${applicationId}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function confirmApplication(deps: ConfirmDeps, applicationId: number): Promise<ConfirmResult> {
  const { applications } = deps;
  const caseOf = async (id: number): Promise<ConfirmResult> => {
    const found = await deps.cases.findById(id);
    return found ? { kind: 'already', case: found } : { kind: 'unknown' };
  };
  const application = await applications.find(applicationId);
  if (!application) return { kind: 'unknown' };
  if (application.caseId !== null) return caseOf(application.caseId);
  if (application.expiresAt <= (deps.now?.() ?? new Date())) return { kind: 'expired' };

  if (!(await applications.claim(applicationId, deps.leaseMs ?? 30_000))) {
    // Someone else is opening it: wait for their case rather than answer "try again".
    const until = Date.now() + (deps.waitMs ?? 10_000);
    while (Date.now() < until) {
      await sleep(100);
      const now = await applications.find(applicationId);
      if (now?.caseId != null) return caseOf(now.caseId);
    }
    return { kind: 'busy' };
  }

  try {
    const intakeKey = intakeKeyOf(applicationId);
    const earlier = await applications.caseOpenedFor(intakeKey);
    const result = earlier === undefined ? await deps.openCase({ procedureId: application.procedure, requesterId: WEB_APPLICANT_ID, form: application.form, intakeKey }) : undefined;
    if (result?.kind === 'invalid') {
      await applications.release(applicationId);
      return { kind: 'invalid', errors: result.errors };
    }
    const caseId = result?.kind === 'opened' ? result.case.id : earlier!;
    await applications.confirmed(applicationId, caseId);
    if (result?.kind === 'opened') return { kind: 'opened', case: result.case };
    return caseOf(caseId);
  } catch (error) {
    await applications.release(applicationId).catch(() => {});
    throw error;
  }
}
