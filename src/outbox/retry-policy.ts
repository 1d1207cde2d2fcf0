// How a failed delivery is retried: never for errors that cannot succeed, otherwise with capped
// exponential backoff and jitter, or after the Retry-After that Slack asked for.

/** Slack error codes that no retry will fix. */
const PERMANENT_SLACK_ERRORS = new Set([
  'channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'not_authed', 'account_inactive',
  'token_revoked', 'token_expired', 'missing_scope', 'no_permission', 'user_not_found', 'cannot_dm_bot',
  'invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'message_not_found', 'cant_update_message',
  'invalid_arguments', 'restricted_action',
]);

export interface FailureVerdict {
  permanent: boolean;
  retryAfterMs?: number;
  message: string;
}

interface SlackishError {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  responseCode?: number;
  message?: string;
}

export function classifyFailure(error: unknown): FailureVerdict {
  const e = (error ?? {}) as SlackishError;
  const message = e.data?.error ?? e.message ?? String(error);
  if (e.code === 'slack_webapi_platform_error' && e.data?.error && PERMANENT_SLACK_ERRORS.has(e.data.error)) {
    return { permanent: true, message };
  }
  if (e.code === 'slack_webapi_rate_limited_error' && typeof e.retryAfter === 'number') {
    return { permanent: false, retryAfterMs: e.retryAfter * 1000, message: `rate limited for ${e.retryAfter}s` };
  }
  // SMTP 5xx: the server refused for good (unknown mailbox, policy); 4xx is temporary.
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600) {
    return { permanent: true, message };
  }
  if (e.code === 'EENVELOPE') return { permanent: true, message };
  return { permanent: false, message };
}

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  random?: () => number;
}

/** Full jitter over a capped exponential: attempt 1 waits up to base, attempt n up to base·2^(n−1). */
export function backoffMs(attempt: number, { baseMs, capMs, random = Math.random }: BackoffOptions): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
