// Each message on its own. Whatever throws while one message is parsed, matched or stored is that
// message's failure: it is tried again after a pause that grows, while the messages behind it go on,
// and after the last try it is refused (recorded with its reason and told to the reviewers, the source
// files it apart). A poison message so costs the others one failed attempt a round, never a stall.
// An outage (the database unreachable) is nobody's message's fault: it is thrown on, the round stops,
// and the source waits and tries the same message again, refusing nothing.
import { isOutage } from '../db/outage.js';
import type { Logger } from '../logger.js';
import type { RawMessage, Refuse, Take } from './mail-source.js';

export interface RetryPolicy {
  /** Tries before a message is refused. */
  attempts: number;
  /** Pause after the first failure; each later pause is `growth` times the one before. */
  firstPauseMs: number;
  growth: number;
}

/** Tried at once, after 1 s and after 4 more: refused about 5 s after it first failed. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, firstPauseMs: 1_000, growth: 4 };

/** A message the refusal itself failed on (a bug, not an outage) waits this long before it is tried again. */
const STUCK_PAUSE_MS = 5 * 60_000;
/** Failures of a message not seen again for this long are forgotten (another process took it). */
const FORGET_AFTER_MS = 60 * 60_000;

export type Handled =
  /** Recorded and done with. */
  | { kind: 'taken' }
  /** Recorded as what the bot cannot take (malformed, too large): done with, as before. */
  | { kind: 'refused'; reason: string }
  /** Failed every try: recorded as refused; the source files it apart ($MdocFailed, failed/). */
  | { kind: 'failed'; reason: string }
  /** Failed, and waits for its next try: the source leaves it where it is and goes on. */
  | { kind: 'later' };

interface Failing {
  failures: number;
  dueAt: number;
  seenAt: number;
}

/**
 * The reason kept and shown: the error's name and message, one line, bounded. Prisma's message opens
 * with where it was called and a frame of our source (longer as the checkout's path grows), so only its
 * last paragraph, the database's own words, is kept; otherwise the bound would cut those words off.
 */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return oneLine(String(error));
  const said = 'clientVersion' in error ? lastParagraph(error.message) : error.message;
  return oneLine(`${error.name}: ${said}`);
}

function lastParagraph(text: string): string {
  return text.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean).at(-1) ?? text;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}

export interface MessageRetries {
  /** Takes the message, or counts its failure; throws only an outage (the round must stop). */
  handle(message: RawMessage): Promise<Handled>;
  /** Whether this message waits for a later try: a source can skip it without reading it. */
  waiting(sourceKey: string): boolean;
  /** Milliseconds until the soonest waiting message is due; undefined when none waits. */
  nextDueInMs(): number | undefined;
}

export function createMessageRetries(options: { take: Take; refuse: Refuse; logger: Logger; policy?: RetryPolicy; clock?: () => number }): MessageRetries {
  const { take, refuse } = options;
  const policy = options.policy ?? DEFAULT_RETRY;
  const now = options.clock ?? Date.now;
  const failing = new Map<string, Failing>();

  function forgetOld(at: number): void {
    for (const [key, state] of failing) if (at - state.seenAt > FORGET_AFTER_MS) failing.delete(key);
  }

  return {
    waiting(sourceKey) {
      const state = failing.get(sourceKey);
      if (!state) return false;
      state.seenAt = now();
      return state.dueAt > state.seenAt;
    },

    nextDueInMs() {
      if (failing.size === 0) return undefined;
      return Math.max(0, Math.min(...[...failing.values()].map((s) => s.dueAt)) - now());
    },

    async handle(message) {
      const at = now();
      forgetOld(at);
      const state = failing.get(message.sourceKey);
      if (state && state.dueAt > at) return { kind: 'later' };
      const log = options.logger.child({ component: 'inbound', origin: message.origin });
      try {
        const result = await take(message);
        failing.delete(message.sourceKey);
        return result.taken ? { kind: 'taken' } : { kind: 'refused', reason: result.reason };
      } catch (error) {
        if (isOutage(error)) throw error;
        const failures = (state?.failures ?? 0) + 1;
        const reason = reasonOf(error);
        if (failures < policy.attempts) {
          const pauseMs = policy.firstPauseMs * policy.growth ** (failures - 1);
          // The pause counts from the failure, so that a slow try does not eat into it.
          failing.set(message.sourceKey, { failures, dueAt: now() + pauseMs, seenAt: at });
          log.warn({ err: reason, failures, retryInMs: pauseMs }, 'could not take a message; it is tried again later, the messages after it go on');
          return { kind: 'later' };
        }
        try {
          await refuse(message, reason);
        } catch (refusal) {
          // Not even recorded: the message stays where it is. Its last try comes again after an outage,
          // and after a long pause if the refusal itself failed (that is a bug, logged as one).
          const outage = isOutage(refusal);
          failing.set(message.sourceKey, { failures: failures - 1, dueAt: at + (outage ? 0 : STUCK_PAUSE_MS), seenAt: at });
          if (outage) throw refusal;
          log.error({ err: reasonOf(refusal), reason }, 'could not record a message as refused; it stays in the mailbox');
          return { kind: 'later' };
        }
        failing.delete(message.sourceKey);
        log.warn({ err: reason, failures }, 'message refused after every try failed');
        return { kind: 'failed', reason };
      }
    },
  };
}
