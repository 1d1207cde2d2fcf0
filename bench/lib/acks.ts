// Acknowledgement latency as issue 16 judges it: rounds that alternate the bot and a bare Bolt app on the
// same signed requests, from one load generator in its own thread; each round's bot p99 over bare p99,
// and the median of those ratios over the rounds. A pooled p99 swings with one slow round on a shared
// machine; a paired round sees the same neighbours on both sides.
import type { LoadGenerator } from './load-generator.js';
import { summarise, type LoadResult, type LoadSamples, type SignedRequest } from './load.js';
import { median, percentiles, ratio, type Percentiles } from './stats.js';

export interface AckTarget {
  url: string;
  /** CPU seconds the process has used so far, to report what each run cost it. */
  cpuSeconds?: () => Promise<number>;
}

export interface AckRun extends LoadResult {
  /** CPU seconds the process used during the run. */
  cpu?: number;
}

export interface AckRound {
  bot: AckRun;
  bare: AckRun;
  /** Which of the two ran first in this round (they alternate). */
  botFirst: boolean;
  /** bot p99 / bare p99. */
  ratio: number;
}

export interface AckFigures {
  rounds: AckRound[];
  /** The judged figure: the median over rounds of bot p99 / bare p99. */
  median: number;
  min: number;
  max: number;
  /** Every round's samples together, for reference. */
  pooled: { bot: Percentiles; bare: Percentiles; ratioP50: number; ratioP99: number };
}

export interface AckRoundsOptions {
  generator: LoadGenerator;
  bot: AckTarget;
  bare: AckTarget;
  rounds: number;
  concurrency: number;
  /** Each kind of request, by name: the signed requests of a round (the same go to both apps); round −1 is the warm-up. */
  kinds: Record<string, (round: number) => SignedRequest[]>;
  /** Requests of each kind sent to both apps, unmeasured, before the first round. */
  warmup?: number;
  /**
   * Before each run, wait (at most maxMs) until neither app has used more than `cpuShare` of a core over
   * the last 200 ms, so that no run is measured while the bot still works off the one before it.
   * Unset: back to back, as the check runs them.
   */
  settle?: { cpuShare: number; maxMs: number };
  /** Called after each measured run, for progress and for probes. */
  onRun?: (run: { kind: string; round: number; side: 'bot' | 'bare'; result: AckRun }) => void | Promise<void>;
}

const SETTLE_WINDOW_MS = 200;

/** Waits until every target's CPU use over a window is below the share, or maxMs has passed. */
async function settle(targets: AckTarget[], { cpuShare, maxMs }: NonNullable<AckRoundsOptions['settle']>): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < maxMs) {
    const before = await Promise.all(targets.map((t) => t.cpuSeconds?.() ?? 0));
    await new Promise((r) => setTimeout(r, SETTLE_WINDOW_MS));
    const after = await Promise.all(targets.map((t) => t.cpuSeconds?.() ?? 0));
    if (after.every((cpu, i) => cpu - before[i]! <= (cpuShare * SETTLE_WINDOW_MS) / 1000)) return;
  }
}

async function timed(generator: LoadGenerator, target: AckTarget, requests: SignedRequest[], concurrency: number): Promise<{ samples: LoadSamples; result: AckRun }> {
  const cpuBefore = await target.cpuSeconds?.();
  const samples = await generator.run(target.url, requests, concurrency);
  const cpuAfter = await target.cpuSeconds?.();
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : Math.round((cpuAfter - cpuBefore) * 100) / 100;
  return { samples, result: { ...summarise(samples), ...(cpu === undefined ? {} : { cpu }) } };
}

export async function ackRounds(o: AckRoundsOptions): Promise<Record<string, AckFigures>> {
  if (o.warmup) {
    for (const requestsOf of Object.values(o.kinds)) {
      const warm = requestsOf(-1).slice(0, o.warmup);
      await o.generator.run(o.bare.url, warm, o.concurrency);
      await o.generator.run(o.bot.url, warm, o.concurrency);
    }
  }
  const rounds: Record<string, AckRound[]> = {};
  const pooled: Record<string, { bot: number[]; bare: number[] }> = {};
  for (let round = 0; round < o.rounds; round++) {
    for (const [kind, requestsOf] of Object.entries(o.kinds)) {
      const requests = requestsOf(round);
      const botFirst = round % 2 === 0;
      const measured: Partial<Record<'bot' | 'bare', AckRun>> = {};
      for (const side of botFirst ? (['bot', 'bare'] as const) : (['bare', 'bot'] as const)) {
        if (o.settle) await settle([o.bot, o.bare], o.settle);
        const { samples, result } = await timed(o.generator, o[side], requests, o.concurrency);
        measured[side] = result;
        ((pooled[kind] ??= { bot: [], bare: [] })[side]).push(...samples.latencies);
        await o.onRun?.({ kind, round, side, result });
      }
      (rounds[kind] ??= []).push({ bot: measured.bot!, bare: measured.bare!, botFirst, ratio: ratio(measured.bot!.p99, measured.bare!.p99) });
    }
  }
  return Object.fromEntries(
    Object.entries(rounds).map(([kind, list]) => {
      const ratios = list.map((r) => r.ratio);
      const bot = percentiles(pooled[kind]!.bot);
      const bare = percentiles(pooled[kind]!.bare);
      return [kind, { rounds: list, median: Math.round(median(ratios) * 100) / 100, min: Math.min(...ratios), max: Math.max(...ratios), pooled: { bot, bare, ratioP50: ratio(bot.p50, bare.p50), ratioP99: ratio(bot.p99, bare.p99) } }];
    }),
  );
}
