// What the Slack listeners may call: use cases and read queries, never Prisma directly.
import type { CaseRepository } from '../cases/case-repository.js';
import type { Locale } from '../i18n/locale.js';
import type { RoleDirectory } from '../cases/role-directory.js';
import type { ApplyActionOptions, ApplyActionResult } from '../cases/apply-action.js';
import type { OpenCaseOptions, OpenCaseResult } from '../cases/open-case.js';

export interface SlackServices {
  openCase(options: OpenCaseOptions): Promise<OpenCaseResult>;
  applyAction(options: ApplyActionOptions): Promise<ApplyActionResult>;
  cases: Pick<CaseRepository, 'findByKey' | 'history' | 'list' | 'exportPages' | 'transitionAt'>;
  roles: RoleDirectory;
  /** Gives every dead notification a fresh set of attempts; returns how many. */
  retryDead(): Promise<number>;
  /** The clock deadlines are judged by (tests fix it). */
  now(): Date;
  /** The language to show this person. */
  localeFor(userId: string): Promise<Locale>;
  /** The person opened the bot's Home tab: remember it, and publish their Home. */
  homeOpened(userId: string): Promise<void>;
}
