// Runs the real bot (Bolt's HTTP receiver, real Postgres, outbox, SMTP) against the Web API stand-in,
// and speaks to it the way Slack does: signed slash commands, button clicks and modal submissions.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBot, type Bot } from '../../src/bot.js';
import { DOCUMENT_NAMES } from '../../src/documents/catalogue.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { SlackPacerOptions } from '../../src/outbox/slack-pacer.js';
import type { WebLimits } from '../../src/web/web-deps.js';
import type { ScratchDatabase } from '../../src/db/scratch-database.js';
import { freshDatabase } from './database.js';
import { SIGNING_SECRET, buttonClickPayload, commandBody, eventBody, interactionBody, post, sign, type SlackResponse } from './signed-requests.js';
import { SlackApiStandIn } from '../../src/demo/slack-api-stand-in.js';
import { SmtpSink } from './smtp-sink.js';
import { waitFor } from './wait-for.js';

export const REVIEWER = 'UREVIEWER1';
export const REVIEWER_2 = 'UREVIEWER2';
export const OPERATOR = 'UOPERATOR1';
export const TEST_LAB = 'UTESTLAB1';
export const REQUESTER = 'UREQUESTER';
export const STRANGER = 'USTRANGER';
export const REVIEW_CHANNEL = 'C0REVIEW';
export const OPERATOR_EMAIL = 'ops@example.jp';

