// Inbound mail from an IMAP mailbox (the desk's address at its mail provider). Mail stays on the
// server: a message is marked (a keyword, or a move to a done folder) only after it was recorded, and
// never deleted, so nothing is lost when the bot or the database fails halfway and an operator can
// always see what came in. A message that fails every try is marked apart ($MdocFailed, or a move to
// the failed folder) while the messages after it go on (message-retries.ts). New mail is noticed
// through IDLE, with a slow poll as a safety net, and the source reconnects by itself when the server
// goes away.
import { ImapFlow } from 'imapflow';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { createMessageRetries, type Handled, type RetryPolicy } from './message-retries.js';
import { createRounds } from './rounds.js';
import type { MailSource, Refuse, Take } from './mail-source.js';

/** Says "the bot has this one" on the server, where every client of the mailbox (and a person) can see it. */
const TAKEN_KEYWORD = '$MdocTaken';
/** Says "the bot failed on this one every time, and recorded it as refused": a person should look at it. */
const FAILED_KEYWORD = '$MdocFailed';
const MAX_RECONNECT_MS = 30_000;

export interface ImapSourceOptions {
  /** `imaps://user:password@host:993/INBOX`, or `imap://` for a plain connection to a local server. */
  url: string;
  /** Taken messages move here (created if missing) instead of being flagged in place. */
  doneFolder?: string;
  /** Messages that failed every try move here (created if missing) instead of being flagged $MdocFailed. */
  failedFolder?: string;
  take: Take;
  /** Records a message that failed every try (message-retries.ts). */
  refuse: Refuse;
  retry?: RetryPolicy;
  logger: Logger;
  /** Safety-net poll, also the only way new mail is noticed on a server without IDLE. */
  pollMs?: number;
  /** First wait before reconnecting; it doubles up to 30 s while the server stays away. */
  reconnectMs?: number;
}

const ImapSettings = z.object({
  secure: z.boolean(),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  user: z.string().min(1),
  password: z.string().min(1),
  mailbox: z.string().min(1),
});
type ImapSettings = z.infer<typeof ImapSettings>;

