// Block Kit and mail renderers are pure functions of a case: tested as data.
import { describe, expect, it } from 'vitest';
import type { TransitionRow } from '../../src/cases/case.js';
import { aCase } from '../helpers/case-record.js';
import { renderMail } from '../../src/mail/render-mail.js';
import { caseCard } from '../../src/slack/views/case-card.js';
import { caseStatus } from '../../src/slack/views/case-status.js';
import { formModal } from '../../src/slack/views/form-modal.js';
import { HELP_ADMIN_BLOCK, help } from '../../src/slack/views/help.js';
import { refusalText } from '../../src/slack/refusal-text.js';
import { inboundDmLine } from '../../src/slack/views/inbound-posts.js';
import { WEB_APPLICANT_ID } from '../../src/workflow/authorize.js';
import { stepChange } from '../../src/slack/views/step-change.js';
import { FORMS } from '../../src/forms/declarations.js';
import { usageProcedure as usage } from '../../src/workflow/procedures/usage.js';
import type { LaneHolders } from '../../src/workflow/lanes.js';
import type { IssuedFile } from '../../src/cases/issued-files.js';
import { actionModal } from '../../src/slack/views/action-modal.js';
import { PROCEDURES } from '../../src/workflow/procedures/index.js';
import { documentsToIssue } from '../../src/workflow/steps.js';

const at = new Date('2026-11-27T03:00:00Z');

const aTransition = (over: Partial<TransitionRow> = {}): TransitionRow => ({
  version: 4,
  fromStep: '(2)-a',
  toStep: '(2)-b',
  action: 'record_submission',
  actorId: 'UREQ',
  comment: null,
  data: {},
  createdAt: at,
  ...over,
});

/** Who holds each lane, as configured: people, and the reviewers' user group. */
const HOLDERS: LaneHolders = { agency: ['UREV1', 'S0REVIEWERS'], operator: ['UOP1'], test_lab: ['ULAB1'] };

/** The card's section that says where the case waits and who acts. */
const whereText = (blocks: any[]): string => blocks.find((b) => b.type === 'section' && /^\*(現在のステップ|Current step)\*/.test(b.text?.text ?? '')).text.text;

const buttons = (blocks: any[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);

describe('the case card', () => {
  it('shows the case ID, applicant, current step and lane, with the buttons of the step', () => {
    const card = caseCard({ procedure: usage, holders: HOLDERS, case: aCase() });
    const text = JSON.stringify(card.blocks);
    expect(card.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'MDOC-0007 利用申請' } });
    expect(text).toContain('株式会社テスト');
    expect(text).toContain('(2)-b 受付・審査');
    expect(whereText(card.blocks)).toBe('*現在のステップ*\n(2)-b 受付・審査\n*担当*: デジタル庁（<@UREV1>、<!subteam^S0REVIEWERS>）');
    expect(buttons(card.blocks)).toEqual([
      { type: 'button', action_id: 'mdoc_action:accept', text: { type: 'plain_text', text: '審査を完了' }, value: JSON.stringify({ case: 'MDOC-0007', step: '(2)-b', version: 4 }), style: 'primary' },
      { type: 'button', action_id: 'mdoc_action:send_back', text: { type: 'plain_text', text: '差し戻す' }, value: JSON.stringify({ case: 'MDOC-0007', step: '(2)-b', version: 4 }), style: 'danger' },
    ]);
  });

  it('has no buttons once the case reaches (5) サービス開始', () => {
    const card = caseCard({ procedure: usage, holders: HOLDERS, case: aCase({ step: '(5)', closed: true }) });
    expect(buttons(card.blocks)).toEqual([]);
    expect(JSON.stringify(card.blocks)).toContain('(5) サービス開始');
  });

  it('shows the (3)-b access data to the operator at (3)-d', () => {
    const card = caseCard({ procedure: usage, holders: HOLDERS, case: aCase({ step: '(3)-d' }, { ip_ranges: ['203.0.113.10', '198.51.100.0/24'], apple_account_email: 'dev@example.jp' }) });
    const text = JSON.stringify(card.blocks);
    expect(text).toContain('203.0.113.10\\n198.51.100.0/24');
    expect(text).toContain('dev@example.jp');
  });

  it('escapes what applicants typed, so a name can never ping anyone', () => {
    const card = caseCard({ procedure: usage, holders: HOLDERS, case: aCase({}, { org_name: '<!channel> & <@U123>' }) });
    const text = JSON.stringify(card);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;');
  });

  it('stays within Slack limits', () => {
    const card = caseCard({ procedure: usage, holders: HOLDERS, case: aCase({}, { org_name: 'あ'.repeat(100) }) });
    expect(card.blocks.length).toBeLessThanOrEqual(50);
    for (const b of card.blocks as any[]) if (b.fields) expect(b.fields.length).toBeLessThanOrEqual(10);
    expect((card.blocks[0] as any).text.text.length).toBeLessThanOrEqual(150);
  });
});

