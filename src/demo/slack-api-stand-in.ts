// A local stand-in for the Slack Web API, for the tests, the benchmark and `npm run demo`: it answers
// the methods the bot calls, records every call, refuses what Slack refuses for its content (a
// message over Slack's limits, an empty upload: slack-refusals.ts), and can be told to fail or to
// stall, so tests see exactly what Slack would have received.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { slackRefusal } from './slack-refusals.js';

export interface RecordedCall {
  method: string;
  args: Record<string, any>;
  /** What the stand-in answered. */
  result: Record<string, any>;
  at: number;
}

/** An injected failure, for calls to one channel or about one user when given. */
type Failure = ({ error: string } | { status: number; retryAfter?: number }) & { channel?: string; user?: string };

/** An injected slowness: a call that `match` accepts is answered only after `ms`. */
interface Stall {
  ms: number;
  match?: (args: Record<string, any>) => boolean;
}

interface StoredMessage {
  ts: string;
  thread_ts?: string;
  text: string;
  metadata?: unknown;
  files?: { id: string; title?: string }[];
}

const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata'];

async function readArgs(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) return raw ? JSON.parse(raw) : {};
  const args: Record<string, any> = Object.fromEntries(new URLSearchParams(raw));
  for (const field of JSON_FIELDS) if (typeof args[field] === 'string') args[field] = JSON.parse(args[field]);
  return args;
}

/** The file part of a multipart/form-data body (how WebClient posts an upload), or the body itself. */
function fileOfMultipart(body: Buffer, contentType: string): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return body;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0 && part.subarray(0, headerEnd).includes('filename=')) return part.subarray(headerEnd + 4, part.length - 2);
    start = next;
  }
  return body;
}

