// The environment, validated once at start. Every problem is reported at once, in words that say what
// to do about it.
import path from 'node:path';
import { z } from 'zod';

const MB = 1024 * 1024;

const userList = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((id) => id.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[UWS][A-Z0-9]+$/, 'Slack user IDs look like U0123ABCD, user-group IDs like S0123ABCD')));

const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());

export const configSchema = z.object({
  SLACK_BOT_TOKEN: z.string({ error: 'is not set' }).min(1, 'is empty').describe('Bot User OAuth Token (xoxb-…)'),
  SLACK_SIGNING_SECRET: z.string().optional().describe('Signing Secret; required in HTTP mode'),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must start with xapp-').optional().describe('App-level token; turns on Socket Mode'),
  SLACK_API_URL: optionalUrl.describe('Base URL of the Slack Web API (a local stand-in in tests)'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MDOC_REVIEWER_CHANNEL: z.string({ error: 'is not set' }).regex(/^[CG][A-Z0-9]+$/, 'must be a channel ID such as C0123ABCD'),
  MDOC_REVIEWERS: userList,
  MDOC_OPERATORS: userList,
  MDOC_TEST_LABS: userList,
  DATABASE_URL: optionalUrl.describe('Postgres URL; unset runs an embedded Postgres under MDOC_DATA_DIR'),
  MDOC_DATA_DIR: z.string().default('.data'),
  SMTP_URL: optionalUrl.describe('smtp://host:port; unset writes each mail as an .eml file under MDOC_DATA_DIR'),
  MAIL_FROM: z
    .string()
    .default('mdoc事業者申請窓口 <mdoc-desk@localhost>')
    .refine((v) => !/[\r\n]/.test(v), 'must be one line'),
  MDOC_OPERATOR_EMAIL: z.preprocess((v) => (v === '' ? undefined : v), z.email().optional()),
  MDOC_DOCUMENTS_DIR: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()).describe("Folder of the agency's document files, named as the procedures name them; default <MDOC_DATA_DIR>/documents"),
  MDOC_MAIL_ATTACHMENT_LIMIT_MB: z.coerce.number().positive().max(1000).default(20).describe("One mail's attachments at most; the largest files beyond it are sent separately"),
  IMAP_URL: z
    .preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^imaps?$/, error: 'must be imaps://user:password@host:993/INBOX (imap:// only for a server on localhost)' }).optional())
    .describe('The desk mailbox, read with IDLE; unset reads .eml files dropped into <MDOC_DATA_DIR>/inbox/'),
  MDOC_IMAP_DONE_FOLDER: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(200).optional()).describe('Move taken messages to this folder instead of marking them \\Seen'),
  MDOC_IMAP_FAILED_FOLDER: z
    .preprocess((v) => (v === '' ? undefined : v), z.string().max(200).optional())
    .describe('Move messages that failed every try to this folder instead of marking them $MdocFailed'),
  MDOC_INBOUND_LIMIT_MB: z.coerce.number().positive().max(1000).default(25).describe('A larger inbound message is kept but not posted'),
  MDOC_AUTHSERV_ID: z
    .preprocess((v) => (v === '' ? undefined : v), z.string().max(255).regex(/^[^\s;()"\\]+$/, 'must be the authserv-id your mail server writes first in its Authentication-Results header, such as mx.example.go.jp').optional())
    .describe("Our mail server's authserv-id: its Authentication-Results decide whether a sender passed DMARC; unset: senders are unverified"),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MDOC_OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(20),
  MDOC_ALLOW_SELF_APPROVAL: z.enum(['true', 'false']).default('false').describe('Let a requester approve their own case (small teams)'),
  PUBLIC_BASE_URL: z
    .preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://mdoc-desk.example.jp' })
        // The pages link to /apply and /c/… from the root of their host.
        .refine((v) => /^https?:\/\/[^/?#]+\/?$/.test(v), 'must be scheme, host and port only, with no path (the pages are served from the root)')
        .optional(),
    )
    .describe('Base of every link in a mail and on the web pages; default http://localhost:<PORT>'),
  MDOC_LINK_SECRET: z
    .preprocess((v) => (v === '' ? undefined : v), z.string().refine((v) => Buffer.byteLength(v, 'utf8') >= 32, 'must be at least 32 bytes long (for example: openssl rand -base64 48)').optional())
    .describe("Signs the applicant's links; unset: a secret generated once and kept in the database"),
  MDOC_LINK_DAYS: z.coerce.number().int().min(1).max(3650).default(90).describe("Days an applicant's link stays valid"),
  MDOC_METRICS_TOKEN: z
    .preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[A-Za-z0-9._~+/-]{16,}=*$/, 'must be at least 16 characters of letters, digits and -._~+/ (for example: openssl rand -hex 32)').optional())
    .describe('Bearer token that GET /metrics requires; unset: /metrics is open'),
});

