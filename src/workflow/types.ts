// The vocabulary in which the procedures are declared. Everything that shows a step (cards, mails,
// help, docs) and everything that moves a case (transition) reads these declarations.

/** The seed's swim lanes: who acts at a step. */
export type Lane = 'applicant' | 'agency' | 'operator' | 'test_lab';

/** A test on the values entered for a case: `usage_mode = remote`, or whether a field has a value. */
export type Condition =
  | { field: string; equals: string; label: string }
  | { field: string; present: boolean; label: string };

export interface DocumentRef {
  /** Exactly as the seed writes it. */
  name: string;
  when?: Condition;
  /**
   * Issued to this one case (its own 承諾書, 認定書 or test result), not taken from the document library:
   * the step's modal asks for the file, and the mail attaches exactly that file.
   */
  issued?: boolean;
}

export type MailRecipient = 'applicant' | 'operator';

export interface MailDecl {
  to: MailRecipient;
  /** Subject after the case ID, e.g. `申請書類の送付について`. */
  subject: string;
  /** The paragraph that says why the mail is sent. */
  lead: string;
  documents?: DocumentRef[];
  /** Case fields quoted in the mail (e.g. the IP ranges the operator must allow-list). */
  fields?: string[];
  /** Quote the transition's comment under this heading (理由 for a send-back, 指摘事項 for findings). */
  comment?: string;
  /** Name the public page where anyone checks the case's certificate: PUBLIC_BASE_URL/verify/<認定番号>. */
  verification?: boolean;
}

/** Where an action leaves the case: the next applicable step, a named one, or the same step. */
export type SimpleTarget = { kind: 'next' } | { kind: 'step'; code: string } | { kind: 'stay' };

/** An outcome chosen by a value of the action's form (a test result: pass or fail). */
export interface Branch {
  to: SimpleTarget;
  mails?: MailDecl[];
  /** Case fields emptied on this path (an old test date when the test must be taken again). */
  clears?: string[];
}

export type ActionTarget = SimpleTarget | { kind: 'branch'; field: string; branches: Record<string, Branch> };

/** Checks that need another case: a usage case waits for its linked certification. */
export type Guard = 'linked_certification_obtained';

/** A message posted in the case thread some hours before the time held in `field`. */
export interface ReminderDecl {
  field: string;
  hoursBefore: number;
  text: string;
}

export interface ActionDecl {
  id: string;
  label: string;
  /** primary: the normal path forward; danger: sends the case back. */
  style?: 'primary' | 'danger';
  to: ActionTarget;
  /** A form to fill before the action is taken. */
  form?: string;
  mails?: MailDecl[];
  /** Who may take it, when not everyone of the step's lanes may. */
  lanes?: Lane[];
  /** Offered only while this holds (a proposal must exist before it can be confirmed); a list: all of them. */
  when?: Condition | Condition[];
  guard?: Guard;
  reminder?: ReminderDecl;
  /**
   * Offered in the case card's overflow menu, not as a button, and also once the case is closed (the
   * revocation of a certificate after (5) 認定取得). Only as one of the procedure's caseActions.
   */
  menu?: boolean;
}

export interface StepDecl {
  code: string;
  title: string;
  /** Empty only for the final step. */
  lanes: Lane[];
  /** One line of what happens here. */
  summary: string;
  /** The step is skipped when this does not hold. */
  onlyIf?: Condition;
  /** Documents the applicant sends in at this step. */
  receives?: string[];
  /** Case fields shown on the card while the case waits here. */
  shows?: string[];
  actions: ActionDecl[];
  /** Done by opening the case (`/mdoc new`); the case starts at the step after it. */
  intake?: boolean;
  final?: boolean;
  /** A review or approval step: four eyes, so the requester may not move it forward. */
  review?: boolean;
  /** Target duration in Japanese business days; past it, the case is overdue and a reminder is posted. */
  targetDays?: number;
}

export type ProcedureFamily = 'usage' | 'certification';

export interface ProcedureDecl {
  id: string;
  family: ProcedureFamily;
  /** The word after `/mdoc new`. */
  command: string;
  title: string;
  /** The seed's manual for this procedure. */
  manual: string;
  intakeForm: string;
  /** Intake fields shown on the case card (at most 9: Slack allows 10 fields, one is the requester). */
  cardFields: string[];
  steps: StepDecl[];
  /** Actions offered at every open step (linking a certification case), or in the card's menu (`menu`). */
  caseActions?: ActionDecl[];
}
