// Sections 1 and 2 of docs/benchmarks.md (acknowledgements in paired rounds; transitions three ways),
// from a run's results (ack-section.ts, tps-section.ts).
import type { AckSection } from './ack-section.js';
import type { TpsSection } from './tps-section.js';

const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
const ms = (v: number) => Math.round(v * 10) / 10;

/** The judged figure of one kind of request: met when the median of the paired p99 ratios is at most 1.5. */
export const acksMet = (f: AckSection['c32'][string]) => f.median <= 1.5;

/** `title`: the section's heading, for the closed-loop rounds and for the bursts. */
export function ackLines(a: AckSection, title = '## 1. Acknowledgement latency through the HTTP receiver (ms)'): string[] {
  const kinds = Object.entries(a.c32);
  const rounds = kinds[0]?.[1].rounds.length ?? 0;
  const perRound = kinds[0]?.[1].rounds[0]?.bot.n ?? 0;
  return [
    title,
    '',
    'Signed requests over keep-alive HTTP to the bot running as its own process, started as `npm start` starts it (compiled, `dist/main.js`), with Postgres and the Web API stand-in on loopback. The baseline is a bare Bolt app (`bench/bare-bolt.ts`) acking the same requests. `status` is acknowledged at once and answered through `response_url`; `click` is a forward click on a different case each time, acknowledged before its transaction.',
    '',
    `Measured as issue 16 judges it: ${rounds} rounds; in each, the same ${perRound} signed requests of a kind go at concurrency 32 to the bot and to the bare app (which goes first alternates), from a load generator in a process of its own. The judged figure is the median over rounds of bot p99 / bare p99; the pooled percentiles of all rounds are for reference (one slow round swings them). \`npm run bench:acks\` runs this section alone.`,
    '',
    '| request | median of the round ratios (p99) | lowest – highest round | pooled bot p50 / p99 | pooled bare p50 / p99 | pooled p99 ratio | errors | goal (median ≤ 1.5) |',
    '|---|---|---|---|---|---|---|---|',
    ...kinds.map(([kind, f]) => {
      const errors = f.rounds.reduce((n, r) => n + r.bot.errors, 0);
      return `| ${kind} | ${f.median} | ${f.min} – ${f.max} | ${ms(f.pooled.bot.p50)} / ${ms(f.pooled.bot.p99)} | ${ms(f.pooled.bare.p50)} / ${ms(f.pooled.bare.p99)} | ${f.pooled.ratioP99} | ${errors} | ${mark(acksMet(f))} |`;
    }),
    '',
    'Every round (p99 in ms; the CPU seconds each process used during its run):',
    '',
    `| round | first | ${kinds.map(([k]) => `${k}: bot / bare p99 (ratio) | ${k}: CPU bot / bare`).join(' | ')} |`,
    `|---|---|${kinds.map(() => '---|---|').join('')}`,
    ...Array.from({ length: rounds }, (_, i) => {
      const cells = kinds.map(([, f]) => {
        const r = f.rounds[i]!;
        return `${ms(r.bot.p99)} / ${ms(r.bare.p99)} (${r.ratio}) | ${r.bot.cpu ?? '?'} / ${r.bare.cpu ?? '?'}`;
      });
      return `| ${i + 1} | ${kinds[0]![1].rounds[i]!.botFirst ? 'bot' : 'bare'} | ${cells.join(' | ')} |`;
    }),
    '',
    'At concurrency 1, one run each (bare first), for reference:',
    '',
    '| request | bot p50 / p99 | bare p50 / p99 | ratio p50 / p99 |',
    '|---|---|---|---|',
    ...Object.entries(a.c1).map(([kind, v]) => `| ${kind} | ${ms(v.bot.p50)} / ${ms(v.bot.p99)} | ${ms(v.bare.p50)} / ${ms(v.bare.p99)} | ${v.ratioP50} / ${v.ratioP99} |`),
  ];
}

export function tpsLines(t: TpsSection): string[] {
  const runs = t.runs.map((r) => `${r.ours.tps} / ${r.raw.tps} / ${r.plainPrisma.tps}`).join('; ');
  return [
    '## 2. Transitions per second (concurrency 8)',
    '',
    "A transition: version check, transition row, case update and outbox rows in one transaction. Three ways, on fresh cases at the same concurrency, alternated so that a neighbour's load falls on all three alike:",
    '',
    "- **ours**: the bot's own use case (`applyAction`) and repository (`commitTransition`), on a client from `createPrisma`",
    '- **raw pg**: the same statements on a plain `pg` pool (read the case, then BEGIN, update, insert, insert, COMMIT)',
    '- **plain Prisma**: an interactive `prisma.$transaction` that reads the case, `updateMany` with the version check (one row or a conflict), then `transition.create` and `notification.createMany`',
    '',
    '| | ours | raw pg | plain Prisma | ours / raw pg (goal ≥ 0.7) | ours / plain Prisma (goal ≥ 3) |',
    '|---|---|---|---|---|---|',
    `| 8 distinct cases, median tps | ${t.ours} | ${t.raw} | ${t.plainPrisma} | ${t.oursToRaw}: ${mark(t.oursToRaw >= 0.7)} | ${t.oursToPlainPrisma}: ${mark(t.oursToPlainPrisma >= 3)} |`,
    `| one case, 8 racing: tps (conflicts) | ${t.oneCase.ours.tps} (${t.oneCase.ours.conflicts}) | ${t.oneCase.raw.tps} (${t.oneCase.raw.conflicts}) | ${t.oneCase.plainPrisma.tps} (${t.oneCase.plainPrisma.conflicts}) | — | — |`,
    '',
    `Each alternation, ours / raw pg / plain Prisma (tps): ${runs}. Errors: ${t.runs.reduce((n, r) => n + r.ours.errors + r.raw.errors + r.plainPrisma.errors, 0)}.`,
  ];
}
