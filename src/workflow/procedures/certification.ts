// Flows 2 and 3, 確認用PG認定（対面用／非対面用）: 「カード代替電磁的記録 確認用PG認定手順書」. The steps are
// the same for both; the documents name the variant. Codes, titles, lanes and document names follow
// shared/spec/flows.md and the seed exactly.
import { ACCESS_FIELDS, forward, intake, issued, mailTo, recordAccessRequest, requestSetup, sendBack, step, withTargets } from '../declare.js';
import type { Condition, ProcedureDecl } from '../types.js';

const ENV_TEST: Condition = { field: 'env_test', equals: 'yes', label: '本番環境への初回登録時及び大規模アップデート時のみ' };
const PROPOSED: Condition = { field: 'test_at', present: true, label: '日程の提案がある場合' };
const NOT_PROPOSED: Condition = { field: 'test_at', present: false, label: '日程の提案がない場合' };

/** The certificate issued at (4)-d, which anyone can check at /verify/<its number>. */
export const CERTIFICATE_DOCUMENT = '確認用PG認定書';
/** The case fields that hold the certificate: its number and date ((4)-d's form), and when it was revoked. */
export const CERTIFICATE_FIELDS = { number: 'certificate_number', certifiedOn: 'certified_on', revokedAt: 'certificate_revoked_at' } as const;

const CERTIFICATE = [CERTIFICATE_FIELDS.number, CERTIFICATE_FIELDS.certifiedOn, CERTIFICATE_FIELDS.revokedAt];
const CERTIFIED: Condition = { field: CERTIFICATE_FIELDS.number, present: true, label: '認定書を送付した場合' };
const NOT_REVOKED: Condition = { field: CERTIFICATE_FIELDS.revokedAt, present: false, label: '認定を取り消していない場合' };

/** The test lab's result, pass or fail: a document of its own, issued to this case. */
const TEST_RESULT = [issued('テスト結果')];

type Variant = { id: string; command: string; label: '対面用' | '非対面用' };

