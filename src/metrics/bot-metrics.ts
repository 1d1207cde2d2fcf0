// The bot's metrics, in a registry of its own (never prom-client's global one, so that several bots in
// one test process keep theirs apart): counters and the ack histogram of what this process did, the
// outbox gauges read from the database at scrape time, and how bot.ts hooks them in.
import type { App, CustomRoute } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { Counter, Histogram, Registry } from 'prom-client';
import type { ApplyActionResult } from '../cases/apply-action.js';
import type { OpenCaseResult } from '../cases/open-case.js';
import { INBOUND_OUTCOMES, type InboundOutcome } from '../inbound/inbound-record.js';
import type { Logger } from '../logger.js';
import type { OutboxRepository } from '../outbox/outbox-repository.js';
import { REQUEST_KINDS, timeAcks } from './ack-timing.js';
import { countingOutbox } from './counting-outbox.js';
import { metricsRoute } from './metrics-route.js';
import { registerOutboxGauges, type OutboxByKind } from './outbox-gauges.js';
import { processMetrics } from './process-metrics.js';
import { countListenerRateLimits, countRateLimits } from './rate-limits.js';

/** Seconds. Slack gives up on an acknowledgement after 3 s: fine below 1 s, each half second up to it. */
export const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 5];

export interface BotMetricsOptions {
  /** The outbox by kind, read at each scrape (outbox-gauges.ts). */
  readOutbox: () => Promise<OutboxByKind[]>;
}

export function createBotMetrics({ readOutbox }: BotMetricsOptions) {
  const registry = new Registry();
  registerOutboxGauges(registry, readOutbox);
  const deliveries = new Counter({
    name: 'mdoc_outbox_deliveries_total',
    help: 'Delivery attempts of outbox notifications by this process, by kind and result (delivered, retried, dead, deferred)',
    labelNames: ['kind', 'result'] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'mdoc_slack_rate_limited_total',
    help: "Slack Web API calls answered 429 (rate limited), by method",
    labelNames: ['method'] as const,
    registers: [registry],
  });
  const transitions = new Counter({
    name: 'mdoc_transitions_total',
    help: 'Case transitions written by this process, by procedure and action (open for a new case)',
    labelNames: ['procedure', 'action'] as const,
    registers: [registry],
  });
  const acks = new Histogram({
    name: 'mdoc_slack_ack_duration_seconds',
    help: "Seconds from a Slack request's arrival to its acknowledgement being sent, by request kind (Slack waits 3 s)",
    labelNames: ['kind'] as const,
    buckets: ACK_BUCKETS,
    registers: [registry],
  });
  const inbound = new Counter({
    name: 'mdoc_inbound_mails_total',
    help: 'Inbound mails taken by this process, by result',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  for (const kind of REQUEST_KINDS) acks.zero({ kind });
  for (const result of INBOUND_OUTCOMES) inbound.inc({ result }, 0);
  const countRateLimited = (method: string) => rateLimited.inc({ method });

  return {
    registry,
    /** GET /metrics: this bot's metrics, then the process's (collected from the first scrape on). */
    route: (token: string | undefined, logger: Logger): CustomRoute => metricsRoute({ registries: () => [registry, processMetrics()], token, logger }),
    /** The outbox as the worker should see it: every result it records is counted. */
    countingOutbox: (outbox: OutboxRepository) => countingOutbox(outbox, (kind, result) => deliveries.inc({ kind, result })),
    /** Counts the 429s of one of the bot's own Web API clients. */
    watchClient: (client: WebClient) => countRateLimits(client, countRateLimited),
    /** Times every acknowledgement, and counts the 429s of the clients Bolt gives the listeners. */
    watchApp(app: App): void {
      timeAcks(app, (kind, seconds) => acks.observe({ kind }, seconds));
      countListenerRateLimits(app, countRateLimited);
    },
    /** Counts the transition a use case wrote, if it wrote one; returns its result unchanged. */
    transitionOf<R extends OpenCaseResult | ApplyActionResult>(result: R): R {
      // 'open' is the action of a case's first transition (workflow/transition.ts).
      if (result.kind === 'opened') transitions.inc({ procedure: result.case.procedure, action: 'open' });
      if (result.kind === 'applied') transitions.inc({ procedure: result.case.procedure, action: result.record.action });
      return result;
    },
    /** A mail taken and recorded, by its outcome. */
    inboundTaken: (outcome: InboundOutcome) => inbound.inc({ result: outcome }),
  };
}

export type BotMetrics = ReturnType<typeof createBotMetrics>;
