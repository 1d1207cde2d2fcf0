// Section 2 of the bench: transitions per second through the bot's own use case, through the same
// statements on plain pg, and through a plain Prisma version of the transition, alternated so that a
// neighbour's load falls on all three alike; then the one-case race and the hash chain's cost.
import type pg from 'pg';
import { seedOpenCases } from './seed.js';
import { median, ratio } from './stats.js';
import { chainCost, ourTps, plainPrismaTps, rawTps, type ChainCost, type TpsResult } from './transitions.js';

const CONCURRENCY = 8;

export interface TpsSection {
  /** Each alternation's runs on 8 distinct fresh cases. */
  runs: { ours: TpsResult; raw: TpsResult; plainPrisma: TpsResult }[];
  /** Medians over the runs, in transitions per second. */
  ours: number;
  raw: number;
  plainPrisma: number;
  /** ours / raw (goal ≥ 0.7) and ours / plain Prisma (goal ≥ 3), from the medians. */
  oursToRaw: number;
  oursToPlainPrisma: number;
  /** 8 workers racing on one case: conflicts are answered, not errors. */
  oneCase: { ours: TpsResult; raw: TpsResult; plainPrisma: TpsResult };
  chain?: ChainCost;
}

export async function measureTransitions(url: string, db: pg.Client, o: { total: number; repeats: number; chain: boolean; log: (msg: string) => void }): Promise<TpsSection> {
  // Fresh cases for each run, so that every run starts from the same state.
  const fresh = (n: number) => seedOpenCases(db, n, 'UBENCHREQ');
  const runs: TpsSection['runs'] = [];
  for (let i = 0; i < o.repeats; i++) {
    const run = {
      ours: await ourTps(url, db, await fresh(CONCURRENCY), o.total, CONCURRENCY),
      raw: await rawTps(url, db, await fresh(CONCURRENCY), o.total, CONCURRENCY),
      plainPrisma: await plainPrismaTps(url, db, await fresh(CONCURRENCY), o.total, CONCURRENCY),
    };
    o.log(`tps ${i + 1}/${o.repeats}: ours ${run.ours.tps}, raw pg ${run.raw.tps}, plain Prisma ${run.plainPrisma.tps} (errors ${run.ours.errors}/${run.raw.errors}/${run.plainPrisma.errors})`);
    runs.push(run);
  }
  const [ours, raw, plainPrisma] = (['ours', 'raw', 'plainPrisma'] as const).map((k) => median(runs.map((r) => r[k].tps)));
  const race = Math.round(o.total / 4);
  const oneCase = {
    ours: await ourTps(url, db, await fresh(1), race, CONCURRENCY),
    raw: await rawTps(url, db, await fresh(1), race, CONCURRENCY),
    plainPrisma: await plainPrismaTps(url, db, await fresh(1), race, CONCURRENCY),
  };
  const section: TpsSection = { runs, ours: ours!, raw: raw!, plainPrisma: plainPrisma!, oursToRaw: ratio(ours!, raw!), oursToPlainPrisma: ratio(ours!, plainPrisma!), oneCase };
  o.log(`tps medians: ours ${section.ours}, raw pg ${section.raw}, plain Prisma ${section.plainPrisma}: ours/raw ${section.oursToRaw}, ours/plain Prisma ${section.oursToPlainPrisma}`);
  o.log(`tps one case: ours ${oneCase.ours.tps} (${oneCase.ours.conflicts} conflicts), raw ${oneCase.raw.tps} (${oneCase.raw.conflicts}), plain Prisma ${oneCase.plainPrisma.tps} (${oneCase.plainPrisma.conflicts})`);
  if (o.chain) {
    // The hash chain of the transition record (issue 12): the same runs with its trigger on and off.
    section.chain = await chainCost(url, db, fresh, o.total, CONCURRENCY, 3);
    const c = section.chain;
    o.log(`chain: ours ${c.withChain.join('/')} tps with, ${c.withoutChain.join('/')} without (cost ${c.cost}); raw ${c.rawWithChain.join('/')} with, ${c.rawWithoutChain.join('/')} without (cost ${c.rawCost})`);
  }
  return section;
}
