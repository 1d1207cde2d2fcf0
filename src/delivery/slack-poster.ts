// Posting to Slack so that people see each notification once, even when it is delivered twice: a
// crash after Slack's answer and before our commit means the next attempt runs again. Every post
// carries the notification's ID in its message metadata; a retry first looks for that message.
import type { WebClient } from '@slack/web-api';
import type { KnownBlock } from '@slack/types';
import type { Logger } from '../logger.js';
import { failpoint } from '../outbox/failpoints.js';
import type { ClaimedNotification } from '../outbox/outbox-repository.js';
import type { SlackPacer } from '../outbox/slack-pacer.js';
import { fallbackVersions, isRefusedContent, slackFileName, withinSlackLimits } from '../slack/views/slack-limits.js';

export const METADATA_EVENT = 'mdoc_notification';

export interface PostArgs {
  channel: string;
  thread_ts?: string;
  text: string;
  blocks: KnownBlock[];
}

/** One version of a message, as Slack is asked to take it (the fallbacks may have no blocks). */
type Version = { text: string; blocks?: KnownBlock[] };

export interface Posted {
  channel: string;
  ts: string;
}

interface MessageWithMetadata {
  ts?: string;
  text?: string;
  files?: unknown[];
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export interface UploadArgs {
  channel: string;
  thread_ts: string;
  /** The message the files are shared with; unique per notification, so a retry can find it. */
  comment: string;
  files: { fileName: string; content: Buffer }[];
}

/** How far back a root message is looked for: well beyond any retry of one notification. */
const LOOKBACK_MS = 24 * 3_600_000;

export function createSlackPoster(slack: WebClient, pacer: SlackPacer, logger: Logger) {
  /**
   * Sends the message within Slack's limits; when Slack refuses it for its content all the same, sends
   * its fallback versions one after another until one is taken, so that a post is never dead for
   * being too big (slack-limits.ts).
   */
  async function send<T>(what: Record<string, unknown>, message: { text: string; blocks: KnownBlock[] }, call: (version: Version) => Promise<T>): Promise<T> {
    const versions: Version[] = [withinSlackLimits(message), ...fallbackVersions(message)];
    for (const [i, version] of versions.entries()) {
      try {
        const result = await call(version);
        if (i > 0) logger.warn({ ...what, version: i }, 'Slack refused the message; posted a shorter version of it');
        return result;
      } catch (error) {
        if (!isRefusedContent(error) || i === versions.length - 1) throw error;
        logger.warn({ ...what, err: (error as { data?: { error?: string } }).data?.error }, 'Slack refused the message for its content; trying a shorter version');
      }
    }
    throw new Error('unreachable: the last version either succeeds or throws');
  }

  async function paced<T>(method: string, channel: string, call: () => Promise<T>): Promise<T> {
    await pacer.acquire(method, channel);
    try {
      const result = await call();
      await pacer.completed(method, channel);
      return result;
    } catch (error) {
      const e = error as { code?: string; retryAfter?: number };
      if (e.code === 'slack_webapi_rate_limited_error' && typeof e.retryAfter === 'number') await pacer.backOff(method, channel, e.retryAfter * 1000);
      throw error;
    }
  }

  /** The message an earlier attempt of this notification already posted, if any. */
  async function findPosted(n: ClaimedNotification, args: PostArgs): Promise<Posted | undefined> {
    const mine = (m: MessageWithMetadata) => m.metadata?.event_type === METADATA_EVENT && m.metadata.event_payload?.notification_id === String(n.id);
    try {
      const res = args.thread_ts
        ? await slack.conversations.replies({ channel: args.channel, ts: args.thread_ts, include_all_metadata: true, limit: 1000 })
        : await slack.conversations.history({ channel: args.channel, oldest: String((n.createdAt.getTime() - LOOKBACK_MS) / 1000), include_all_metadata: true, limit: 200 });
      const found = (res.messages as MessageWithMetadata[] | undefined)?.find(mine);
      return found?.ts ? { channel: args.channel, ts: found.ts } : undefined;
    } catch (error) {
      // Without the history scopes we cannot look; posting again is the lesser harm than never posting.
      logger.warn({ notificationId: String(n.id), err: (error as Error).message }, 'could not look for an earlier post; posting again');
      return undefined;
    }
  }

  return {
    async post(n: ClaimedNotification, args: PostArgs): Promise<Posted> {
      if (n.attempts > 1) {
        const earlier = await findPosted(n, args);
        if (earlier) {
          logger.info({ notificationId: String(n.id), ts: earlier.ts }, 'already posted by an earlier attempt');
          return earlier;
        }
      }
      const { text, blocks, ...where } = args;
      const res = await send({ notificationId: String(n.id) }, { text, blocks }, (version) =>
        paced('chat.postMessage', args.channel, () => slack.chat.postMessage({ ...where, ...version, metadata: { event_type: METADATA_EVENT, event_payload: { notification_id: String(n.id) } } })),
      );
      failpoint('delivery.after-call');
      return { channel: res.channel ?? args.channel, ts: res.ts! };
    },

    /**
     * Uploads files into a thread (files.uploadV2). An upload carries no message metadata, so a retry
     * looks for its comment among the thread's file shares instead.
     */
    async upload(n: ClaimedNotification, args: UploadArgs): Promise<void> {
      // Slack refuses a file of no bytes (files.getUploadURLExternal: length must be at least 1); the post lists it instead.
      const files = args.files.filter((f) => f.content.length > 0);
      if (files.length === 0) return;
      if (n.attempts > 1) {
        const replies = await slack.conversations.replies({ channel: args.channel, ts: args.thread_ts, limit: 1000 }).catch(() => undefined);
        if ((replies?.messages as MessageWithMetadata[] | undefined)?.some((m) => m.text === args.comment && m.files?.length)) {
          logger.info({ notificationId: String(n.id) }, 'files already uploaded by an earlier attempt');
          return;
        }
      }
      await paced('chat.postMessage', args.channel, () =>
        slack.filesUploadV2({
          channel_id: args.channel,
          thread_ts: args.thread_ts,
          initial_comment: args.comment,
          file_uploads: files.map((f) => ({ file: f.content, filename: slackFileName(f.fileName), title: slackFileName(f.fileName) })),
        }),
      );
      failpoint('delivery.after-call');
    },

    async update(args: Posted & { text: string; blocks: KnownBlock[] }): Promise<void> {
      const { text, blocks, ...where } = args;
      await send({ channel: args.channel, ts: args.ts }, { text, blocks }, (version) =>
        // Without blocks, chat.update would keep the old ones: an empty list clears them.
        paced('chat.update', args.channel, () => slack.chat.update({ ...where, blocks: [], ...version })),
      );
      failpoint('delivery.after-call');
    },
  };
}

export type SlackPoster = ReturnType<typeof createSlackPoster>;