describe('who acts, as the card says it', () => {
  it('names the operator at (3)-d once, with the person, and no setting', () => {
    const card = caseCard({ procedure: usage, holders: HOLDERS, case: aCase({ step: '(3)-d' }) });
    expect(whereText(card.blocks)).toBe('*現在のステップ*\n(3)-d 環境設定登録\n*担当*: 運用・保守事業者（<@UOP1>）');
  });

  it('names a user group as Slack shows it, and says so when nobody is set up', () => {
    const group = caseCard({ procedure: usage, holders: { ...HOLDERS, operator: ['S0OPS'] }, case: aCase({ step: '(3)-d' }) });
    expect(whereText(group.blocks)).toBe('*現在のステップ*\n(3)-d 環境設定登録\n*担当*: 運用・保守事業者（<!subteam^S0OPS>）');
    const nobody = caseCard({ procedure: usage, holders: { ...HOLDERS, operator: [] }, case: aCase({ step: '(3)-d' }) });
    expect(whereText(nobody.blocks)).toBe('*現在のステップ*\n(3)-d 環境設定登録\n*担当*: 運用・保守事業者（担当者が設定されていません）');
  });

  it('names the requester at an applicant step, or the web when the applicant applied there', () => {
    const slack = caseCard({ procedure: usage, holders: HOLDERS, case: aCase({ step: '(2)-a' }) });
    expect(whereText(slack.blocks)).toBe('*現在のステップ*\n(2)-a 情報開示申請\n*担当*: 申請事業者（依頼者 <@UREQ> またはレビュアーが記録）');
    const web = caseCard({ procedure: usage, holders: HOLDERS, case: aCase({ step: '(2)-a', requesterId: WEB_APPLICANT_ID }), last: aTransition({ actorId: WEB_APPLICANT_ID }) });
    expect(whereText(web.blocks)).toBe('*現在のステップ*\n(2)-a 情報開示申請\n*担当*: 申請事業者（Webで報告、またはレビュアーが記録）');
    expect(JSON.stringify(web.blocks)).toContain('最終更新: 2026/11/27 12:00 申請事業者（Web）・版 4');
  });

  it('says the same in English on the requester\'s DM copy', () => {
    const card = caseCard({ procedure: usage, holders: HOLDERS, case: aCase({ step: '(3)-d' }), locale: 'en', intro: 'x' });
    expect(whereText(card.blocks)).toBe('*Current step*\n(3)-d Environment setup\n*In charge*: Operations contractor (<@UOP1>)');
    const web = caseCard({ procedure: usage, holders: HOLDERS, case: aCase({ step: '(2)-a', requesterId: WEB_APPLICANT_ID }), last: aTransition({ actorId: WEB_APPLICANT_ID }), locale: 'en', intro: 'x' });
    expect(whereText(web.blocks)).toBe('*Current step*\n(2)-a Information disclosure application\n*In charge*: Applicant (reported on the web, or recorded by a reviewer)');
    expect(JSON.stringify(web.blocks)).toContain('Last update: 2026/11/27 12:00 the applicant (web) · version 4');
  });

  it('tells someone who may not act who may, by name', () => {
    const refused = (step: string, locale: 'ja' | 'en') => {
      const c = aCase({ step });
      const stepDecl = usage.steps.find((x) => x.code === step)!;
      return refusalText({ kind: 'refused', case: c, refusal: { reason: 'forbidden', step: stepDecl, lanes: stepDecl.lanes } } as any, c.key, locale, HOLDERS);
    };
    expect(refused('(3)-d', 'ja')).toBe('(3)-d 環境設定登録 を操作できるのは 運用・保守事業者（<@UOP1>）です。何も変更していません。');
    expect(refused('(1)-b', 'ja')).toBe('(1)-b 申請書類の送付 を操作できるのは デジタル庁（<@UREV1>、<!subteam^S0REVIEWERS>）です。何も変更していません。');
    expect(refused('(3)-d', 'en')).toBe('Only these can act at (3)-d Environment setup: Operations contractor (<@UOP1>). Nothing was changed.');
  });

  it('keeps the setting names for the admin section of the help', () => {
    const blocks = help({ unstaffedLanes: ['test_lab'] }).blocks as any[];
    const admin = blocks.find((b) => b.block_id === HELP_ADMIN_BLOCK).text.text;
    expect(admin).toBe([
      '*管理者向け: 担当者の設定*',
      '担当者は次の環境変数に、Slack のユーザーID（U…、W…）またはユーザーグループID（S…）をカンマ区切りで設定します。ゲストや Slack コネクトで参加する他の組織の人も同じです。',
      '• デジタル庁（レビュアー）: `MDOC_REVIEWERS`',
      '• 運用・保守事業者: `MDOC_OPERATORS`',
      '• デジタル庁指定事業者: `MDOC_TEST_LABS`（未設定: 誰も操作できません）',
    ].join('\n'));
    const elsewhere = JSON.stringify(blocks.filter((b) => b.block_id !== HELP_ADMIN_BLOCK));
    expect(elsewhere).toContain(':warning: 次の担当には担当者が設定されていないため、誰も操作できません: デジタル庁指定事業者');
    expect(elsewhere).not.toContain('MDOC_');
  });
});

