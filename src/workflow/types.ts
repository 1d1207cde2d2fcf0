// The vocabulary in which the procedures are declared. Everything that shows a step (cards, mails,
// help, docs) and everything that moves a case (transition) reads these declarations.

/** The seed's swim lanes: who acts at a step. */
export type Lane = 'applicant' | 'agency' | 'operator' | 'test_lab';

/** A test on the values entered for a case, e.g. `usage_mode = remote`. */
export interface Condition {
  field: string;
  equals: string;
  /** How the condition reads in Japanese (help, docs, diagrams). */
  label: string;
}

export interface DocumentRef {
  /** Exactly as the seed writes it. */
  name: string;
  when?: Condition;
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
  /** Quote the comment of the transition (a reason for sending back, test findings). */
  includeComment?: boolean;
}

/** Where an action leaves the case: the next applicable step, or a named one. */
export type ActionTarget = { kind: 'next' } | { kind: 'step'; code: string };

export interface ActionDecl {
  id: string;
  label: string;
  /** primary: the normal path forward; danger: sends the case back. */
  style?: 'primary' | 'danger';
  to: ActionTarget;
  /** A form to fill before the action is taken. */
  form?: string;
  mails?: MailDecl[];
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
}

export interface ProcedureDecl {
  id: string;
  title: string;
  /** The seed's manual for this procedure. */
  manual: string;
  intakeForm: string;
  steps: StepDecl[];
}
