// Where inbound mail comes from, against a real Dovecot and a real folder: every message is handed
// over at least once, in order, and only marked (never deleted) after take() resolved, through
// IDLE, server restarts, failing takes and competing processes. A message whose take() fails is tried
// again while the messages after it go on, then refused and filed apart; an outage refuses nothing.
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFolderSource } from '../../src/inbound/folder-source.js';
import { createImapSource } from '../../src/inbound/imap-source.js';
import type { MailSource, RawMessage, Refuse, Take, TakeResult } from '../../src/inbound/mail-source.js';
import type { RetryPolicy } from '../../src/inbound/message-retries.js';
import { createLogger } from '../../src/logger.js';
import { ImapServer } from '../helpers/imap-server.js';
import { waitFor } from '../helpers/wait-for.js';

const quiet = createLogger('silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function mail(n: number | string): string {
  return `From: applicant${n}@example.jp\r\nTo: desk@example.jp\r\nSubject: test ${n}\r\nMessage-ID: <${n}@test.example.jp>\r\n\r\nbody ${n}\r\n`;
}
const subjectOf = (m: RawMessage) => /^Subject: (.*)$/m.exec(m.raw.toString())?.[1]?.trim();

/** A take that records every hand-over and accepts it, optionally after a pause; and a refuse that records refusals. */
function recorder(pauseMs = 0) {
  const handed: RawMessage[] = [];
  const refused: { message: RawMessage; reason: string }[] = [];
  const take: Take = async (m) => {
    handed.push(m);
    if (pauseMs) await sleep(pauseMs);
    return { taken: true };
  };
  const refuse: Refuse = async (message, reason) => void refused.push({ message, reason });
  return { handed, refused, take, refuse, keys: () => new Set(handed.map((m) => m.sourceKey)) };
}

/** Pauses short enough for a test: tried at once, after 100 ms, after 200 ms more, then refused. */
const FAST_RETRY: RetryPolicy = { attempts: 3, firstPauseMs: 100, growth: 2 };

/** What pg throws when the database cannot be reached: an outage, not the message's fault. */
function databaseDown(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' });
}

/**
 * A take that throws for every message whose subject names it a poison (a TypeError, as a bug on odd
 * input would), and accepts the others; every attempt is recorded with its time.
 */
function poisoned() {
  const r = recorder();
  const attempts: { subject: string; at: number }[] = [];
  const take: Take = async (m) => {
    const subject = subjectOf(m) ?? '';
    attempts.push({ subject, at: Date.now() });
    if (subject.includes('poison')) throw new TypeError("attachment.contentType.toLowerCase is not a function");
    return r.take(m);
  };
  return { ...r, take, attempts };
}

