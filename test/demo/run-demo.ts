// `npm run demo`: the real bot (Bolt's HTTP receiver, the embedded Postgres, the outbox, real SMTP to a
// local server) against the Web API stand-in, with no Slack credentials. It walks one usage case and
// one certification case from `/mdoc new` to their ends, clicking each step's primary button as the
// person whose lane it is, and prints every card, thread reply and mail as it happens.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RecordedCall } from '../../src/demo/slack-api-stand-in.js';
import { procedureById } from '../../src/workflow/procedures/index.js';
import { availableActions, actionLanes, documentsToIssue, stepByCode } from '../../src/workflow/steps.js';
import type { Lane } from '../../src/workflow/types.js';
import { OPERATOR, REQUESTER, REVIEWER, REVIEW_CHANNEL, TEST_LAB, choice, issuedPdf, startHarness, type Harness } from '../helpers/bot-harness.js';
import { openCaseThroughSlack, threadReplies } from '../helpers/case-walk.js';
import { waitFor } from '../helpers/wait-for.js';

const PERSON: Record<Lane, { id: string; name: string }> = {
  agency: { id: REVIEWER, name: 'レビュアー' },
  operator: { id: OPERATOR, name: '運用・保守事業者' },
  test_lab: { id: TEST_LAB, name: '指定事業者' },
  applicant: { id: REQUESTER, name: '依頼者' },
};
const inAWeek = Math.floor(Date.now() / 1000) + 7 * 86_400;
const FORMS: Record<string, Record<string, unknown>> = {
  access_request: { ip_ranges: '203.0.113.10\n198.51.100.0/24', apple_account_email: 'dev@example.co.jp' },
  schedule: { test_at: { type: 'datetimepicker', selected_date_time: inAWeek }, test_place: 'デジタル庁 会議室A' },
  test_result: { result: choice('pass') },
  certificate: { certificate_number: 'PG-DEMO-0001', certified_on: { type: 'datepicker', selected_date: new Date().toISOString().slice(0, 10) } },
};
const INTAKE = {
  category: choice('private'),
  corporate_number: '4011001098993',
  department: 'デジタル推進部',
  contact_name: '田中 太郎',
  phone: '03-1234-5678',
  email: 'tanaka@example.co.jp',
};

const dim = (s: string) => `\x1b[2m${s}\x1b[0m`;
const bold = (s: string) => `\x1b[1m${s}\x1b[0m`;
const firstLine = (s: unknown) => String(s ?? '').split('\n')[0]!.replace(/\*/g, '');

function printCall(call: RecordedCall): void {
  const a = call.args;
  if (call.method === 'chat.postMessage' && a.channel === REVIEW_CHANNEL && !a.thread_ts) console.log(`  🗂  カード投稿 #review: ${firstLine(a.text)}`);
  else if (call.method === 'chat.postMessage' && a.thread_ts && a.channel === REVIEW_CHANNEL) console.log(`  ↳  スレッド返信: ${firstLine(a.text)}`);
  else if (call.method === 'chat.postMessage' && a.thread_ts) console.log(dim(`  ↳  依頼者DMスレッド: ${firstLine(a.text)}`));
  else if (call.method === 'chat.postMessage') console.log(dim(`  ✉  依頼者へDM: ${firstLine(a.text)}`));
  else if (call.method === 'chat.update' && a.channel === REVIEW_CHANNEL) console.log(dim(`  ✎  カード更新: ${firstLine(a.text)}`));
  else if (call.method === 'views.open') console.log(dim(`  ▭  モーダル: ${a.view?.title?.text}`));
  else if (call.method === 'chat.postEphemeral') console.log(`  ⚠  ${a.user} にだけ表示: ${firstLine(a.text)}`);
}