/** Errors say what is wrong with the URL without repeating it: it holds the password. */
function parseImapUrl(url: string): ImapSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('the IMAP URL is not a URL (expected imaps://user:password@host:993/INBOX)');
  }
  if (parsed.protocol !== 'imap:' && parsed.protocol !== 'imaps:') throw new Error('the IMAP URL must start with imap:// or imaps://');
  const secure = parsed.protocol === 'imaps:';
  let decoded: { user: string; password: string; mailbox: string };
  try {
    decoded = {
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      mailbox: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'INBOX',
    };
  } catch {
    throw new Error('the IMAP URL has a malformed %-escape');
  }
  const result = ImapSettings.safeParse({
    secure,
    // URL keeps the brackets of an IPv6 address; the socket wants the bare address.
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    ...decoded,
  });
  if (!result.success) throw new Error(`the IMAP URL lacks a valid ${result.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return result.data;
}

function describe(error: unknown): { err: string; code?: unknown; serverSaid?: unknown } {
  if (!(error instanceof Error)) return { err: String(error) };
  // Picked fields only: imapflow's errors also carry the command sent, which can be the LOGIN line.
  const { code, serverResponseCode, responseText } = error as { code?: unknown; serverResponseCode?: unknown; responseText?: unknown };
  return { err: error.message, code: code ?? serverResponseCode, serverSaid: responseText };
}

export function createImapSource(options: ImapSourceOptions): MailSource {
  const settings = parseImapUrl(options.url);
  const { mailbox } = settings;
  const { doneFolder, failedFolder } = options;
  const pollMs = options.pollMs ?? 30_000;
  const firstReconnectMs = options.reconnectMs ?? 1_000;
  const log = options.logger.child({ component: 'imap-source', server: `${settings.host}:${settings.port}`, user: settings.user, mailbox });

  /** The session rounds run on; null while there is none. */
  let client: ImapFlow | null = null;
  /** A session being opened, so that stop() can abandon it. */
  let connectingClient: ImapFlow | null = null;
  let opening: Promise<ImapFlow> | null = null;
  let running = false;
  let stopping = false;
  let reconnectMs = firstReconnectMs;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  const retries = createMessageRetries({ take: options.take, refuse: options.refuse, logger: options.logger, policy: options.retry });
  /** Rounds run one after another, never side by side on one session. */
  const rounds = createRounds(handOverWaiting, {
    onError: (error) => log.warn(describe(error), 'IMAP round stopped; what is left waits for the next round'),
    nextDueInMs: retries.nextDueInMs,
  });

  async function openSession(): Promise<ImapFlow> {
    const session = new ImapFlow({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      // imaps:// is TLS from the first byte; imap:// is for a server on this machine and stays plain.
      doSTARTTLS: false,
      auth: { user: settings.user, pass: settings.password },
      // imapflow's own log lines can carry protocol traffic; this module logs what matters itself.
      logger: false,
      // IDLE again soon after each round, so new mail shows within seconds (imapflow waits 15 s).
      autoIdleDelay: 500,
    });
    session.on('error', (error) => log.warn(describe(error), 'IMAP connection failed'));
    session.on('close', () => lost(session));
    // While idling the server reports new mail at once; a round is already due if it came mid-round.
    session.on('exists', () => {
      if (running && session === client) rounds.queue();
    });
    connectingClient = session;
    log.debug('opening the IMAP mailbox');
    try {
      await session.connect();
      await session.mailboxOpen(mailbox);
      for (const folder of [doneFolder, failedFolder]) if (folder) await session.mailboxCreate(folder);
    } catch (error) {
      session.close();
      throw error;
    } finally {
      connectingClient = null;
    }
    log.info({ idle: session.capabilities.has('IDLE') }, 'IMAP mailbox open');
    return session;
  }

  function connected(): Promise<ImapFlow> {
    if (client?.usable) return Promise.resolve(client);
    opening ??= openSession()
      .then((opened) => {
        client = opened;
        reconnectMs = firstReconnectMs;
        return opened;
      })
      .finally(() => {
        opening = null;
      });
    return opening;
  }

  function lost(session: ImapFlow): void {
    // A failed attempt, or a session this source ended itself.
    if (session !== client) return;
    client = null;
    log.warn({ reason: session.byeReason }, 'IMAP connection closed');
    reconnectLater();
  }

  function reconnectLater(): void {
    if (!running || reconnectTimer) return;
    const delay = reconnectMs;
    reconnectMs = Math.min(reconnectMs * 2, MAX_RECONNECT_MS);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connectAndRead();
    }, delay);
  }

  function connectAndRead(): void {
    connected().then(
      () => {
        if (running) rounds.queue();
      },
      (error: unknown) => {
        if (!running) return;
        log.error({ ...describe(error), retryInMs: reconnectMs }, 'cannot open the IMAP mailbox; will retry');
        reconnectLater();
      },
    );
  }

  async function handOverWaiting(): Promise<number> {
    const current = await connected();
    const lock = await current.getMailboxLock(mailbox);
    try {
      const box = current.mailbox;
      if (!box) throw new Error('the mailbox is not open');
      // Without custom keywords (no \* in PERMANENTFLAGS) only \Seen sticks, so unseen is the best guess.
      const keywords = !box.permanentFlags || box.permanentFlags.has('\\*');
      const uids = await current.search(keywords ? { unKeyword: TAKEN_KEYWORD, not: { keyword: FAILED_KEYWORD } } : { seen: false }, { uid: true });
      if (!uids) throw new Error('the server refused to search the mailbox');
      let handed = 0;
      for (const uid of [...uids].sort((a, b) => a - b)) {
        if (stopping) break;
        const sourceKey = `imap:${mailbox}:${box.uidValidity}:${uid}`;
        if (retries.waiting(sourceKey)) continue;
        const message = await current.fetchOne(String(uid), { uid: true, size: true, source: true }, { uid: true });
        // Gone meanwhile: another process on this mailbox took it and moved it away.
        if (!message || !message.source) continue;
        const origin = `${mailbox} UID ${uid}`;
        let handled: Handled;
        try {
          handled = await retries.handle({ sourceKey, raw: message.source, size: message.size ?? message.source.length, origin });
        } catch (error) {
          log.error({ ...describe(error), origin }, 'could not take a message (an outage); it stays in the mailbox');
          throw error;
        }
        if (handled.kind === 'later') continue;
        handed++;
        if (handled.kind === 'refused') log.info({ origin, reason: handled.reason }, 'message refused');
        if (handled.kind === 'failed') await markFailed(current, uid, keywords);
        else await markTaken(current, uid);
      }
      return handed;
    } finally {
      lock.release();
    }
  }

  /** Moves the message to `folder` if there is one (with MOVE), else copies it there (if any) and adds `flags` in place. */
  async function mark(current: ImapFlow, uid: number, folder: string | undefined, flags: string[]): Promise<void> {
    const range = String(uid);
    if (folder && current.capabilities.has('MOVE')) {
      if (!(await current.messageMove(range, folder, { uid: true }))) throw new Error(`could not move UID ${uid} to ${folder}`);
      return;
    }
    // Without MOVE imapflow would copy and then expunge; a copy plus flags keeps the never-delete promise.
    if (folder && !(await current.messageCopy(range, folder, { uid: true }))) throw new Error(`could not copy UID ${uid} to ${folder}`);
    if (!(await current.messageFlagsAdd(range, flags, { uid: true }))) throw new Error(`could not flag UID ${uid}`);
  }

  const markTaken = (current: ImapFlow, uid: number) => mark(current, uid, doneFolder, ['\\Seen', TAKEN_KEYWORD]);
  // Without custom keywords only system flags stick: \Seen keeps it out of the next search, \Flagged asks a person to look.
  const markFailed = (current: ImapFlow, uid: number, keywords: boolean) => mark(current, uid, failedFolder, keywords ? [FAILED_KEYWORD] : ['\\Seen', '\\Flagged']);

  return {
    pollOnce: rounds.pollOnce,
    start() {
      if (running) return;
      running = true;
      pollTimer = setInterval(() => {
        // Without a session the reconnect timer is in charge.
        if (client) rounds.queue();
      }, pollMs);
      connectAndRead();
    },
    async stop() {
      running = false;
      stopping = true;
      rounds.stop();
      clearInterval(pollTimer);
      clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      connectingClient?.close();
      await opening?.catch(() => undefined);
      await rounds.settled();
      const current = client;
      client = null;
      if (current) await current.logout().catch(() => current.close());
      stopping = false;
    },
  };
}
