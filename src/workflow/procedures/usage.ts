// Flow 1, 利用申請: 「カード代替電磁的記録の利用に係る申請手順書」. Codes, titles, lanes and document names
// follow shared/spec/flows.md and the seed exactly.
import { ACCESS_FIELDS, forward, intake, issued, mailTo, recordAccessRequest, requestSetup, sendBack, step, withTargets } from '../declare.js';
import type { Condition, ProcedureDecl } from '../types.js';

const IN_PERSON: Condition = { field: 'usage_mode', equals: 'in_person', label: '対面の場合' };
const REMOTE: Condition = { field: 'usage_mode', equals: 'remote', label: '非対面の場合' };
const USES_KRL_PROXY: Condition = {
  field: 'krl_proxy',
  equals: 'yes',
  label: 'Remote Reader LibraryのKRL代理取得機能を利用する場合のみ',
};

const OWN_VERIFIER: Condition = { field: 'own_verifier', equals: 'yes', label: '確認用プログラムを独自に開発する場合' };

export const usageProcedure: ProcedureDecl = {
  id: 'usage',
  family: 'usage',
  command: 'usage',
  title: '利用申請',
  manual: 'カード代替電磁的記録の利用に係る申請手順書',
  intakeForm: 'usage_intake',
  cardFields: ['category', 'corporate_number', 'department', 'contact_name', 'phone', 'email', 'usage_mode', 'krl_proxy', 'own_verifier'],
  // Target durations of the steps the agency, the operator and the test lab act at. These are the desk's
  // own service levels, not the seed's. Applicant steps have none, since the applicant is outside Slack.
  steps: withTargets([
    intake(),
    step('(1)-b', '申請書類の送付', 'agency', 'デジタル庁が申請書類を送付する', [
      forward('send_documents', '申請書類を送付', {
        mails: [
          mailTo('applicant', '申請書類の送付について', 'カード代替電磁的記録の利用申請をいただき、ありがとうございます。下記の申請書類をお送りいたします。内容をご確認のうえ、【申請書】情報開示申請書および【申請書】事前準備契約申込書をご提出くださいますようお願い申し上げます。', [
            'カード代替電磁的記録の利用に係る申請手順書',
            '【申請書】情報開示申請書',
            '【申請書】事前準備契約申込書',
            '【事業者等向け】秘密遵守事項',
          ]),
        ],
      }),
    ]),
    step('(2)-a', '情報開示申請', 'applicant', '申請事業者が申請書を提出する', [forward('record_submission', '申請書の受領を記録')], {
      receives: ['【申請書】情報開示申請書', '【申請書】事前準備契約申込書'],
    }),
    step('(2)-b', '受付・審査', 'agency', 'デジタル庁が受け付けて審査する', [forward('accept', '審査を完了'), sendBack('(2)-a')], { review: true }),
    step('(2)-c', '承認', 'agency', 'デジタル庁が承認する（または理由を付けて差し戻す）', [
      forward('approve', '承認する', {
        mails: [mailTo('applicant', '情報開示申請の承認について', '情報開示申請を承認いたしましたので、お知らせいたします。資材の配布につきましては、追ってご連絡いたします。')],
      }),
      sendBack('(2)-a'),
    ], { review: true }),
    step('(2)-d', '資材配布', 'agency', 'デジタル庁が資材を配布する', [
      forward('distribute', '資材を配布', {
        mails: [
          mailTo('applicant', '資材の配布について', '下記の資材をお送りいたします。内容をご確認のうえ、Apple Developerサイトにて ID 等の発行申請をお願いいたします。', [
            'カード代替電磁的記録 利用規約（事業者向け）',
            '【申請書】検証環境アクセス申請書',
            'カード代替電磁的記録 Profile仕様書',
            'UIUXガイドライン',
            'カード代替電磁的記録確認用プログラム 利用規約',
            'テスト用マイナポータルアプリ インストール手順書',
            { name: 'Android用 Verifier API Library の Readme', when: IN_PERSON },
            { name: 'Verifier API Library 外部インターフェィス仕様書(Android用)', when: IN_PERSON },
            { name: 'Android用 Verifier API Library 開発者向け実装ガイド', when: IN_PERSON },
            { name: 'Android用 Verifier API Library （確認用プログラム）', when: IN_PERSON },
            { name: 'Linux用 Remote Reader Libraryの Readme', when: REMOTE },
            { name: 'Remote Reader Library外部インターフェィス仕様書（Linux用）', when: REMOTE },
            { name: 'Linux用 Remote Reader Library 開発者向け実装ガイド', when: REMOTE },
            { name: 'Linux用 Remote Reader Library (確認用プログラム)', when: REMOTE },
          ]),
        ],
      }),
    ]),
    step('(2)-e', 'ID等発行申請', 'applicant', '申請事業者が Apple Developer サイトへ申請する', [forward('record_id_application', '申請済みを記録')]),
    step('(3)-a', '仕様確認・システム開発', 'applicant', '申請事業者が仕様を確認しシステムを開発する', [forward('record_development', '開発完了を記録')]),
    step('(3)-b', '検証環境アクセス申請', 'applicant', '申請事業者が検証環境アクセス申請書を提出する', [
      recordAccessRequest(),
    ], { receives: ['【申請書】検証環境アクセス申請書'] }),
    step('(3)-c', '受付・環境設定依頼', 'agency', 'デジタル庁が受け付け、運用・保守事業者に環境設定を依頼する', [
      requestSetup(),
      sendBack('(3)-b'),
    ], { shows: ACCESS_FIELDS }),
    step('(3)-d', '環境設定登録', 'operator', '運用・保守事業者が IP穴あけ・App Store Connect 招待を行う', [
      forward('complete_setup', '環境設定を完了', {
        mails: [
          mailTo('applicant', '検証環境の環境設定完了のお知らせ', '検証環境の環境設定（IP穴あけ、App Store Connect への招待）が完了いたしました。TestFlight からテスト用マイナポータルアプリを取得し、検証環境でのテストを実施してください。サービス開始の準備が整いましたら、【申請書】サービス開始申請書をご提出ください。', [
            '【申請書】サービス開始申請書',
            'TestFlight登録連絡',
          ]),
        ],
      }),
    ], { shows: ACCESS_FIELDS }),
    step('(3)-e', 'テスト用マイナポータルアプリの取得（iOSアプリ)', 'applicant', '申請事業者がテスト用アプリを取得する', [forward('record_app_installed', '取得済みを記録')]),
    step('(3)-f', '検証環境テスト実施', 'applicant', '申請事業者が検証環境でテストする', [forward('record_tests_done', 'テスト完了を記録')]),
    step('(4)-a', 'サービス開始申請', 'applicant', '申請事業者がサービス開始申請書を提出する', [forward('record_start_application', '申請書の受領を記録')], {
      receives: ['【申請書】サービス開始申請書'],
    }),
    step('(4)-b', '受付・審査', 'agency', 'デジタル庁が受け付けて審査する', [forward('accept', '審査を完了'), sendBack('(4)-a')], { review: true }),
    step('(4)-c', '承認', 'agency', 'デジタル庁が承認する（または差し戻す）。独自の確認用プログラムは内閣総理大臣認定の取得後', [
      forward('approve', '承認する', {
        guard: 'linked_certification_obtained',
        mails: [mailTo('operator', 'サービス開始申請の承認について', '下記の事業者のサービス開始申請を承認いたしました。', ['【申請書】サービス開始申請書'])],
      }),
      sendBack('(4)-a'),
    ], { review: true }),
    step('(4)-d', '環境設定登録', 'operator', '運用・保守事業者が本番環境を設定する（KRL代理取得機能を利用する場合のみ）', [
      forward('complete_production_setup', '本番環境設定を完了'),
    ], { onlyIf: USES_KRL_PROXY }),
    step('(4)-e', '結果通知の送付', 'agency', 'デジタル庁が結果通知を送付する', [
      forward('send_result', '結果通知を送付', {
        mails: [mailTo('applicant', 'サービス開始申請の結果通知', 'サービス開始申請につきまして、下記のとおり結果をお送りいたします。', [issued('サービス開始承諾書')])],
      }),
    ]),
    step('(4)-f', '結果通知の受領', 'applicant', '申請事業者が結果通知を受領する', [forward('record_receipt', '受領を記録')]),
    step('(5)', 'サービス開始', [], 'サービス開始', [], { final: true }),
  ], { '(1)-b': 3, '(2)-b': 5, '(2)-c': 5, '(2)-d': 3, '(3)-c': 3, '(3)-d': 5, '(4)-b': 5, '(4)-c': 5, '(4)-d': 5, '(4)-e': 3 }),
  caseActions: [
    {
      id: 'link_certification',
      label: '認定案件を紐付け',
      to: { kind: 'stay' },
      form: 'link',
      lanes: ['applicant'],
      when: OWN_VERIFIER,
    },
  ],
};