async function walkToEnd(h: Harness, key: string, procedureId: string): Promise<void> {
  const procedure = procedureById(procedureId);
  for (let n = 1; ; n++) {
    const current = (await h.bot.db.prisma.case.findUniqueOrThrow({ where: { key } }))!;
    const step = stepByCode(procedure, current.step);
    if (step.final) break;
    const action = availableActions(procedure, step, current.fields as Record<string, unknown>).find((a) => a.style === 'primary')!;
    const who = PERSON[actionLanes(step, action)[0]!];
    console.log(bold(`[${String(n).padStart(2)}] ${key} ${step.code} ${step.title} — ${who.name}が「${action.label}」`));
    const replies = threadReplies(h, key).length;
    const modals = h.slack.callsOf('views.open').length;
    const mails = h.smtp.mails.length;
    await h.click(key, action.id, who.id);
    // The documents this step issues to the case (its 承諾書, 認定書, test result) are chosen in the form.
    const issued = documentsToIssue(action, current.fields as Record<string, unknown>);
    if (action.form || issued.length) {
      const modal = await waitFor(() => h.slack.callsOf('views.open')[modals], 'the step form');
      const files = Object.fromEntries(issued.map((document) => [document, h.fileInput(`${document}.pdf`, issuedPdf(document, key))]));
      await h.submitView('mdoc_action_form', { ...(action.form ? FORMS[action.form] : {}), ...files }, who.id, modal.args.view.private_metadata);
    }
    await waitFor(() => threadReplies(h, key).length > replies, 'the thread reply');
    await h.settle();
    for (const mail of h.smtp.mails.slice(mails)) {
      console.log(`  📧 ${mail.to.join(', ')}: ${mail.subject}`);
      for (const doc of mail.text.split('\n').filter((l) => l.startsWith('・'))) console.log(dim(`       ${doc}`));
    }
  }
  console.log(bold(`✔ ${key}: ${stepByCode(procedure, procedure.steps.at(-1)!.code).code} ${procedure.steps.at(-1)!.title}\n`));
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'mdoc-demo-'));
console.log(dim(`embedded Postgres in ${dataDir}; Slack is the local Web API stand-in; mail goes to a local SMTP server\n`));
const h = await startHarness({ embeddedDataDir: dataDir, pacing: { intervals: {}, maxWaitMs: 0 } });
h.slack.onCall = printCall;
try {
  console.log(bold('▶ /mdoc new usage（利用申請・非対面・KRL代理取得あり）'));
  const usage = await openCaseThroughSlack(h, 'new usage', REQUESTER, { ...INTAKE, org_name: '株式会社デモ', usage_mode: choice('remote'), krl_proxy: choice('yes') });
  await walkToEnd(h, usage, 'usage');

  console.log(bold('▶ /mdoc new cert-in-person（確認用PG認定・対面用、検証環境テストなし）'));
  const cert = await openCaseThroughSlack(h, 'new cert-in-person', REQUESTER, { ...INTAKE, org_name: '株式会社デモ認定', env_test: choice('no') });
  await walkToEnd(h, cert, 'cert_in_person');

  const status = (await h.command(`status ${usage}`, REVIEWER)).json();
  console.log(bold(`/mdoc status ${usage}`), dim(`→ ${status.text}`));

  console.log(bold('\n▶ レビュアーの Home タブ（新しい案件が1件、対応待ち）'));
  const waiting = await openCaseThroughSlack(h, 'new usage', REQUESTER, { ...INTAKE, org_name: '株式会社デモ待ち', usage_mode: choice('in_person'), krl_proxy: choice('no') });
  await h.openHome(REVIEWER);
  const home = await waitFor(() => (JSON.stringify(h.homeOf(REVIEWER)?.blocks ?? []).includes(waiting) ? h.homeOf(REVIEWER) : undefined), 'the Home tab');
  for (const block of home.blocks) {
    const text = block.text?.text ?? block.elements?.map((e: any) => e.text).join(' ');
    if (text) console.log(dim(`  ${String(text).replace(/\n/g, ' ｜ ')}${block.accessory ? `  [${block.accessory.text.text}]` : ''}`));
  }
} finally {
  await h.stop();
  await rm(dataDir, { recursive: true, force: true });
}
