// `/mdoc help`, written from the declarations: the commands, then every step of every procedure.
import type { KnownBlock } from '@slack/types';
import { LANE_ACTORS } from '../../workflow/lanes.js';
import { PROCEDURES } from '../../workflow/procedures/index.js';
import type { Lane } from '../../workflow/types.js';
import type { SlackMessage } from './case-card.js';
import { lanesLabel, stepLabel } from './step-label.js';

const COMMANDS = [
  '`/mdoc new`: 手続きを選んで案件を登録する（`/mdoc new usage`、`cert-in-person`、`cert-remote` で直接）',
  '`/mdoc link MDOC-0001 MDOC-0002`: 利用申請の案件に確認用PG認定の案件を紐付ける',
  '`/mdoc status MDOC-0001`: 案件の現在のステップと履歴を見る',
  '`/mdoc list [procedure:… step:… lane:… 語]`: 進行中の案件の一覧（絞り込み可、20件ごと）',
  '`/mdoc search <事業者名または法人番号>`: 完了した案件も含めて検索',
  '`/mdoc help`: このヘルプ',
  '`/mdoc admin retry-dead`: 配信できなかった通知を再送する（レビュアーのみ）',
  '`/mdoc export [絞り込み]`: 案件と遷移の CSV を DM で受け取る（レビュアーのみ）',
];

export interface HelpInput {
  /** Lanes whose role list is empty: nobody can act there, and people should know. */
  unstaffedLanes: Lane[];
  notice?: string;
}

export function help({ unstaffedLanes, notice }: HelpInput): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (notice) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: notice } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*mdoc desk のコマンド*\n${COMMANDS.join('\n')}` } });
  if (unstaffedLanes.length) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `:warning: 次の担当は設定されていないため、誰も操作できません: ${unstaffedLanes.map((l) => LANE_ACTORS[l]).join('、')}` },
    });
  }
  for (const procedure of PROCEDURES) {
    const lines = procedure.steps.map((s) => {
      const condition = s.onlyIf ? `（${s.onlyIf.label}）` : '';
      return `• ${stepLabel(s)} — ${s.final ? '完了' : lanesLabel(s)}${condition}`;
    });
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${procedure.title}*（${procedure.manual}）\n${lines.join('\n')}` } });
  }
  return { text: 'mdoc desk のヘルプ', blocks };
}
