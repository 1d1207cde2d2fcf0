// The message catalogue: every text the bot writes around the declarations, in Japanese and English.
// What the declarations say themselves (step titles, action and field labels) is translated in
// labels-en.ts. Mails, step codes and document names are never translated.
import type { Locale } from './locale.js';
import { EN_LABELS } from './labels-en.js';

const ja = {
  common: {
    cancel: 'キャンセル',
    close: '閉じる',
    none: '—',
    done: '完了',
    listSeparator: '、',
    /** `2026/11/27` */
    date: (date: string) => date.replace(/-/g, '/'),
  },
  card: {
    requester: '依頼者',
    preparation: '（利用準備申請）',
    currentStep: '現在のステップ',
    lanes: '担当',
    completed: '手続きが完了しました。',
    due: (date: string, days: number, overdue: boolean) => `*期限*: ${date.replace(/-/g, '/')}（${days}営業日）${overdue ? ' :warning: 超過' : ''}`,
    lastUpdate: (when: string, who: string) => `最終更新: ${when} ${who}`,
    registered: (when: string) => `登録: ${when}`,
    version: (n: number) => `版 ${n}`,
    awaitingCertification: '（認定取得待ち）',
    certification: '確認用PG認定',
    notLinked: '未紐付け（「認定案件を紐付け」または `/mdoc link` で紐付けてください）',
    obtained: '（取得済み）',
    notObtained: '（未取得）',
    dmIntro: (key: string) => `あなたが登録した案件 *${key}* の進捗を、このスレッドでお知らせします。`,
  },
  status: {
    completedSuffix: '（完了）',
    lanesSuffix: (lanes: string) => `（担当: ${lanes}）`,
    history: (count: number, omitted: number) => `*履歴*（${count}件${omitted ? `、古い${omitted}件は省略` : ''}）`,
    opened: '申請を登録',
    reason: '理由',
    title: '案件の状況',
    notFound: (key: string) => `${key} という案件はありません。`,
  },
  list: {
    none: '該当する案件はありません。',
    header: (total: number, page: number, pages: number) => `（${total}件、${page}/${pages}ページ）`,
    count: (total: number) => `${total}件`,
    previous: '前のページ',
    next: '次のページ',
    searchTitle: (words: string) => `「${words}」の検索結果`,
    openTitle: '進行中の案件',
    filteredTitle: (words: string) => `進行中の案件（${words}）`,
  },
  standing: {
    overdue: '期限超過',
    due_soon: '期限間近',
    other: 'その他',
  },
  home: {
    title: 'mdoc desk',
    intro: '担当する案件、依頼した案件、最近の動きです。案件が動くと更新されます。',
    waiting: 'あなたの対応待ち',
    noRole: 'あなたはどの担当にも設定されていません。依頼した案件の申請事業者ステップだけがここに表示されます。',
    nothingWaiting: '対応待ちの案件はありません。',
    emptyGroup: 'なし',
    more: (n: number, hint: string) => `ほか ${n} 件（${hint}）`,
    groupCount: (label: string, n: number) => `*${label}*（${n}件）`,
    requested: 'あなたが依頼した案件',
    nothingRequested: 'まだ案件を登録していません。`/mdoc new` で登録できます。',
    latest: '最近の動き',
    nothingLatest: 'まだ動きはありません。',
    since: (when: string) => `${when} から`,
    due: (date: string) => `期限 ${date.replace(/-/g, '/')}`,
    openStatus: '状況を見る',
    updated: (when: string) => `更新: ${when}`,
  },
  help: {
    title: 'mdoc desk のヘルプ',
    commandsHeading: '*mdoc desk のコマンド*',
    commands: [
      '`/mdoc new`: 手続きを選んで案件を登録する（`/mdoc new usage`、`cert-in-person`、`cert-remote` で直接）',
      '`/mdoc link MDOC-0001 MDOC-0002`: 利用申請の案件に確認用PG認定の案件を紐付ける',
      '`/mdoc status MDOC-0001`: 案件の現在のステップと履歴を見る',
      '`/mdoc list [procedure:… step:… lane:… overdue 語]`: 進行中の案件の一覧（絞り込み可、20件ごと）',
      '`/mdoc search <事業者名または法人番号>`: 完了した案件も含めて検索',
      '`/mdoc help`: このヘルプ',
      '`/mdoc admin retry-dead`: 配信できなかった通知を再送する（レビュアーのみ）',
      '`/mdoc export [絞り込み]`: 案件と遷移の CSV を DM で受け取る（レビュアーのみ）',
    ],
    unstaffed: (lanes: string) => `:warning: 次の担当は設定されていないため、誰も操作できません: ${lanes}`,
  },
  digest: {
    title: (date: string) => `期限の状況（${date.replace(/-/g, '/')}）`,
    none: '期限超過・期限間近（2営業日以内）の案件はありません。',
    more: (n: number) => `ほか ${n} 件は \`/mdoc list overdue\` などで確認できます。`,
    due: (date: string) => `期限 ${date.replace(/-/g, '/')}`,
  },
};

