// What the Slack listeners may call: use cases and read queries, never Prisma directly.
import type { CaseRepository } from '../cases/case-repository.js';
import type { Locale } from '../i18n/locale.js';
import type { RoleDirectory } from '../cases/role-directory.js';
import type { ApplyActionOptions, ApplyActionResult } from '../cases/apply-action.js';
import type { OpenCaseOptions, OpenCaseResult } from '../cases/open-case.js';
import type { DocumentVersion } from '../documents/document-library.js';
import type { FolderScan } from '../documents/folder-loader.js';
import type { LoadResult } from '../documents/load-document.js';
import type { LinkInboundResult } from '../inbound/link-inbound.js';
import type { FormValues } from '../forms/types.js';
import type { AddContactResult } from '../cases/add-contact.js';
import type { ClearBounceResult } from '../cases/clear-bounce.js';

export interface SlackServices {
  openCase(options: OpenCaseOptions): Promise<OpenCaseResult>;
  applyAction(options: ApplyActionOptions): Promise<ApplyActionResult>;
  cases: Pick<CaseRepository, 'findByKey' | 'record' | 'list' | 'exportPages' | 'transitionAt'>;
  roles: RoleDirectory;
  /** Gives every dead notification a fresh set of attempts; returns how many. */
  retryDead(): Promise<number>;
  /** The clock deadlines are judged by (tests fix it). */
  now(): Date;
  /** The language to show this person. */
  localeFor(userId: string): Promise<Locale>;
  /** The person opened the bot's Home tab: remember it, and publish their Home. */
  homeOpened(userId: string): Promise<void>;
  /** Revokes the applicant's personal links of a case (the web door); false when there is no such case. */
  revokeApplicantLink?(caseKey: string, by: string): Promise<boolean>;
  documents: {
    /** Every document's current file, and the folder's files that fill no slot. */
    list(): Promise<{ current: Map<string, DocumentVersion>; unmatched: string[] }>;
    /** Reads MDOC_DOCUMENTS_DIR again. */
    reload(): Promise<FolderScan>;
    load(file: { document: string; fileName: string; content: Buffer; loadedBy: string }): Promise<LoadResult>;
  };
  /** The documents issued to a case (its own 承諾書, 認定書, test result). */
  issued: {
    /** The largest file a modal takes: the mail's attachment limit, within Slack's own for a file_input. */
    limitBytes: number;
  };
  inbound: {
    link(options: { inboundId: number; caseKey: string; userId: string }): Promise<LinkInboundResult>;
    /** The intake values a mail gives beforehand, and whether it is a preparation application. */
    intakeFrom(inboundId: number): Promise<{ values: FormValues; preparation: boolean } | undefined>;
    /** 「差出人を連絡先に追加」: the clicker's roles are looked up and judged by the use case. */
    addContact(options: { inboundId: number; userId: string }): Promise<AddContactResult>;
    /** Clears the card's 「メール不達」 for the address a bounce named (reviewers only). */
    clearBounce(options: { inboundId: number; userId: string }): Promise<ClearBounceResult>;
  };
}