describe('the line in the requester\'s DM when mail comes in', () => {
  const row = { id: 3, caseId: 7, outcome: 'matched', matchedBy: 'subject', postChannel: null, postTs: null, receivedAt: at,
    detail: { from: null, subject: '申請書の提出', date: null, text: '', truncated: false, attachments: [{ fileName: 'a.pdf', size: 1 }], origin: 'INBOX UID 1' } } as const;
  it('is in the requester\'s language', () => {
    expect(inboundDmLine(row as never, 'MDOC-0007', 'UREQ').text).toBe(':incoming_envelope: MDOC-0007 に申請事業者からメールが届きました: 「申請書の提出」（添付 1 件）。内容はレビュー用チャンネルの案件スレッドにあります。 <@UREQ>');
    expect(inboundDmLine(row as never, 'MDOC-0007', 'UREQ', 'en').text).toBe(':incoming_envelope: The applicant sent a mail about MDOC-0007: "申請書の提出" (1 attachment). It is in the case\'s thread in the reviewer channel. <@UREQ>');
  });
});

describe('the thread reply', () => {
  it('names the new step first, by code and title', () => {
    const reply = stepChange({ procedure: usage, caseKey: 'MDOC-0007', transition: aTransition() });
    expect(reply.text.startsWith('(2)-b 受付・審査')).toBe(true);
  });

  it('says a send-back and quotes the reason, escaped', () => {
    const reply = stepChange({ procedure: usage, caseKey: 'MDOC-0007', transition: aTransition({ fromStep: '(2)-c', toStep: '(2)-a', action: 'send_back', actorId: 'UREV', comment: '印影が<不鮮明>です' }) });
    expect(reply.text.startsWith('(2)-a 情報開示申請 に差し戻されました')).toBe(true);
    expect(JSON.stringify(reply.blocks)).toContain('印影が&lt;不鮮明&gt;です');
  });

  it('mentions the requester in their DM thread so that they are notified', () => {
    const reply = stepChange({ procedure: usage, caseKey: 'MDOC-0007', transition: aTransition(), notify: 'UREQ' });
    expect(JSON.stringify(reply.blocks)).toContain('<@UREQ>');
  });
});

describe('mails', () => {
  const materials = usage.steps.find((s) => s.code === '(2)-d')!.actions[0]!.mails![0]!;
  const render = (usageMode: string) =>
    renderMail({ procedure: usage, case: aCase({ step: '(2)-e' }, { usage_mode: usageMode }), mail: materials, transition: aTransition({ fromStep: '(2)-d', toStep: '(2)-e', action: 'distribute' }), from: '窓口 <desk@example.go.jp>' });

  it('lists the Android documents for 対面 and not the Linux ones', () => {
    const mail = render('in_person');
    expect(mail.subject).toBe('【MDOC-0007】資材の配布について（カード代替電磁的記録 利用申請）');
    expect(mail.text).toContain('・Android用 Verifier API Library の Readme');
    expect(mail.text).toContain('・カード代替電磁的記録 Profile仕様書');
    expect(mail.text).not.toContain('Linux');
    expect(mail.text).toContain('株式会社テスト\n開発部 田中 太郎 様');
    expect(mail.text).toContain('窓口');
  });

  it('lists the Linux documents for 非対面 and not the Android ones', () => {
    const mail = render('remote');
    expect(mail.text).toContain('・Linux用 Remote Reader Library (確認用プログラム)');
    expect(mail.text).not.toContain('Android');
  });
});