export class SlackApiStandIn {
  readonly calls: RecordedCall[] = [];
  private server?: Server;
  private failures = new Map<string, Failure[]>();
  private stalls = new Map<string, Stall[]>();
  private tsCounter = 1_700_000_000;
  private messages = new Map<string, StoredMessage[]>();
  private lastPost = new Map<string, number>();
  /** When set, chat.postMessage more often than this per channel gets a 429, as Slack does. */
  paceMs = 0;
  /** 429s answered because of paceMs. */
  rateLimited = 0;
  /** Calls answered with an injected failure. */
  failuresServed = 0;
  /** Calls refused because Slack would refuse them for their content (over a limit, an empty file). */
  refusedForContent = 0;
  /** Calls held back by stall() right now. */
  stalledNow = 0;
  /** Stalled calls whose caller went away before the answer (a killed process): not carried out. */
  stalledAbandoned = 0;
  url = '';

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      // files.uploadV2's second step: the file itself, posted to the URL getUploadURLExternal gave.
      const upload = /^\/upload\/(F\w+)/.exec(req.url ?? '');
      if (upload) {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        this.uploads.set(upload[1]!, fileOfMultipart(Buffer.concat(chunks), String(req.headers['content-type'] ?? '')));
        res.writeHead(200).end('OK');
        return;
      }
      // A file a person uploaded in Slack (a file_input), downloaded with the bot token as Slack requires.
      const download = /^\/download\/(F\w+)/.exec(req.url ?? '');
      if (download) {
        // A slow file host: stall('download', ms) holds the next download back, as a large file would be.
        const slow = this.stalls.get('download')?.shift();
        if (slow) await sleep(slow.ms);
        const file = this.hostedFiles.get(download[1]!);
        const authorised = req.headers.authorization === `Bearer ${this.botToken}`;
        res.writeHead(file && authorised ? 200 : 404, { 'content-type': file?.mimetype ?? 'text/plain' }).end(file && authorised ? file.content : 'not found');
        return;
      }
      // A command's answer through its response_url (Bolt's respond()): recorded like a call.
      const response = /^\/response\/([\w-]+)/.exec(req.url ?? '');
      if (response) {
        const call = { method: 'response_url', args: { ...(await readArgs(req)), response_id: response[1] }, result: { ok: true }, at: Date.now() };
        this.calls.push(call);
        this.onCall?.(call);
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      const method = (req.url ?? '').replace(/^\/api\//, '').replace(/\?.*$/, '');
      const args = await readArgs(req);
      const stalls = this.stalls.get(method) ?? [];
      const stall = stalls.findIndex((x) => !x.match || x.match(args));
      if (stall >= 0) {
        const { ms } = stalls.splice(stall, 1)[0]!;
        this.stalledNow++;
        await sleep(ms);
        this.stalledNow--;
        // Slack had not yet acted on it: a caller that is gone leaves no message behind.
        if (req.socket.destroyed) {
          this.stalledAbandoned++;
          return;
        }
      }
      const queue = this.failures.get(method) ?? [];
      const index = queue.findIndex((f) => (!f.channel || f.channel === args.channel) && (!f.user || f.user === args.user_id));
      const failure = index >= 0 ? queue.splice(index, 1)[0] : undefined;
      if (failure) this.failuresServed++;
      if (!failure && method === 'chat.postMessage' && this.paceMs > 0) {
        const last = this.lastPost.get(args.channel) ?? 0;
        if (Date.now() - last < this.paceMs) {
          this.rateLimited++;
          res.writeHead(429, { 'retry-after': '1' });
          res.end();
          return;
        }
        this.lastPost.set(args.channel, Date.now());
      }
      if (failure && 'status' in failure) {
        res.writeHead(failure.status, failure.retryAfter ? { 'retry-after': String(failure.retryAfter) } : {});
        res.end();
        return;
      }
      const refusal = failure ? undefined : slackRefusal(method, args);
      if (refusal) this.refusedForContent++;
      const body = failure
        ? { ok: false, error: failure.error }
        : refusal
          ? { ok: false, error: refusal.error, response_metadata: { messages: [`[ERROR] ${refusal.detail}`] } }
          : this.answer(method, args);
      const call = { method, args, result: body, at: Date.now() };
      this.calls.push(call);
      this.onCall?.(call);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
    return this;
  }

  private answer(method: string, args: Record<string, any>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'mdoc', team: 'desk' };
      case 'chat.postMessage': {
        const ts = `${this.tsCounter++}.000100`;
        const list = this.messages.get(args.channel) ?? [];
        list.push({ ts, thread_ts: args.thread_ts, text: args.text, metadata: args.metadata });
        this.messages.set(args.channel, list);
        return { ok: true, channel: args.channel, ts, message: { text: args.text } };
      }
      case 'conversations.history':
        return { ok: true, messages: (this.messages.get(args.channel) ?? []).filter((m) => !m.thread_ts).reverse() };
      case 'conversations.replies':
        return { ok: true, messages: (this.messages.get(args.channel) ?? []).filter((m) => m.ts === args.ts || m.thread_ts === args.ts) };
      case 'files.getUploadURLExternal': {
        const id = `F${this.tsCounter++}`;
        return { ok: true, file_id: id, upload_url: this.url.replace('/api/', `/upload/${id}`) };
      }
      case 'files.completeUploadExternal': {
        const files = (typeof args.files === 'string' ? JSON.parse(args.files) : args.files).map((f: { id: string; title?: string }) => ({ id: f.id, title: f.title }));
        // Shared into a channel or thread, the files appear there as one message with the comment as its text.
        if (args.channel_id) {
          const list = this.messages.get(args.channel_id) ?? [];
          list.push({ ts: `${this.tsCounter++}.000300`, thread_ts: args.thread_ts, text: args.initial_comment ?? '', files });
          this.messages.set(args.channel_id, list);
        }
        return { ok: true, files };
      }
      case 'files.info': {
        const file = this.hostedFiles.get(args.file);
        if (!file) return { ok: false, error: 'file_not_found' };
        return { ok: true, file: { id: args.file, name: file.name, size: file.content.length, mimetype: file.mimetype, url_private_download: this.url.replace('/api/', `/download/${args.file}`) } };
      }
      case 'bots.info':
        return { ok: true, bot: { id: args.bot, app_id: 'A1', name: 'mdoc desk' } };
      case 'usergroups.users.list':
        return this.usergroups[args.usergroup] ? { ok: true, users: this.usergroups[args.usergroup] } : { ok: false, error: 'no_such_subteam' };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.tsCounter++}.000200` };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users).replace(/^U/, '')}` } };
      case 'users.info':
        return { ok: true, user: { id: args.user, ...(args.include_locale === 'true' || args.include_locale === true ? { locale: this.locales[args.user] ?? 'ja-JP' } : {}) } };
      case 'views.publish':
      case 'views.open':
      case 'views.update':
        return { ok: true, view: { id: `V${this.tsCounter++}`, ...(args.view ?? {}) } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** Files uploaded through files.uploadV2, by file ID. */
  readonly uploads = new Map<string, Buffer>();

  /** Files people uploaded in Slack (file_input), served by files.info and the download URL. */
  readonly hostedFiles = new Map<string, { name: string; mimetype: string; content: Buffer }>();

  /** The bot token a download must carry. */
  botToken = 'xoxb-test-token-1234567890';

  /** Hosts a file as if a person had uploaded it in Slack; returns its file ID. */
  hostFile(name: string, content: Buffer, mimetype = 'application/octet-stream'): string {
    const id = `F${this.tsCounter++}`;
    this.hostedFiles.set(id, { name, mimetype, content });
    return id;
  }

  /** The files shared into a thread (by files.uploadV2), with their bytes and the comment they came with. */
  threadFiles(channel: string, threadTs: string): { comment: string; title?: string; content?: Buffer }[] {
    return (this.messages.get(channel) ?? [])
      .filter((m) => m.thread_ts === threadTs && m.files?.length)
      .flatMap((m) => m.files!.map((f) => ({ comment: m.text, title: f.title, content: this.uploads.get(f.id) })));
  }

  /** Told of every answered call (the demo prints them). */
  onCall?: (call: RecordedCall) => void;

  /** Slack locales of users, for users.info (ja-JP unless set). */
  locales: Record<string, string> = {};

  /** Members of Slack user groups, for usergroups.users.list. */
  usergroups: Record<string, string[]> = {};

  /** The next `times` calls of `method` (to `failure.channel`, if given) fail with a Slack error or an HTTP status. */
  fail(method: string, failure: Failure, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /**
   * The next `times` calls of `method` that `match` accepts (all, if not given) are carried out and
   * answered only after `ms`, as a slow Slack would; `download` stalls the download of a hosted file. A caller that goes away meanwhile (a killed
   * process) leaves no trace: the call is dropped, not recorded.
   */
  stall(method: string, ms: number, options: { times?: number; match?: (args: Record<string, any>) => boolean } = {}): void {
    const list = this.stalls.get(method) ?? [];
    for (let i = 0; i < (options.times ?? 1); i++) list.push({ ms, match: options.match });
    this.stalls.set(method, list);
  }

  /** A response_url that leads back to this stand-in, recorded as a `response_url` call with this ID. */
  responseUrl(id: string): string {
    return this.url.replace(/\/api\/$/, `/response/${id}`);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