function certificationProcedure({ id, command, label }: Variant): ProcedureDecl {
  return {
    id,
    family: 'certification',
    command,
    title: `確認用PG認定（${label}）`,
    manual: `カード代替電磁的記録 確認用PG認定手順書（${label}）`,
    intakeForm: 'certification_intake',
    cardFields: ['category', 'corporate_number', 'department', 'contact_name', 'phone', 'email', 'env_test', 'renewal_of'],
    // Target durations in business days: the desk's own service levels (see usage.ts).
    steps: withTargets([
      intake(),
      step('(1)-b', '申請書類の送付', 'agency', 'デジタル庁が申請書類を送付する', [
        forward('send_documents', '申請書類を送付', {
          mails: [
            mailTo('applicant', '申請書類の送付について', '確認用プログラムの認定申請をいただき、ありがとうございます。下記の申請書類をお送りいたします。内容をご確認のうえ、【申請書】確認用PG認定情報開示申請書および【申請書】事前準備契約申込書をご提出くださいますようお願い申し上げます。', [
              `カード代替電磁的記録に係る確認用プログラム認定手順書（${label}）`,
              '【申請書】確認用PG認定情報開示申請書',
              '【申請書】事前準備契約申込書',
              '【事業者等向け】秘密遵守事項',
            ]),
          ],
        }),
      ]),
      step('(1)-c', '情報開示申請', 'applicant', '認定申請事業者が申請書を提出する', [forward('record_submission', '申請書の受領を記録')], {
        receives: ['【申請書】確認用PG認定情報開示申請書', '【申請書】事前準備契約申込書'],
      }),
      step('(1)-d', '受付・審査', 'agency', 'デジタル庁が受け付けて審査する', [forward('accept', '審査を完了'), sendBack('(1)-c')], { review: true }),
      step('(1)-e', '承認', 'agency', 'デジタル庁が承認する（または差し戻す）', [forward('approve', '承認する'), sendBack('(1)-c')], { review: true }),
      step('(1)-f', '資材配布', 'agency', 'デジタル庁が資材を配布する', [
        forward('distribute', '資材を配布', {
          mails: [
            mailTo('applicant', '資材の配布について', '情報開示申請を承認いたしました。下記の資材をお送りいたしますので、内容をご確認ください。', [
              'カード代替電磁的記録 利用規約',
              'カード代替電磁的記録 profile仕様書',
              '【申請書】認定試験申請書',
              '【申請書】検証環境アクセス申請書',
              'テスト用マイナポータルアプリ インストール手順書',
              '認定試験の準備について【P】',
            ]),
          ],
        }),
      ]),
      step('(1)-g', '資料受領', 'applicant', '認定申請事業者が資料を受領する', [forward('record_receipt', '受領を記録')]),
      step('(2)-a', 'システム開発・検証環境アクセス申請', 'applicant', '確認用プログラムを開発し、検証環境アクセス申請書を提出する', [
        recordAccessRequest(),
      ], { onlyIf: ENV_TEST, receives: ['【申請書】検証環境アクセス申請書'] }),
      step('(2)-b', '受付・環境設定依頼', 'agency', 'デジタル庁が受け付け、運用・保守事業者に環境設定を依頼する', [
        requestSetup(),
        sendBack('(2)-a'),
      ], { onlyIf: ENV_TEST, shows: ACCESS_FIELDS }),
      step('(2)-c', '環境設定登録', 'operator', '運用・保守事業者が IP穴あけ・App Store Connect 招待を行う', [
        forward('complete_setup', '環境設定を完了', {
          mails: [mailTo('applicant', '検証環境の環境設定完了のお知らせ', '検証環境の環境設定（IP穴あけ、App Store Connect への招待）が完了いたしました。TestFlight からテスト用マイナポータルアプリを取得し、検証環境でのテストを実施してください。')],
        }),
      ], { onlyIf: ENV_TEST, shows: ACCESS_FIELDS }),
      step('(2)-d', 'テスト用マイナポータルアプリの取得（iOSアプリ)', 'applicant', 'テスト用アプリを取得する', [forward('record_app_installed', '取得済みを記録')], { onlyIf: ENV_TEST }),
      step('(2)-e', '検証環境テスト実施', 'applicant', '検証環境でテストする', [forward('record_tests_done', 'テスト完了を記録')], { onlyIf: ENV_TEST }),
      step('(3)-a', '認定試験に必要な各種準備', 'applicant', '認定試験の準備をする', [forward('record_preparation', '準備完了を記録')]),
      step('(3)-b', '認定試験の申請', 'applicant', '認定試験申請書を提出する', [forward('record_test_application', '申請書の受領を記録')], {
        receives: ['【申請書】認定試験申請書'],
      }),
      step('(3)-c', '動作実績確認', 'agency', 'デジタル庁が動作実績を確認する', [forward('confirm_record', '確認を完了'), sendBack('(3)-b')]),
      step('(3)-d', '認定試験の日程調整', ['applicant', 'agency', 'test_lab'], '申請事業者・デジタル庁・指定事業者で試験日程を調整する', [
        forward('propose_schedule', '日程を提案', { to: { kind: 'stay' }, form: 'schedule', lanes: ['agency', 'test_lab'], when: NOT_PROPOSED }),
        forward('confirm_schedule', '日程を確定', {
          lanes: ['test_lab'],
          when: PROPOSED,
          mails: [mailTo('applicant', '認定試験の日程確定のお知らせ', '認定試験の日程が下記のとおり確定いたしましたので、お知らせいたします。', [], { fields: ['test_at', 'test_place'] })],
          reminder: { field: 'test_at', hoursBefore: 24, text: '明日は認定試験です' },
        }),
        { id: 'propose_schedule', label: '別の日程を提案', to: { kind: 'stay' }, form: 'schedule', lanes: ['agency', 'test_lab'], when: PROPOSED },
      ], { shows: ['test_at', 'test_place'] }),
      step('(3)-e', '認定試験', ['applicant', 'agency', 'test_lab'], '認定試験を実施する', [
        forward('record_test_held', '試験を実施済み', { lanes: ['test_lab'] }),
        { id: 'reschedule', label: '日程を変更', to: { kind: 'step', code: '(3)-d' }, form: 'schedule', lanes: ['agency', 'test_lab'] },
      ], { shows: ['test_at', 'test_place'] }),
      step('(3)-f', 'テスト結果の送付', 'test_lab', '指定事業者がテスト結果（合格、または不合格と指摘事項）を送付する', [
        {
          id: 'record_result',
          label: 'テスト結果を記録',
          style: 'primary',
          form: 'test_result',
          to: {
            kind: 'branch',
            field: 'result',
            branches: {
              pass: {
                to: { kind: 'next' },
                mails: [mailTo('applicant', '認定試験の結果について（合格）', '認定試験の結果、合格となりましたのでお知らせいたします。引き続き、【申請書】確認用PG認定申請書および【申請書】認定試験申請書による認定申請をお願いいたします。', TEST_RESULT)],
              },
              fail: {
                to: { kind: 'step', code: '(3)-a' },
                clears: ['test_at', 'test_place'],
                mails: [mailTo('applicant', '認定試験の結果について（不合格）', '認定試験の結果、不合格となりました。下記の指摘事項をご確認のうえ、認定試験に必要な準備から改めてご対応くださいますようお願い申し上げます。', TEST_RESULT, { comment: '指摘事項' })],
              },
            },
          },
        },
      ]),
      step('(4)-a', '認定申請', 'applicant', '認定申請書を提出する', [forward('record_certification_application', '申請書の受領を記録')], {
        receives: ['【申請書】確認用PG認定申請書', '【申請書】認定試験申請書'],
      }),
      step('(4)-b', '認定申請の受付・審査', 'agency', 'デジタル庁が受け付けて審査する', [forward('accept', '審査を完了'), sendBack('(4)-a')], { review: true }),
      step('(4)-c', '認定の承認', 'agency', 'デジタル庁が認定を承認する', [forward('approve', '承認する'), sendBack('(4)-a')], { review: true }),
      step('(4)-d', '認定書の送付', 'agency', 'デジタル庁が認定書を送付する', [
        forward('send_certificate', '認定書を送付', {
          form: 'certificate',
          mails: [mailTo('applicant', '確認用PG認定書の送付について', '内閣総理大臣による確認用プログラムの認定が行われましたので、下記のとおり認定書をお送りいたします。', [issued(CERTIFICATE_DOCUMENT)], { fields: [CERTIFICATE_FIELDS.number, CERTIFICATE_FIELDS.certifiedOn], verification: true })],
        }),
      ]),
      step('(4)-e', '認定書の受領', 'applicant', '認定申請事業者が認定書を受領する', [forward('record_certificate_receipt', '受領を記録')], { shows: CERTIFICATE }),
      step('(5)', '認定取得', [], '認定取得（内閣総理大臣認定）', [], { final: true, shows: CERTIFICATE }),
    ], { '(1)-b': 3, '(1)-d': 5, '(1)-e': 5, '(1)-f': 3, '(2)-b': 3, '(2)-c': 5, '(3)-c': 5, '(3)-f': 5, '(4)-b': 5, '(4)-c': 5, '(4)-d': 3 }),
    caseActions: [
      // In the card's menu from (4)-d on, also after (5): the certificate stops being valid on /verify.
      {
        id: 'revoke_certificate',
        label: '認定を取り消す',
        to: { kind: 'stay' },
        form: 'revoke_certificate',
        lanes: ['agency'],
        menu: true,
        when: [CERTIFIED, NOT_REVOKED],
        mails: [
          mailTo('applicant', '確認用PG認定の取消しについて', '下記の確認用プログラムの認定を取り消しましたので、お知らせいたします。', [], {
            fields: CERTIFICATE,
            comment: '理由',
            verification: true,
          }),
        ],
      },
    ],
  };
}

export const certificationInPerson = certificationProcedure({ id: 'cert_in_person', command: 'cert-in-person', label: '対面用' });
export const certificationRemote = certificationProcedure({ id: 'cert_remote', command: 'cert-remote', label: '非対面用' });
