// What the applicant's case page offers at a step, and what it says the applicant is to do, read from
// the procedure declarations: an applicant step that receives documents gets an upload, any other
// applicant step a button that reports it done. Steps shared with others, and every other lane, wait.
import { formById } from '../forms/declarations.js';
import type { FormDecl } from '../forms/types.js';
import type { CaseFields } from '../workflow/conditions.js';
import { holds } from '../workflow/conditions.js';
import { LANE_LABELS } from '../workflow/lanes.js';
import { actionLanes, availableActions } from '../workflow/steps.js';
import type { ActionDecl, ProcedureDecl, StepDecl } from '../workflow/types.js';

export type PageAction =
  /** A confirmation: one button performs the step's forward action. */
  | { kind: 'confirm'; action: ActionDecl; button: string }
  /** Documents to submit (and the action's form, such as the access application's IP ranges). */
  | { kind: 'upload'; action: ActionDecl; documents: string[]; form?: FormDecl; button: string }
  /** Someone else acts now. */
  | { kind: 'wait' }
  | { kind: 'done' };

/** The step's way forward that the applicant itself may take, when the step is the applicant's alone. */
function applicantForward(procedure: ProcedureDecl, step: StepDecl, fields: CaseFields): ActionDecl | undefined {
  if (step.lanes.length !== 1 || step.lanes[0] !== 'applicant' || step.intake) return undefined;
  return availableActions(procedure, step, fields).find((a) => a.style === 'primary' && actionLanes(step, a).includes('applicant') && a.to.kind !== 'stay');
}

export function pageAction(procedure: ProcedureDecl, step: StepDecl, fields: CaseFields): PageAction {
  if (step.final) return { kind: 'done' };
  const action = applicantForward(procedure, step, fields);
  if (!action) return { kind: 'wait' };
  if (step.receives?.length) {
    return { kind: 'upload', action, documents: step.receives, ...(action.form ? { form: formById(action.form) } : {}), button: '書類を提出する' };
  }
  return { kind: 'confirm', action, button: `${step.title}の完了を報告する` };
}

/** The step's summary as a task: 「申請事業者が仕様を確認し…する」 → 「仕様を確認し…する」. */
export function taskOf(step: StepDecl): string {
  return step.summary.replace(/^(?:認定)?申請事業者が\s*/, '').replace(/[。.]$/, '');
}

/** What the page says, in plain Japanese, the applicant is to do now. */
export function guidance(step: StepDecl, action: PageAction): string[] {
  switch (action.kind) {
    case 'done':
      return ['お手続きはすべて完了しました。ご協力ありがとうございました。'];
    case 'confirm':
      return [`このステップでお願いすること: ${taskOf(step)}。`, `済みましたら、下の「${action.button}」ボタンを押してください。窓口に完了が伝わり、次のステップに進みます。`];
    case 'upload':
      return [
        `このステップでお願いすること: ${taskOf(step)}。`,
        '下の欄から、次の書類をアップロードしてください（PDF、Word、Excel のファイル）。',
        ...(action.form ? ['あわせて、下の項目を入力してください。'] : []),
      ];
    case 'wait': {
      const who = othersAt(step);
      // A step shared with the applicant (the test date, the test) goes on by mail, not on this page.
      if (step.lanes.includes('applicant')) return [`現在、${who}とともに「${step.title}」を進めています。このページからの操作はありません。`, 'ご案内はメールでお送りします。'];
      return [`現在、${who}で「${step.title}」を行っています。お客様のお手続きは必要ありません。`, '進みましたら、メールでお知らせします。'];
    }
  }
}

/** Who acts at a step besides the applicant. */
function othersAt(step: StepDecl): string {
  const others = step.lanes.filter((l) => l !== 'applicant').map((l) => LANE_LABELS[l]);
  return others.length ? others.join('・') : LANE_LABELS.applicant;
}

/** Where the step stands for the applicant, in a few words (the page's title): 書類の提出, デジタル庁で対応中. */
export function stepState(step: StepDecl, action: PageAction): string {
  switch (action.kind) {
    case 'done':
      return '完了';
    case 'confirm':
      return '完了の報告';
    case 'upload':
      return '書類の提出';
    case 'wait':
      return step.lanes.includes('applicant') ? `${othersAt(step)}とともに進行中` : `${othersAt(step)}で対応中`;
  }
}

/** The steps this case goes through (a step whose condition fails for it is left out). */
export function stepsOf(procedure: ProcedureDecl, fields: CaseFields): StepDecl[] {
  return procedure.steps.filter((s) => holds(s.onlyIf, fields));
}