describe('IMAP source', () => {
  let server: ImapServer;
  const sources: MailSource[] = [];
  const track = (s: MailSource) => (sources.push(s), s);

  beforeEach(async () => {
    server = await new ImapServer().start();
  });
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.stop()));
    await server.stop();
  });

  /** The keys of every message in INBOX and the done folder as the source must write them. */
  async function expectedKeys(count: number): Promise<Set<string>> {
    const validity = await server.uidValidity();
    const uids = (await server.messages()).map((m) => m.uid);
    expect(uids).toHaveLength(count);
    return new Set(uids.map((uid) => `imap:INBOX:${validity}:${uid}`));
  }

  it('hands over waiting mail in order, flags it without deleting, and notices new mail through IDLE', async () => {
    for (const n of [1, 2, 3]) await server.append(mail(n));
    const r = recorder();
    const source = track(createImapSource({ url: server.url, take: r.take, refuse: r.refuse, logger: quiet, pollMs: 60_000 }));

    expect(await source.pollOnce()).toBe(3);
    expect(r.handed.map(subjectOf)).toEqual(['test 1', 'test 2', 'test 3']);
    expect(r.keys()).toEqual(await expectedKeys(3));
    expect(r.handed.every((m) => m.size === m.raw.length && /^INBOX UID \d+$/.test(m.origin))).toBe(true);
    for (const m of await server.messages()) expect(m.flags).toEqual(expect.arrayContaining(['\\Seen', '$MdocTaken']));
    expect(await source.pollOnce()).toBe(0);

    // The safety-net poll is a minute away: only IDLE can bring this one in time.
    source.start();
    await sleep(300);
    await server.append(mail(4));
    await waitFor(() => r.handed.length === 4, 'the message that came during IDLE', 8_000);
    expect(subjectOf(r.handed[3]!)).toBe('test 4');
    expect(await server.messages()).toHaveLength(4);
  });

  it('keeps every message while the database is unreachable, refuses none, and hands them over again next round', async () => {
    await server.append(mail(1));
    await server.append(mail(2));
    const r = recorder();
    let failing = true;
    const take: Take = async (m) => {
      if (failing) throw databaseDown();
      return r.take(m);
    };
    const source = track(createImapSource({ url: server.url, take, refuse: r.refuse, retry: FAST_RETRY, logger: quiet }));

    // However often it is tried during the outage, nothing is refused and nothing is marked.
    for (let round = 0; round < 4; round++) await expect(source.pollOnce()).rejects.toThrow('ECONNREFUSED');
    expect(r.refused).toEqual([]);
    for (const m of await server.messages()) expect(m.flags).toEqual([]);

    failing = false;
    expect(await source.pollOnce()).toBe(2);
    expect(r.handed.map(subjectOf)).toEqual(['test 1', 'test 2']);
    for (const m of await server.messages()) expect(m.flags).toContain('$MdocTaken');
  });

  it('takes the messages after a poison message in the same round, then refuses the poison and flags it $MdocFailed', async () => {
    await server.append(mail(1));
    await server.append(mail('poison'));
    for (const n of [3, 4, 5]) await server.append(mail(n));
    const p = poisoned();
    const source = track(createImapSource({ url: server.url, take: p.take, refuse: p.refuse, retry: FAST_RETRY, logger: quiet, pollMs: 60_000 }));

    const started = Date.now();
    source.start();
    await waitFor(() => p.refused.length === 1, 'the poison refused after its last try', 5_000);
    // One failed attempt is all the poison cost the others: they came in the round it first failed in.
    expect(p.attempts.map((a) => a.subject)).toEqual(['test 1', 'test poison', 'test 3', 'test 4', 'test 5', 'test poison', 'test poison']);
    const tries = p.attempts.filter((a) => a.subject === 'test poison').map((a) => a.at - started);
    expect(tries).toHaveLength(3);
    // A growing pause between the tries (100 ms, then 200 ms), and no round stopped on it.
    expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(100);
    expect(tries[2]! - tries[1]!).toBeGreaterThanOrEqual(200);
    expect(p.refused[0]!.reason).toBe('TypeError: attachment.contentType.toLowerCase is not a function');
    expect(subjectOf(p.refused[0]!.message)).toBe('test poison');

    await waitFor(async () => (await server.messages()).some((m) => m.flags.includes('$MdocFailed')), 'the poison flagged');
    const box = await server.messages();
    expect(box).toHaveLength(5);
    const poison = box.find((m) => m.flags.includes('$MdocFailed'))!;
    expect(poison.flags).not.toContain('$MdocTaken');
    expect(box.filter((m) => m.flags.includes('$MdocTaken'))).toHaveLength(4);
    // Flagged apart, it is not handed over again.
    const attempts = p.attempts.length;
    expect(await source.pollOnce()).toBe(0);
    expect(p.attempts).toHaveLength(attempts);
  });

  it('moves a message that failed every try to MDOC_IMAP_FAILED_FOLDER, creating it, and deletes nothing', async () => {
    await server.append(mail('poison'));
    await server.append(mail(2));
    const p = poisoned();
    const source = track(createImapSource({ url: server.url, doneFolder: 'Done', failedFolder: 'Failed', take: p.take, refuse: p.refuse, retry: FAST_RETRY, logger: quiet }));
    source.start();
    await waitFor(() => p.refused.length === 1, 'the poison refused', 5_000);
    await waitFor(async () => (await server.messages('Failed')).length === 1, 'the poison in the failed folder');
    expect(await server.messages('INBOX')).toEqual([]);
    expect(await server.messages('Done')).toHaveLength(1);
  });

  it('marks a refused message too: the refusal is recorded, the mail is done with', async () => {
    await server.append(mail(1));
    const take: Take = async (): Promise<TakeResult> => ({ taken: false, reason: 'not an application' });
    const source = track(createImapSource({ url: server.url, take, refuse: recorder().refuse, logger: quiet }));
    expect(await source.pollOnce()).toBe(1);
    expect((await server.messages())[0]!.flags).toContain('$MdocTaken');
    expect(await source.pollOnce()).toBe(0);
  });

  it('moves taken mail to the done folder, creating it, and deletes nothing', async () => {
    for (const n of [1, 2, 3]) await server.append(mail(n));
    const keys = await expectedKeys(3);
    const r = recorder();
    const source = track(createImapSource({ url: server.url, doneFolder: 'Done', take: r.take, refuse: r.refuse, logger: quiet }));

    expect(await source.pollOnce()).toBe(3);
    expect(r.keys()).toEqual(keys);
    expect(await server.messages('INBOX')).toEqual([]);
    expect(await server.messages('Done')).toHaveLength(3);
    expect(await source.pollOnce()).toBe(0);
  });

  it('hands over every message when the server restarts in the middle', async () => {
    const r = recorder(30);
    const source = track(createImapSource({ url: server.url, take: r.take, refuse: r.refuse, logger: quiet, reconnectMs: 100, pollMs: 60_000 }));
    source.start();
    for (let n = 1; n <= 5; n++) await server.append(mail(n));
    await waitFor(() => r.handed.length >= 1, 'the first hand-over');
    await server.restart();
    for (let n = 6; n <= 10; n++) await server.append(mail(n));

    const keys = await expectedKeys(10);
    await waitFor(() => r.keys().size === 10, 'all ten messages after the restart', 20_000);
    expect(r.keys()).toEqual(keys);
    await waitFor(async () => (await server.messages()).every((m) => m.flags.includes('$MdocTaken')), 'every message flagged');
    // At least once: a message may come twice only if its flagging was cut off, never more.
    const counts = new Map<string, number>();
    for (const m of r.handed) counts.set(m.sourceKey, (counts.get(m.sourceKey) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
  });

  it('two sources on one mailbox hand over every message between them', async () => {
    const a = recorder();
    const b = recorder();
    for (const r of [a, b]) track(createImapSource({ url: server.url, take: r.take, refuse: r.refuse, logger: quiet, pollMs: 60_000 })).start();
    await sleep(300);
    for (let n = 1; n <= 10; n++) await server.append(mail(n));

    const keys = await expectedKeys(10);
    const union = () => new Set([...a.keys(), ...b.keys()]);
    await waitFor(() => union().size === 10, 'all ten messages from the two sources', 15_000);
    expect(union()).toEqual(keys);
  });

  it('logs a wrong password without the password and keeps retrying', async () => {
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
    const password = 'wrong-Pa55word-9f3k';
    const url = `imap://${server.user}:${password}@127.0.0.1:${server.port}/INBOX`;
    const source = track(createImapSource({ url, ...recorder(), logger, reconnectMs: 50 }));

    source.start();
    // Dovecot answers a repeated wrong login from one address only after a penalty of seconds, so
    // the retry is seen when it starts rather than when it fails.
    const count = (text: string) => lines.filter((l) => l.includes(text)).length;
    await waitFor(() => count('cannot open the IMAP mailbox') >= 1 && count('opening the IMAP mailbox') >= 2, 'a failure and a retry', 10_000);
    await source.stop();
    expect(lines.join('\n')).not.toContain(password);
    const failure = JSON.parse(lines.find((l) => l.includes('cannot open the IMAP mailbox'))!) as Record<string, unknown>;
    expect(failure).toMatchObject({ level: 50, user: 'desk', mailbox: 'INBOX', code: 'AUTHENTICATIONFAILED' });
    // Nothing runs after stop(): no further attempts.
    const after = lines.length;
    await sleep(300);
    expect(lines.length).toBe(after);
  });

  it('refuses a malformed URL without repeating it', () => {
    const attempt = () => createImapSource({ url: 'pop3://desk:hunter2@mail.example.jp/INBOX', ...recorder(), logger: quiet });
    expect(attempt).toThrow(/imap:\/\/ or imaps:\/\//);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});

describe('folder source', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mdoc-inbox-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Drops a finished .eml file whose last change lies `agoMs` in the past. */
  async function drop(name: string, content: string, agoMs = 5_000): Promise<void> {
    await writeFile(join(dir, name), content);
    const when = new Date(Date.now() - agoMs);
    await utimes(join(dir, name), when, when);
  }

  it('hands over settled files oldest first, then files them in done/ or failed/ without overwriting', async () => {
    await drop('b.eml', mail('refuse-me'), 4_000);
    await drop('a.eml', mail('a'), 6_000);
    await drop('notes.txt', 'not mail');
    await mkdir(join(dir, 'sub'));
    await drop('sub/c.eml', mail('c'));
    // An earlier a.eml already sits in done/.
    await mkdir(join(dir, 'done'));
    await writeFile(join(dir, 'done', 'a.eml'), 'an earlier a');
    const handed: RawMessage[] = [];
    const take: Take = async (m) => {
      handed.push(m);
      return m.raw.includes('refuse-me') ? { taken: false, reason: 'no application form attached' } : { taken: true };
    };
    const source = createFolderSource({ dir, take, refuse: recorder().refuse, logger: quiet });

    expect(await source.pollOnce()).toBe(2);
    expect(handed.map((m) => m.origin)).toEqual(['a.eml', 'b.eml']);
    expect(handed[0]!.sourceKey).toBe(`file:${createHash('sha256').update(mail('a')).digest('hex')}`);
    expect(handed[0]!.size).toBe(Buffer.byteLength(mail('a')));
    expect((await readdir(join(dir, 'done'))).sort()).toEqual(['a-1.eml', 'a.eml']);
    expect(await readFile(join(dir, 'done', 'a.eml'), 'utf8')).toBe('an earlier a');
    expect(await readFile(join(dir, 'done', 'a-1.eml'), 'utf8')).toBe(mail('a'));
    expect((await readdir(join(dir, 'failed'))).sort()).toEqual(['b.eml', 'b.eml.reason.txt']);
    expect(await readFile(join(dir, 'failed', 'b.eml.reason.txt'), 'utf8')).toContain('no application form attached');
    expect((await readdir(dir)).sort()).toEqual(['done', 'failed', 'notes.txt', 'sub']);
    expect(await source.pollOnce()).toBe(0);
  });

  it('leaves every file while the database is unreachable, and one still being written', async () => {
    await drop('x.eml', mail('x'));
    await writeFile(join(dir, 'fresh.eml'), mail('fresh'));
    let failing = true;
    const r = recorder();
    const take: Take = async (m) => {
      if (failing) throw databaseDown();
      return r.take(m);
    };
    const source = createFolderSource({ dir, take, refuse: r.refuse, retry: FAST_RETRY, logger: quiet });

    for (let round = 0; round < 4; round++) await expect(source.pollOnce()).rejects.toThrow('ECONNREFUSED');
    expect(r.refused).toEqual([]);
    expect(await readFile(join(dir, 'x.eml'), 'utf8')).toBe(mail('x'));
    expect(await readdir(join(dir, 'failed'))).toEqual([]);

    failing = false;
    expect(await source.pollOnce()).toBe(1);
    expect(await readdir(join(dir, 'done'))).toEqual(['x.eml']);
    expect(await readFile(join(dir, 'fresh.eml'), 'utf8')).toBe(mail('fresh'));
  });

  it('takes the files after a poison file, then moves the poison to failed/ with its reason beside it', async () => {
    await drop('1.eml', mail(1), 9_000);
    await drop('2-poison.eml', mail('poison'), 8_000);
    await drop('3.eml', mail(3), 7_000);
    const p = poisoned();
    const source = createFolderSource({ dir, take: p.take, refuse: p.refuse, retry: FAST_RETRY, logger: quiet, pollMs: 50 });

    expect(await source.pollOnce()).toBe(2);
    expect(p.handed.map((m) => m.origin)).toEqual(['1.eml', '3.eml']);
    expect(await readFile(join(dir, '2-poison.eml'), 'utf8')).toBe(mail('poison'));
    source.start();
    await waitFor(async () => (await readdir(join(dir, 'failed'))).length === 2, 'the poison in failed/', 5_000);
    await source.stop();
    expect(p.attempts.filter((a) => a.subject === 'test poison')).toHaveLength(3);
    expect((await readdir(join(dir, 'failed'))).sort()).toEqual(['2-poison.eml', '2-poison.eml.reason.txt']);
    expect(await readFile(join(dir, 'failed', '2-poison.eml'), 'utf8')).toBe(mail('poison'));
    expect(await readFile(join(dir, 'failed', '2-poison.eml.reason.txt'), 'utf8')).toBe('TypeError: attachment.contentType.toLowerCase is not a function\n');
    expect((await readdir(join(dir, 'done'))).sort()).toEqual(['1.eml', '3.eml']);
  });

  it('picks up dropped files by itself once started', async () => {
    const r = recorder();
    const source = createFolderSource({ dir, take: r.take, refuse: r.refuse, logger: quiet, pollMs: 100 });
    source.start();
    await writeFile(join(dir, 'late.eml'), mail('late'));
    await waitFor(() => r.handed.length === 1, 'the dropped file', 5_000);
    await source.stop();
    expect(await readdir(join(dir, 'done'))).toEqual(['late.eml']);
  });
});
