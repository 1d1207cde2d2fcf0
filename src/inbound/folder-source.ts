// Inbound mail from a folder of .eml files (<MDOC_DATA_DIR>/inbox), for a desk without an IMAP
// mailbox or for mail an operator saved by hand. A file leaves the folder only after it was recorded:
// to done/ when taken, to failed/ with a reason file beside it when refused (unreadable, too large, or
// failing every try). A file that failed waits for its next try while the files after it go on (see
// message-retries.ts). Nothing is ever overwritten or deleted, so every message that came in can still
// be found on disk.
import { createHash } from 'node:crypto';
import { link, mkdir, readFile, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Logger } from '../logger.js';
import { createMessageRetries, type Handled, type RetryPolicy } from './message-retries.js';
import { createRounds } from './rounds.js';
import type { MailSource, Refuse, Take } from './mail-source.js';

export interface FolderSourceOptions {
  /** The watched folder, <MDOC_DATA_DIR>/inbox; done/ and failed/ are made inside it. */
  dir: string;
  take: Take;
  /** Records a file that failed every try (message-retries.ts). */
  refuse: Refuse;
  logger: Logger;
  pollMs?: number;
  retry?: RetryPolicy;
}

/** A file younger than this may still be being written. */
const MIN_AGE_MS = 500;
/** Two looks this far apart that see the same size mean the writer has finished. */
const SETTLE_MS = 50;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Size and mtime of a file, or null when another process moved it away meanwhile. */
async function look(path: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const { size, mtimeMs } = await stat(path);
    return { size, mtimeMs };
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/**
 * Moves `path` into `folder` under its own name, or `name-1.eml`, `name-2.eml`, … when that is taken.
 * A hard link cannot replace an existing file, unlike rename, so even a race never overwrites one.
 * Resolves to the new path, or null when another process moved the file away first.
 */
async function moveWithoutOverwriting(path: string, folder: string, name: string): Promise<string | null> {
  const ext = extname(name);
  const base = name.slice(0, name.length - ext.length);
  for (let n = 0; ; n++) {
    const target = join(folder, n === 0 ? name : `${base}-${n}${ext}`);
    try {
      await link(path, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      if (isMissing(error)) return null;
      throw error;
    }
    await unlink(path).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
    return target;
  }
}

export function createFolderSource(options: FolderSourceOptions): MailSource {
  const { dir } = options;
  const doneDir = join(dir, 'done');
  const failedDir = join(dir, 'failed');
  const pollMs = options.pollMs ?? 2_000;
  const log = options.logger.child({ component: 'folder-source', dir });

  let pollTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  const retries = createMessageRetries({ take: options.take, refuse: options.refuse, logger: options.logger, policy: options.retry });
  /** Rounds run one after another, so two never hand over the same file. */
  const rounds = createRounds(handOverWaiting, {
    onError: (error) => log.warn({ err: (error as Error).message }, 'mail folder round stopped (the database is unreachable?); the files wait for the next round'),
    nextDueInMs: retries.nextDueInMs,
  });

  /** .eml files whose writer has finished, oldest first. */
  async function settledFiles(): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true });
    const names = entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.eml')).map((e) => e.name);
    const first = new Map<string, { size: number; mtimeMs: number }>();
    const now = Date.now();
    for (const name of names) {
      const seen = await look(join(dir, name));
      if (seen && now - seen.mtimeMs >= MIN_AGE_MS) first.set(name, seen);
    }
    if (first.size === 0) return [];
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const settled: { name: string; mtimeMs: number }[] = [];
    for (const [name, before] of first) {
      const after = await look(join(dir, name));
      if (after && after.size === before.size && after.mtimeMs === before.mtimeMs) settled.push({ name, mtimeMs: after.mtimeMs });
    }
    return settled.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((f) => f.name);
  }

  async function handOverWaiting(): Promise<number> {
    await mkdir(doneDir, { recursive: true });
    await mkdir(failedDir, { recursive: true });
    let handed = 0;
    for (const name of await settledFiles()) {
      if (stopping) break;
      const path = join(dir, name);
      let raw: Buffer;
      try {
        raw = await readFile(path);
      } catch (error) {
        if (isMissing(error)) continue;
        throw error;
      }
      const sourceKey = `file:${createHash('sha256').update(raw).digest('hex')}`;
      let handled: Handled;
      try {
        handled = await retries.handle({ sourceKey, raw, size: raw.length, origin: name });
      } catch (error) {
        log.error({ err: (error as Error).message, origin: name }, 'could not take a mail file (an outage); it stays in the folder');
        throw error;
      }
      if (handled.kind === 'later') continue;
      handed++;
      if (handled.kind === 'taken') {
        const moved = await moveWithoutOverwriting(path, doneDir, name);
        log.info({ origin: name, movedTo: moved }, 'mail file taken');
      } else {
        const moved = await moveWithoutOverwriting(path, failedDir, name);
        if (moved) await writeFile(`${moved}.reason.txt`, `${handled.reason}\n`);
        log.info({ origin: name, movedTo: moved, reason: handled.reason }, 'mail file refused');
      }
    }
    return handed;
  }

  return {
    pollOnce: rounds.pollOnce,
    start() {
      if (pollTimer) return;
      pollTimer = setInterval(rounds.queue, pollMs);
      rounds.queue();
    },
    async stop() {
      clearInterval(pollTimer);
      pollTimer = undefined;
      rounds.stop();
      stopping = true;
      await rounds.settled();
      stopping = false;
    },
  };
}
