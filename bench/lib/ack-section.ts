// Section 1 of the bench: acknowledgement latency of `/mdoc status` and forward clicks, the bot (started
// as `npm start` starts it) against a bare Bolt app, in paired rounds at concurrency 32 (acks.ts), and
// one paired run at concurrency 1 for reference.
import path from 'node:path';
import type pg from 'pg';
import type { SlackApiStandIn } from '../../src/demo/slack-api-stand-in.js';
import { ackRounds, type AckFigures, type AckRun } from './acks.js';
import { npmStartArgs, startChild, type Child } from './child.js';
import { startLoadGenerator } from './load-generator.js';
import { summarise } from './load.js';
import { seedOpenCases } from './seed.js';
import { BENCH_SECRET, forwardClick, statusCommand } from './signed.js';
import { ratio } from './stats.js';

export interface AckSectionSize {
  rounds: number;
  /** Requests of each kind in each run of a round. */
  perRound: number;
  /** Requests of each kind at concurrency 1. */
  single: number;
  warmup: number;
  /** Let the bot finish the work of one run before the next (acks.ts); off by default, as the check. */
  settle?: boolean;
}

export interface AckSection {
  /** By kind (status, click): the paired rounds at concurrency 32. */
  c32: Record<string, AckFigures>;
  /** By kind: one run each at concurrency 1, bare first. */
  c1: Record<string, { bot: AckRun; bare: AckRun; ratioP50: number; ratioP99: number }>;
  rssIdle: number;
  rssAfterLoad: number;
  /** Clicks sent, and transitions they applied (read a few seconds after the last). */
  clicks: number;
  applied: number;
}

const CONCURRENCY = 32;

/** With BENCH_CPU_PROF=<dir>, each app writes a V8 CPU profile of the section to <dir>/<name>/ when it stops (a study tool). */
function profiled(name: string): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, name)}`] : [];
}

export async function measureAcks(o: { db: pg.Client; slack: SlackApiStandIn; env: Record<string, string>; reviewer: string; size: AckSectionSize; log: (msg: string) => void }): Promise<AckSection> {
  const { size, reviewer, log } = o;
  // A click moves a case from (1)-b once: every click of the section gets a case of its own.
  const clicks = size.warmup + size.rounds * size.perRound + size.single;
  const keys = await seedOpenCases(o.db, clicks, 'UBENCHREQ');
  let clicked = 0;
  const freshClicks = (n: number) => keys.slice(clicked, (clicked += n)).map((k) => forwardClick(k, reviewer));
  const statuses = (n: number) => Array.from({ length: n }, (_, i) => statusCommand(keys[(i * 7919) % keys.length]!, reviewer, o.slack.responseUrl('load')));

  const bot = await startChild([...profiled('bot'), ...(await npmStartArgs())], o.env, 'mdoc desk is running');
  const bare = await startChild([...profiled('bare'), 'bench/bare-bolt.ts'], { SLACK_SIGNING_SECRET: BENCH_SECRET }, 'bare bolt is running');
  const generator = startLoadGenerator();
  try {
    await new Promise((r) => setTimeout(r, 2_000));
    const rssIdle = await bot.rssMb();
    const target = (c: Child) => ({ url: `http://127.0.0.1:${c.port}/slack/events`, cpuSeconds: () => c.cpuSeconds() });

    const c32 = await ackRounds({
      generator,
      bot: target(bot),
      bare: target(bare),
      rounds: size.rounds,
      concurrency: CONCURRENCY,
      warmup: size.warmup,
      settle: size.settle ? { cpuShare: 0.2, maxMs: 5_000 } : undefined,
      kinds: { status: () => statuses(size.perRound), click: (round) => freshClicks(round < 0 ? size.warmup : size.perRound) },
      onRun: ({ kind, round, side, result }) => log(`acks c32 ${kind} round ${round + 1}/${size.rounds} ${side}: p50 ${result.p50} p99 ${result.p99} ms (errors ${result.errors}, cpu ${result.cpu ?? '?'} s)`),
    });
    for (const [kind, f] of Object.entries(c32)) {
      log(`acks c32 ${kind}: median p99 ratio ${f.median} (rounds ${f.rounds.map((r) => r.ratio).join(' ')}); pooled p99 ${f.pooled.bot.p99} vs ${f.pooled.bare.p99} ms`);
    }

    const c1: AckSection['c1'] = {};
    for (const [kind, requests] of [['status', statuses(size.single)], ['click', freshClicks(size.single)]] as const) {
      const b = summarise(await generator.run(target(bare).url, requests, 1));
      const ours = summarise(await generator.run(target(bot).url, requests, 1));
      c1[kind] = { bot: ours, bare: b, ratioP50: ratio(ours.p50, b.p50), ratioP99: ratio(ours.p99, b.p99) };
      log(`acks c1 ${kind}: bot p50 ${ours.p50} p99 ${ours.p99} ms; bare p50 ${b.p50} p99 ${b.p99} ms`);
    }

    const rssAfterLoad = await bot.rssMb();
    await new Promise((r) => setTimeout(r, 3_000)); // clicks are acknowledged first and applied after
    // This section's cases only: a run that measures bursts after closed-loop rounds shares the database.
    const [{ applied }] = (await o.db.query(`SELECT count(*)::int AS applied FROM transitions t JOIN cases c ON c.id = t.case_id WHERE t.action = 'send_documents' AND c.key = ANY($1)`, [keys])).rows;
    log(`RSS idle ${rssIdle} MB, after load ${rssAfterLoad} MB; clicks applied ${applied} of ${clicks}`);
    return { c32, c1, rssIdle, rssAfterLoad, clicks, applied };
  } finally {
    await generator.stop();
    await bot.stop();
    await bare.stop();
  }
}
