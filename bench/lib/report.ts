// docs/benchmarks.md, written from a full run's results: every figure below comes from the JSON.
import { writeFile } from 'node:fs/promises';

type Results = Record<string, any>;

const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

export async function writeReport(r: Results): Promise<void> {
  const m = r.machine;
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${r.date.slice(0, 10)} (${r.date}). Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, PostgreSQL ${m.postgres}.`,
    'Every figure is from that run; the raw numbers, with p50/p95/p99/max and counts, are in `bench/results/latest.json`.',
    'Ratios compare with a baseline measured in the same run, since absolute times drift on a shared machine.',
    '',
    '## 1. Acknowledgement latency through the HTTP receiver (ms)',
    '',
    'Signed requests over keep-alive HTTP to the bot running as its own process (`src/main.ts`, Postgres, the Web API stand-in on loopback). The baseline is a bare Bolt app (`bench/bare-bolt.ts`) acking the same requests. `status` answers in its ack (one or two queries); `click` is a forward click on a different case each time, acknowledged before its transaction.',
    '',
    '| request | concurrency | ours p50 / p95 / p99 | bare p50 / p95 / p99 | ratio p50 / p95 / p99 | errors | goal (c32: p99 ratio ≤ 1.5, p99 < 100 ms) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const [key, v] of Object.entries<any>(r.latency)) {
    const [name, c] = key.split('@');
    const goal = c === '32' ? mark(v.ratio.p99 <= 1.5 && v.ours.p99 < 100) : '—';
    lines.push(`| ${name} | ${c} | ${v.ours.p50} / ${v.ours.p95} / ${v.ours.p99} | ${v.bare.p50} / ${v.bare.p95} / ${v.bare.p99} | ${v.ratio.p50} / ${v.ratio.p95} / ${v.ratio.p99} | ${v.ours.errors} | ${goal} |`);
  }
  const t = r.tps;
  lines.push(
    '',
    '## 2. Transitions per second (concurrency 8)',
    '',
    'A transition: version check, transition row, case update and outbox rows in one transaction, through `applyAction`. The baseline issues the same statements with plain `pg`.',
    '',
    '| run | ours tps | raw pg tps | conflicts (ours / raw) | errors | goal (distinct: ≥ 0.5 of raw) |',
    '|---|---|---|---|---|---|',
    `| 8 distinct cases | ${t.distinct.tps} | ${t.rawDistinct.tps} | ${t.distinct.conflicts} / ${t.rawDistinct.conflicts} | ${t.distinct.errors} | ratio ${t.ratio}: ${mark(t.ratio >= 0.5)} |`,
    `| one case, 8 racing | ${t.oneCase.tps} | ${t.rawOneCase.tps} | ${t.oneCase.conflicts} / ${t.rawOneCase.conflicts} | ${t.oneCase.errors} | conflicts handled, not errors |`,
    '',
    '## 3. Outbox drain',
    '',
    `${r.drain.notifications} notifications across ${r.drain.channels} channels. The stand-in answers 429 to more than one \`chat.postMessage\` per channel every ${r.drain.paceMs} ms (a faster pace than Slack's one a second, so the run takes seconds, not minutes).`,
    '',
    '| drain (s) | theoretical minimum (s) | ratio | 429s | dead | goal (≤ 1.2 × minimum, almost no 429s) |',
    '|---|---|---|---|---|---|',
    `| ${r.drain.drain} | ${r.drain.minimum} | ${r.drain.ratio} | ${r.drain.rateLimited} | ${r.drain.dead} | ${mark(r.drain.ratio <= 1.2 && r.drain.rateLimited <= r.drain.notifications / 100)} |`,
    '',
    `## 4. A grown record: ${r.grown.cases.toLocaleString('en')} cases, ${r.grown.transitions.toLocaleString('en')} transitions`,
    '',
    '| command | p50 (ms) | p99 (ms) | errors | goal (p99 < 50 ms) |',
    '|---|---|---|---|---|',
    `| \`/mdoc status\` | ${r.grown.status.p50} | ${r.grown.status.p99} | ${r.grown.status.errors} | ${mark(r.grown.status.p99 < 50)} |`,
    `| \`/mdoc list\` | ${r.grown.list.p50} | ${r.grown.list.p99} | ${r.grown.list.errors} | ${mark(r.grown.list.p99 < 50)} |`,
    ...(r.grown.home
      ? [
          `| App Home render, a reviewer (every open case is at an agency step) | ${r.grown.home.reviewer.p50} | ${r.grown.home.reviewer.p99} | — | ${mark(r.grown.home.reviewer.p99 < 50)} |`,
          `| App Home render, the requester of all ${r.grown.cases.toLocaleString('en')} cases | ${r.grown.home.requester.p50} | ${r.grown.home.requester.p99} | — | ${mark(r.grown.home.requester.p99 < 50)} |`,
        ]
      : []),
    '',
    'Status and list go through the HTTP receiver (the answer is in the ack). The Home render is timed in-process: the queries and the view, which are what `views.publish` waits for.',
    '',
    'Query plans (`EXPLAIN`) on that record:',
    '',
  );
  for (const [name, p] of Object.entries<any>(r.grown.plans)) lines.push(`- ${name}: ${p.usesIndex ? 'uses an index' : '**no index**'}`, '  ```', ...p.plan.split('\n').map((l: string) => `  ${l}`), '  ```');
  lines.push(
    '',
    '## 5. Memory',
    '',
    '| bot RSS idle (MB) | after load 1 (MB) | goal (< 200 MB) |',
    '|---|---|---|',
    `| ${r.rss.idle} | ${r.rss.afterLoad} | ${mark(r.rss.afterLoad < 200)} |`,
    '',
    '## Where goals are missed, and why',
    '',
    '- **Latency at concurrency 32.** The load generator, the bot, the bare app and Postgres share two cores. At 32 concurrent requests the bare app\'s own p99 rises steeply too, so the machine is saturated. Ours does more work on the same event loop. `status` runs its queries before the ack, because the answer is the ack. A click is acknowledged first, but its transaction, its ephemeral messages and the outbox worker run in the same process and compete with the next requests. Acknowledging `status` at once and answering through `response_url` would take the queries out of the ack. That is not done yet.',
    '- **Memory.** The bot runs TypeScript through `tsx`, and the esbuild loader alone costs tens of MB. Prisma 7 loads its query compiler as WebAssembly. The schema engine, also WebAssembly, is loaded once for the migrations at start and stays resident. Under load the V8 heap grows with in-flight requests and deliveries. Ways to go below 200 MB: run compiled JavaScript, run migrations in a separate process before the bot, and cap the old-space size.',
    '- **Transitions per second.** Through Prisma\'s interactive transaction, the rate was a small fraction of raw pg: on this machine Prisma\'s per-statement overhead was several times the cost of the statements. The transition and the case creation now run as SQL on the pg pool Prisma shares. What remains is the use case\'s own work: the read through Prisma, the workflow decision, the form check, the deadline and the outbox rows (one more than the baseline writes, for the overdue reminder).',
    '- **Outbox drain.** The stream heads are claimed in one grouped pass. The first version probed once per pending row, which made a large backlog drain many times slower than its minimum. Pacing now also counts from each call\'s completion, so a call that arrives late cannot draw a 429 for the next one. What remains above the minimum is the database round trips of each delivery: claim, read, render, pace, mark.',
    '',
  );
  await writeFile('docs/benchmarks.md', lines.join('\n'));
}
