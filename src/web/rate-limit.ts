// A limit per client IP address on the pages that take input (applications, confirmations, uploads),
// set so that a person never meets it: 60 requests a minute. Past it, 429 with Retry-After and a page
// that says when to try again. Kept in the process: each bot process counts its own requests.
import type { MiddlewareHandler } from 'hono';
import type { WebEnv } from './web-env.js';

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  /** The 429 page, given the moment the client may try again. */
  refused: (retryAt: Date, seconds: number) => string | Promise<string>;
  now?: () => number;
}

export const DEFAULT_RATE_LIMIT = { limit: 60, windowMs: 60_000 };

/** The peer's address. X-Forwarded-For is not believed: anyone can send it. */
export function clientIp(c: { env?: WebEnv['Bindings'] }): string {
  return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

export function rateLimit({ limit, windowMs, refused, now = Date.now }: RateLimitOptions): MiddlewareHandler<WebEnv> {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return async (c, next) => {
    const at = now();
    if (windows.size > 10_000) for (const [ip, w] of windows) if (w.resetAt <= at) windows.delete(ip);
    const ip = clientIp(c);
    let w = windows.get(ip);
    if (!w || w.resetAt <= at) {
      w = { count: 0, resetAt: at + windowMs };
      windows.set(ip, w);
    }
    if (++w.count > limit) {
      const seconds = Math.max(1, Math.ceil((w.resetAt - at) / 1000));
      c.header('Retry-After', String(seconds));
      return c.html(await refused(new Date(w.resetAt), seconds), 429);
    }
    await next();
  };
}