export type Env = z.infer<typeof configSchema>;

export interface Config {
  slack: { botToken: string; signingSecret?: string; appToken?: string; apiUrl?: string };
  port: number;
  reviewerChannel: string;
  roles: { reviewer: string[]; operator: string[]; test_lab: string[] };
  databaseUrl?: string;
  dataDir: string;
  smtpUrl?: string;
  mailFrom: string;
  operatorEmail?: string;
  logLevel: Env['LOG_LEVEL'];
  outboxMaxAttempts: number;
  /** Four eyes: the requester of a case may not approve it, unless this is set. */
  allowSelfApproval: boolean;
  /** The document library's folder, and the most one mail may carry. */
  documents: { dir: string; attachmentLimitBytes: number };
  /** Where mail comes in: the desk mailbox over IMAP, or the inbox folder. */
  inbound: {
    imapUrl?: string;
    doneFolder?: string;
    failedFolder?: string;
    inboxDir: string;
    limitBytes: number;
    /** The authserv-id whose Authentication-Results are believed; unset: no sender is verified. */
    authservId?: string;
  };
  /** The applicant's web pages (issue #11). */
  web: {
    /** Without a trailing slash; unset: http://localhost:<the bound port>. */
    publicBaseUrl?: string;
    /** Unset: generated once and kept in the database. Never logged. */
    linkSecret?: string;
    linkDays: number;
  };
  /** GET /metrics: the bearer token it requires (unset: open). Never logged. */
  metrics: { token?: string };
}

export class ConfigError extends Error {}

const SLACK_SETUP_HINT = [
  'To get Slack credentials, create the app from a manifest:',
  '  1. Open https://api.slack.com/apps → "Create New App" → "From a manifest".',
  '  2. Paste manifests/slack-app.http.yaml (HTTP, needs a public URL) or manifests/slack-app.socket.yaml (Socket Mode).',
  '  3. Install it to the workspace; copy "Bot User OAuth Token" to SLACK_BOT_TOKEN and "Signing Secret" to',
  '     SLACK_SIGNING_SECRET (Socket Mode: also create an app-level token with connections:write as SLACK_APP_TOKEN).',
  '  4. Invite the bot to the reviewer channel and set MDOC_REVIEWER_CHANNEL to its ID.',
  'Put them in the environment or in a .env file (see README.md).',
].join('\n');

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = configSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    problems.push('  - SLACK_SIGNING_SECRET: is not set (required unless SLACK_APP_TOKEN turns on Socket Mode)');
  }
  if (problems.length || !parsed.success) {
    const slackMissing = problems.some((p) => /SLACK_|MDOC_REVIEWER_CHANNEL/.test(p));
    throw new ConfigError(['mdoc desk cannot start; the environment has problems:', ...problems, ...(slackMissing ? ['', SLACK_SETUP_HINT] : [])].join('\n'));
  }
  const e = parsed.data;
  return {
    slack: { botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, appToken: e.SLACK_APP_TOKEN, apiUrl: e.SLACK_API_URL },
    port: e.PORT,
    reviewerChannel: e.MDOC_REVIEWER_CHANNEL,
    roles: { reviewer: e.MDOC_REVIEWERS, operator: e.MDOC_OPERATORS, test_lab: e.MDOC_TEST_LABS },
    databaseUrl: e.DATABASE_URL,
    dataDir: e.MDOC_DATA_DIR,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    operatorEmail: e.MDOC_OPERATOR_EMAIL,
    logLevel: e.LOG_LEVEL,
    outboxMaxAttempts: e.MDOC_OUTBOX_MAX_ATTEMPTS,
    allowSelfApproval: e.MDOC_ALLOW_SELF_APPROVAL === 'true',
    documents: { dir: e.MDOC_DOCUMENTS_DIR ?? path.join(e.MDOC_DATA_DIR, 'documents'), attachmentLimitBytes: e.MDOC_MAIL_ATTACHMENT_LIMIT_MB * MB },
    inbound: { imapUrl: e.IMAP_URL, doneFolder: e.MDOC_IMAP_DONE_FOLDER, failedFolder: e.MDOC_IMAP_FAILED_FOLDER, inboxDir: path.join(e.MDOC_DATA_DIR, 'inbox'), limitBytes: e.MDOC_INBOUND_LIMIT_MB * MB, authservId: e.MDOC_AUTHSERV_ID },
    web: { publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''), linkSecret: e.MDOC_LINK_SECRET, linkDays: e.MDOC_LINK_DAYS },
    metrics: { token: e.MDOC_METRICS_TOKEN },
  };
}