export type Messages = typeof ja;

const en: Messages = {
  common: {
    cancel: 'Cancel',
    close: 'Close',
    none: '—',
    done: 'Completed',
    listSeparator: ', ',
    date: (date: string) => date,
  },
  card: {
    requester: 'Requested by',
    preparation: ' (preparation application)',
    currentStep: 'Current step',
    lanes: 'Lane',
    completed: 'The procedure is complete.',
    due: (date: string, days: number, overdue: boolean) => `*Due*: ${date} (${days} business days)${overdue ? ' :warning: overdue' : ''}`,
    lastUpdate: (when: string, who: string) => `Last update: ${when} ${who}`,
    registered: (when: string) => `Registered: ${when}`,
    version: (n: number) => `version ${n}`,
    awaitingCertification: ' (awaiting certification)',
    certification: 'Verifier certification',
    notLinked: 'not linked (use "認定案件を紐付け" or `/mdoc link`)',
    obtained: ' (obtained)',
    notObtained: ' (not yet obtained)',
    dmIntro: (key: string) => `This thread follows the case *${key}* you registered.`,
  },
  status: {
    completedSuffix: ' (completed)',
    lanesSuffix: (lanes: string) => ` (lane: ${lanes})`,
    history: (count: number, omitted: number) => `*History* (${count}${omitted ? `, ${omitted} oldest omitted` : ''})`,
    opened: 'Registered the application',
    reason: 'Reason',
    title: 'Case status',
    notFound: (key: string) => `There is no case ${key}.`,
  },
  list: {
    none: 'No cases match.',
    header: (total: number, page: number, pages: number) => ` (${total} cases, page ${page}/${pages})`,
    count: (total: number) => `${total} cases`,
    previous: 'Previous page',
    next: 'Next page',
    searchTitle: (words: string) => `Search results for "${words}"`,
    openTitle: 'Open cases',
    filteredTitle: (words: string) => `Open cases (${words})`,
  },
  standing: {
    overdue: 'Overdue',
    due_soon: 'Due soon',
    other: 'Other',
  },
  home: {
    title: 'mdoc desk',
    intro: 'The cases waiting on you, the cases you requested, and what happened lately. This page updates when a case moves.',
    waiting: 'Waiting on you',
    noRole: 'You hold no lane. Only the applicant steps of the cases you requested are shown here.',
    nothingWaiting: 'Nothing is waiting on you.',
    emptyGroup: 'none',
    more: (n: number, hint: string) => `${n} more (${hint})`,
    groupCount: (label: string, n: number) => `*${label}* (${n})`,
    requested: 'Cases you requested',
    nothingRequested: 'You have not registered a case yet. Use `/mdoc new`.',
    latest: 'Latest changes',
    nothingLatest: 'Nothing has happened yet.',
    since: (when: string) => `since ${when}`,
    due: (date: string) => `due ${date}`,
    openStatus: 'Open status',
    updated: (when: string) => `Updated ${when}`,
  },
  help: {
    title: 'mdoc desk help',
    commandsHeading: '*mdoc desk commands*',
    commands: [
      '`/mdoc new`: choose a procedure and register a case (or directly: `/mdoc new usage`, `cert-in-person`, `cert-remote`)',
      '`/mdoc link MDOC-0001 MDOC-0002`: link a usage case to its verifier certification case',
      '`/mdoc status MDOC-0001`: where a case is, and its history',
      '`/mdoc list [procedure:… step:… lane:… overdue text]`: open cases, filtered, 20 per page',
      '`/mdoc search <organisation or 法人番号>`: search, closed cases included',
      '`/mdoc help`: this help',
      '`/mdoc admin retry-dead`: deliver again what could not be delivered (reviewers only)',
      '`/mdoc export [filters]`: CSV files of the cases and transitions, sent to you by DM (reviewers only)',
    ],
    unstaffed: (lanes: string) => `:warning: Nobody is configured for these lanes, so nobody can act there: ${lanes}`,
  },
  digest: {
    title: (date: string) => `Deadlines on ${date}`,
    none: 'No case is overdue or due within 2 business days.',
    more: (n: number) => `${n} more: see \`/mdoc list overdue\`.`,
    due: (date: string) => `due ${date}`,
  },
};

const CATALOGUE: Record<Locale, Messages> = { ja, en };

export function messages(locale: Locale): Messages {
  return CATALOGUE[locale];
}

/**
 * A text the declarations give in Japanese (a step title, a button, a field label), in `locale`. A
 * missing English entry shows the Japanese; a unit test keeps that from happening.
 */
export function label(locale: Locale, japanese: string): string {
  return locale === 'ja' ? japanese : (EN_LABELS[japanese] ?? japanese);
}
