// `npm run audit:verify [-- --against <transitions CSV>]`: walks the hash chain of the transition record
// (issue 12) and exits 0 printing how many rows it checked when the chain is whole, or 1 naming the first
// broken case and row. With --against, every row of a kept `/mdoc export` must also still be in the
// database with the same hash: that shows what the chain alone cannot (a whole case deleted, or a chain
// recomputed from some row on). It reads DATABASE_URL, or else the bot's embedded database under
// MDOC_DATA_DIR (stop the bot first: the embedded database serves one process). It only reads.
import 'dotenv/config';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../db/embedded-postgres.js';
import { createPrisma } from '../../db/prisma.js';
import { describeBreak, hasChain, verifyChain } from '../verify-chain.js';
import { verifyExport } from '../verify-export.js';

const args = process.argv.slice(2);
const againstAt = args.indexOf('--against');
const against = againstAt >= 0 ? args[againstAt + 1] : undefined;
if ((againstAt >= 0 && !against) || args.some((a, i) => a.startsWith('--') && a !== '--against') || args.length > (againstAt >= 0 ? 2 : 0)) {
  console.error('usage: npm run audit:verify [-- --against <mdoc-transitions-….csv>]');
  process.exit(2);
}

const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres(process.env.MDOC_DATA_DIR || '.data');
const client = createPrisma(process.env.DATABASE_URL || embedded!.url, 1);
let code = 0;
try {
  if (!(await hasChain(client))) {
    console.error('audit:verify: this database has no hash chain yet: start the bot once, which applies the migration transition_chain');
    code = 2;
  } else {
    const chain = await verifyChain(client);
    if (chain.whole) console.log(`audit:verify: the chain is whole: ${chain.rows} transitions of ${chain.cases} case${chain.cases === 1 ? '' : 's'} checked`);
    else {
      console.error(`audit:verify: the chain is broken at ${describeBreak(chain.broken)}`);
      console.error(`(${chain.rows} transitions before it were whole)`);
      code = 1;
    }
    if (code === 0 && against) {
      const kept = await verifyExport(client, against);
      if (kept.matches) console.log(`audit:verify: every one of the ${kept.rows} transitions in ${path.basename(against)} is in the database with the same hash`);
      else {
        console.error(`audit:verify: ${path.basename(against)}, row ${kept.row}: ${kept.problem}`);
        code = 1;
      }
    }
  }
} finally {
  await client.$disconnect().catch(() => {});
  await embedded?.stop();
}
process.exit(code);