export interface Harness {
  bot: Bot;
  slack: SlackApiStandIn;
  smtp: SmtpSink;
  db?: ScratchDatabase;
  url: string;
  logs: string[];
  /** The bot's MDOC_DATA_DIR (its inbox/ and documents/ folders). */
  dataDir: string;
  /** Runs a slash command; the response is its answer, from the ack or, if it came later, from response_url. */
  command(text: string, userId: string): Promise<SlackResponse>;
  /** Clicks the button `actionId` on the latest version of the case card, as `userId`. */
  click(caseKey: string, actionId: string, userId: string, options?: { value?: string; channel?: string }): Promise<SlackResponse>;
  submitView(callbackId: string, values: Record<string, unknown>, userId: string, privateMetadata?: string, viewId?: string, origin?: SubmitOrigin): Promise<SlackResponse>;
  /** The person opens the bot's Home tab (an app_home_opened event). */
  openHome(userId: string): Promise<SlackResponse>;
  /** The Home view last published for this person. */
  homeOf(userId: string): { blocks: any[] } | undefined;
  /** Clicks a button in a published view (the Home tab) as `userId`. */
  clickInView(actionId: string, value: string, userId: string): Promise<SlackResponse>;
  /** Chooses the entry `option` (its value's first part, e.g. revoke_certificate) of the case card's overflow menu, as `userId`. */
  chooseFromMenu(caseKey: string, option: string, userId: string): Promise<SlackResponse>;
  /** Clicks any button of the bot's in the reviewer channel (a triage post's), as `userId`. */
  press(actionId: string, value: string, userId: string): Promise<SlackResponse>;
  /** The newest card (postMessage or update) of a case in the reviewer channel. */
  latestCard(caseKey: string): { blocks: any[]; text: string } | undefined;
  /**
   * A file a person chose in a modal's file_input: hosted on the stand-in (so the bot can fetch it), and
   * its input's state as Slack sends it, with what Slack says of the file (name, type, size).
   */
  fileInput(name: string, content: Buffer, facts?: { mimetype?: string; filetype?: string; size?: number }): { type: 'file_input'; files: Record<string, unknown>[] };
  /** Waits until the outbox has delivered everything. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Where a view_submission comes from. In a Slack Connect channel, a person of another organisation
 * submits with their own workspace as `team` and `user.team_id`; `view.app_installed_team_id` names the
 * workspace whose installation opened the modal (default: all three are T1, the desk's workspace).
 */
export interface SubmitOrigin {
  team?: string;
  userTeam?: string;
  /** null: the field is absent. */
  installedTeam?: string | null;
  appId?: string;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  db?: ScratchDatabase;
  /** Slack pacing; off unless a test is about it. */
  pacing?: SlackPacerOptions;
  /** Share a stand-in or SMTP server with another bot (two processes on one database). */
  slack?: SlackApiStandIn;
  smtp?: SmtpSink;
  /** Reach the database through another URL (a proxy that a test can cut). */
  databaseUrl?: string;
  /** How long an outbox claim holds (a delivery whose result could not be recorded in an outage is retried after it). */
  outboxLeaseMs?: number;
  /** Run on the embedded Postgres kept in this folder instead (the demo). */
  embeddedDataDir?: string;
  /** The clock deadlines count from. */
  clock?: () => Date;
  /** Let the daily digest run on its own; off, so that it posts nothing into other tests' channel. */
  schedule?: boolean;
  /** The web door's limits (its per-IP rate limit counts every test request as one client). */
  webLimits?: Partial<WebLimits>;
  /**
   * The document folder at start: a small PDF for every declared document (default), so that every mail
   * carries its files, or none, for the tests of what a mail lacks.
   */
  documents?: 'all' | 'none';
}

/**
 * A small PDF issued to one case: its bytes name the document and the case, and run through every byte
 * value, so that a byte-for-byte comparison means something and two cases never get the same file.
 */
export function issuedPdf(document: string, caseKey: string): Buffer {
  return Buffer.concat([samplePdf(`${document} ${caseKey}`), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
}

/** A small, well-formed PDF that names its document: what the test library holds. */
export function samplePdf(name: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${name}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const [slack, smtp, db] = await Promise.all([
    options.slack ?? new SlackApiStandIn().start(),
    options.smtp ?? new SmtpSink().start(),
    options.embeddedDataDir ? undefined : (options.db ?? freshDatabase()),
  ]);
  const logs: string[] = [];
  // Its own data folder: the inbox and document folders of one test never feed another's bot.
  const dataDir = options.embeddedDataDir ?? (await mkdtemp(path.join(tmpdir(), 'mdoc-harness-')));
  if ((options.documents ?? 'all') === 'all') {
    await mkdir(path.join(dataDir, 'documents'), { recursive: true });
    await Promise.all(DOCUMENT_NAMES.map((name) => writeFile(path.join(dataDir, 'documents', `${name}.pdf`), samplePdf(name))));
  }
  const logger = createLogger('debug', { write: (line: string) => void logs.push(line) });
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token-1234567890',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: '0',
    MDOC_REVIEWER_CHANNEL: REVIEW_CHANNEL,
    MDOC_REVIEWERS: `${REVIEWER},${REVIEWER_2}`,
    MDOC_OPERATORS: OPERATOR,
    MDOC_TEST_LABS: TEST_LAB,
    ...(db ? { DATABASE_URL: options.databaseUrl ?? db.url } : {}),
    MDOC_DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'mdoc事業者申請窓口 <desk@example.go.jp>',
    MDOC_OPERATOR_EMAIL: OPERATOR_EMAIL,
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const bot = await startBot(config, logger, {
    outbox: { pollMs: 25, backoff: { baseMs: 20, capMs: 100 }, ...(options.outboxLeaseMs ? { leaseMs: options.outboxLeaseMs } : {}) },
    slackRetries: 0,
    pacing: options.pacing ?? { intervals: {}, maxWaitMs: 0 },
    clock: options.clock,
    schedule: options.schedule ?? false,
    webLimits: options.webLimits,
    schedulerPollMs: 50,
    inboundPollMs: 100,
    // A message that fails is refused within about half a second, not five.
    inboundRetry: { attempts: 3, firstPauseMs: 150, growth: 2 },
  });
  const url = `http://127.0.0.1:${bot.port}/slack/events`;
  let responses = 0;

  const latestCard = (caseKey: string) => {
    const cards = slack.calls.filter(
      (c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).startsWith(caseKey),
    );
    const last = cards.at(-1);
    return last ? { blocks: last.args.blocks as any[], text: String(last.args.text) } : undefined;
  };

  return {
    bot,
    slack,
    smtp,
    db,
    url,
    logs,
    dataDir,
    async command(text, userId) {
      const id = `R${(responses++).toString(36)}`;
      const trigger = `trigger-${id}`;
      const body = commandBody(text, userId, { response_url: slack.responseUrl(id), trigger_id: trigger });
      const res = await post(url, body, sign(body));
      if (res.status !== 200 || res.body !== '') return res;
      // Acknowledged empty: the answer comes through response_url, or the command opened a modal.
      const answered = await waitFor(
        () => slack.calls.find((c) => (c.method === 'response_url' && c.args.response_id === id) || (c.method === 'views.open' && c.args.trigger_id === trigger)),
        `the answer to /mdoc ${text}`,
      );
      if (answered.method !== 'response_url') return res;
      const { response_id: _, ...answer } = answered.args;
      const answerBody = JSON.stringify(answer);
      return { status: res.status, body: answerBody, json: () => JSON.parse(answerBody) };
    },
    click(caseKey, actionId, userId, clickOptions = {}) {
      const card = latestCard(caseKey);
      const button = card?.blocks.flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === `mdoc_action:${actionId}`);
      const value = clickOptions.value ?? button?.value;
      if (value === undefined) throw new Error(`no button ${actionId} on the card of ${caseKey}`);
      const channel = clickOptions.channel ?? REVIEW_CHANNEL;
      const payload = buttonClickPayload({ userId, actionId: `mdoc_action:${actionId}`, value, channel });
      const body = interactionBody(payload);
      return post(url, body, sign(body));
    },
    openHome(userId) {
      const body = eventBody({ type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home' });
      return post(url, body, sign(body, SIGNING_SECRET, undefined, 'application/json'));
    },
    homeOf(userId) {
      return slack.callsOf('views.publish').filter((c) => c.args.user_id === userId).at(-1)?.args.view;
    },
    press(actionId, value, userId) {
      const body = interactionBody(buttonClickPayload({ userId, actionId, value, channel: REVIEW_CHANNEL }));
      return post(url, body, sign(body));
    },
    chooseFromMenu(caseKey, option, userId) {
      const menu = latestCard(caseKey)?.blocks.find((b: any) => b.accessory?.type === 'overflow')?.accessory;
      const value = menu?.options.find((o: any) => String(o.value).startsWith(`${option}:`))?.value ?? `${option}:${caseKey}`;
      const payload = { ...buttonClickPayload({ userId, actionId: 'mdoc_case_menu', value }), actions: [{ type: 'overflow', action_id: 'mdoc_case_menu', block_id: 'b', selected_option: { value, text: { type: 'plain_text', text: option } }, action_ts: '1' }] };
      const body = interactionBody(payload);
      return post(url, body, sign(body));
    },
    clickInView(actionId, value, userId) {
      const body = interactionBody(buttonClickPayload({ userId, actionId, value, inView: true }));
      return post(url, body, sign(body));
    },
    submitView(callbackId, values, userId, privateMetadata = '', viewId = `V${Math.random().toString(36).slice(2)}`, origin = {}) {
      const state: Record<string, Record<string, unknown>> = {};
      for (const [name, value] of Object.entries(values)) {
        if (Array.isArray(value)) state[name] = { [name]: { type: 'checkboxes', selected_options: value.map((v) => ({ value: v })) } };
        else if (typeof value === 'object' && value !== null) state[name] = { [name]: value };
        else state[name] = { [name]: { type: 'plain_text_input', value } };
      }
      const team = origin.team ?? 'T1';
      const appId = origin.appId ?? 'A1';
      const installed = origin.installedTeam === null ? {} : { app_installed_team_id: origin.installedTeam ?? 'T1' };
      const payload = {
        type: 'view_submission',
        team: { id: team, domain: 'desk' },
        user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: origin.userTeam ?? team },
        api_app_id: appId,
        token: 'legacy-token',
        trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
        is_enterprise_install: false,
        enterprise: null,
        response_urls: [],
        view: {
          id: viewId,
          team_id: team,
          type: 'modal',
          callback_id: callbackId,
          private_metadata: privateMetadata,
          hash: 'h',
          title: { type: 'plain_text', text: 't' },
          blocks: [],
          state: { values: state },
          app_id: appId,
          ...installed,
          bot_id: 'BBOT',
        },
      };
      const body = interactionBody(payload);
      return post(url, body, sign(body));
    },
    latestCard,
    fileInput(name, content, facts = {}) {
      const mimetype = facts.mimetype ?? (name.endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream');
      const id = slack.hostFile(name, content, mimetype);
      return { type: 'file_input', files: [{ id, name, title: name, mimetype, filetype: facts.filetype ?? (name.split('.').pop() ?? 'binary'), size: facts.size ?? content.length }] };
    },
    async settle() {
      // Scheduled notifications (a reminder days ahead) are not due; retries are due within 100 ms here.
      const due = () => bot.db.prisma.notification.count({ where: { deliveredAt: null, deadAt: null, nextAttemptAt: { lte: new Date(Date.now() + 60_000) } } });
      await waitFor(async () => (await due()) === 0, 'the outbox to drain', 15_000);
    },
    async stop() {
      await bot.stop();
      await Promise.all([options.slack ? undefined : slack.stop(), options.smtp ? undefined : smtp.stop()]);
      if (db && !options.db) await db.drop();
    },
  };
}

/** Select / radio values as Slack sends them in view state. */
export const choice = (value: string) => ({ type: 'static_select', selected_option: { value } });
