// GET /metrics in the Prometheus text format, served by the Slack receiver next to /healthz (in HTTP and
// Socket Mode alike). With MDOC_METRICS_TOKEN it needs `Authorization: Bearer <token>`. A scrape only
// reads: counters in memory and one query of the outbox. When the database cannot be read it answers
// 503, so that Prometheus counts the bot down: without its database it cannot serve either.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';

export const METRICS_PATH = '/metrics';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Compared as digests: the same length whatever was sent, so the time taken tells nothing of the token. */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const given = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token));
}

export interface MetricsRouteOptions {
  /** Rendered one after the other (the bot's own, then the process's); asked for at each scrape. */
  registries: () => Registry[];
  /** MDOC_METRICS_TOKEN; unset: open. */
  token?: string;
  logger: Logger;
}

export function metricsRoute({ registries, token, logger }: MetricsRouteOptions): CustomRoute {
  const log = logger.child({ component: 'metrics' });
  return {
    path: METRICS_PATH,
    method: ['GET'],
    handler: async (req: IncomingMessage, res: ServerResponse) => {
      const plain = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
      if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
        res.writeHead(401, { ...plain, 'www-authenticate': 'Bearer realm="mdoc-desk metrics"' });
        res.end('a bearer token is required\n');
        return;
      }
      try {
        const registers = registries();
        const texts = await Promise.all(registers.map((r) => r.metrics()));
        res.writeHead(200, { ...plain, 'content-type': registers[0]!.contentType });
        res.end(texts.join('\n'));
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'metrics could not be read');
        res.writeHead(503, plain);
        res.end('metrics unavailable: the database could not be read\n');
      }
    },
  };
}