describe('modals, status and help', () => {
  it('builds the intake modal with callback mdoc_new and each field name as block_id and action_id', () => {
    const modal = formModal({ form: FORMS.usage_intake!, callbackId: 'mdoc_new', privateMetadata: '{}', locale: 'ja' });
    expect(modal.callback_id).toBe('mdoc_new');
    const inputs = modal.blocks.filter((b: any) => b.type === 'input') as any[];
    expect(inputs.map((b) => [b.block_id, b.element.action_id])).toEqual(
      ['category', 'org_name', 'corporate_number', 'department', 'contact_name', 'phone', 'email', 'usage_mode', 'krl_proxy', 'preparation', 'own_verifier'].map((n) => [n, n]),
    );
    expect(inputs.find((b) => b.block_id === 'category').element.options.map((o: any) => o.value)).toEqual(['government', 'private']);
    expect(inputs.find((b) => b.block_id === 'preparation').element.options.map((o: any) => o.value)).toEqual(['yes']);
  });

  it('says in the modal that the KRL question is for 非対面, and leaves its required check to the validator', () => {
    for (const [locale, text] of [['ja', 'Remote Reader Library の KRL代理取得機能を利用する（非対面の場合）'], ['en', 'Uses the KRL proxy retrieval of the Remote Reader Library (remote only)']] as const) {
      const inputs = formModal({ form: FORMS.usage_intake!, callbackId: 'mdoc_new', privateMetadata: '{}', locale }).blocks as any[];
      const krl = inputs.find((b) => b.block_id === 'krl_proxy');
      expect(krl.label.text).toBe(text);
      expect(krl.optional).toBe(true);
      expect(inputs.find((b) => b.block_id === 'usage_mode').optional).toBe(false);
    }
  });

  it('keeps every modal title and button within Slack\'s 24 characters, in both languages', () => {
    for (const form of Object.values(FORMS)) {
      for (const locale of ['ja', 'en'] as const) {
        const modal = formModal({ form, callbackId: 'x', privateMetadata: '', locale });
        for (const text of [modal.title.text, modal.submit!.text, modal.close!.text]) expect(text.length, `${form.id} ${locale}: ${text}`).toBeLessThanOrEqual(24);
      }
    }
  });

  it('shows the same fields with English labels to an English reader; values and IDs stay', () => {
    const modal = formModal({ form: FORMS.usage_intake!, callbackId: 'mdoc_new', privateMetadata: '{}', locale: 'en' });
    const inputs = modal.blocks.filter((b: any) => b.type === 'input') as any[];
    expect(modal.title.text).toBe('New usage application');
    expect(inputs.find((b) => b.block_id === 'corporate_number').label.text).toBe('Corporate number (法人番号)');
    expect(inputs.find((b) => b.block_id === 'category').element.options.map((o: any) => [o.value, o.text.text])).toEqual([['government', 'Public body'], ['private', 'Private business']]);
    expect(modal.close!.text).toBe('Cancel');
  });

  it('lists every transition with who and when in the status', () => {
    const status = caseStatus(usage, aCase(), [aTransition({ version: 1, fromStep: '(1)-a', toStep: '(1)-b', action: 'open' }), aTransition({ version: 2, fromStep: '(1)-b', toStep: '(2)-a', action: 'send_documents', actorId: 'UREV' })]);
    const text = JSON.stringify(status.blocks);
    expect(text).toContain('<@UREV> 申請書類を送付: (1)-b → (2)-a');
    expect(text).toContain('2026/11/27 12:00');
  });

  it('lists every step of the procedure in the help, and warns of lanes nobody holds', () => {
    const text = JSON.stringify(help({ unstaffedLanes: ['test_lab'] }).blocks);
    for (const step of usage.steps) expect(text).toContain(`${step.code} ${step.title}`);
    expect(text).toContain('誰も操作できません');
  });
});

describe('documents issued to a case, and the certificate menu', () => {
  const inPerson = PROCEDURES.find((p) => p.id === 'cert_in_person')!;
  const issued: IssuedFile = { id: 31, version: 23, document: '確認用PG認定書', fileName: '認定書<final>.pdf', size: 2048, sha256: 'ab12cd34'.repeat(8), issuedBy: 'UREV', issuedAt: at };
  const certified = aCase({ procedure: 'cert_in_person', step: '(5)', closed: true, version: 24 }, { certificate_number: 'PG-2026-0001', certified_on: '2026-12-20' });

  it('builds every action modal within Slack limits: its form, then one PDF input per issued document, named after it', () => {
    for (const procedure of PROCEDURES) {
      for (const action of [...procedure.steps.flatMap((s) => s.actions), ...(procedure.caseActions ?? [])]) {
        const documents = documentsToIssue(action, {});
        if (!action.form && documents.length === 0) continue;
        for (const locale of ['ja', 'en'] as const) {
          const modal = actionModal({ caseKey: 'MDOC-0001', version: 3, step: procedure.steps[1]!, action, form: action.form, documents, limitMb: 10, locale });
          for (const text of [modal.title.text, modal.submit!.text]) expect(text.length, `${action.id} ${locale}: ${text}`).toBeLessThanOrEqual(24);
          const files = modal.blocks.filter((b: any) => b.element?.type === 'file_input') as any[];
          expect(files.map((b) => [b.block_id, b.element.action_id, b.optional])).toEqual(documents.map((d) => [d, d, undefined]));
          expect(JSON.parse(modal.private_metadata!)).toEqual({ case: 'MDOC-0001', version: 3, action: action.id });
        }
      }
    }
    const result = actionModal({ caseKey: 'MDOC-0001', version: 3, step: usage.steps[1]!, action: usage.steps.find((s) => s.code === '(4)-e')!.actions[0]!, documents: ['サービス開始承諾書'], limitMb: 20, locale: 'ja' });
    expect(result.title.text).toBe('結果通知を送付');
    expect(JSON.stringify(result.blocks)).toContain('20 MB まで');
  });

  it('names the newest issued file with its sha256 on the card, and offers the revocation in the menu until it is done', () => {
    const card = caseCard({ procedure: inPerson, case: certified, holders: HOLDERS, issued: [issued] });
    const text = JSON.stringify(card.blocks);
    // The name chosen in Slack, escaped: it can never mention anyone.
    expect(text).toContain('*発行した文書*\\n• 確認用PG認定書: 認定書&lt;final&gt;.pdf（sha256 ab12cd34…・版 23）');
    const menu = (card.blocks.find((b: any) => b.accessory?.type === 'overflow') as any).accessory;
    expect(menu.options.map((o: any) => [o.text.text, o.value])).toEqual([
      ['申請者用リンクを無効にする', 'revoke_link:MDOC-0007'],
      ['認定を取り消す', 'revoke_certificate:MDOC-0007'],
    ]);
    const revoked = caseCard({ procedure: inPerson, case: { ...certified, fields: { ...certified.fields, certificate_revoked_at: '2027-01-15T03:00:00.000Z' } }, holders: HOLDERS });
    expect((revoked.blocks.find((b: any) => b.accessory?.type === 'overflow') as any).accessory.options).toHaveLength(1);
    expect(JSON.stringify(revoked.blocks)).toContain('取消日時');
    // The requester's DM copy has no menu.
    expect(caseCard({ procedure: inPerson, case: certified, holders: HOLDERS, intro: 'x' }).blocks.some((b: any) => b.accessory?.type === 'overflow')).toBe(false);
  });

  it('lists every issued version in the status, with who and when', () => {
    const status = JSON.stringify(caseStatus(inPerson, certified, [], 'ja', [], [issued, { ...issued, version: 25, sha256: 'ef56'.repeat(16) }]).blocks);
    expect(status).toContain('*発行した文書*（2件）');
    expect(status).toContain('• 版 23 確認用PG認定書: ');
    expect(status).toContain('（sha256 ab12cd34…）<@UREV> 2026/11/27 12:00');
    expect(status).toContain('• 版 25 確認用PG認定書: ');
  });

  it('says a revocation at (5) as what was done there, not as the end of the procedure', () => {
    const reply = stepChange({ procedure: inPerson, caseKey: 'MDOC-0007', transition: aTransition({ version: 25, fromStep: '(5)', toStep: '(5)', action: 'revoke_certificate', actorId: 'UREV', comment: '虚偽の申請', data: { certificate_revoked_at: '2027-01-15T03:00:00.000Z' } }) });
    expect(reply.text).toBe('(5) 認定取得: 認定を取り消す（MDOC-0007）');
    const text = JSON.stringify(reply.blocks);
    expect(text).toContain('*取消日時*: 2027年1月15日 12:00');
    expect(text).toContain('*理由*');
    expect(text).toContain('確認用PG認定の取消しについて');
  });
});
