// The load generator's own process (see load-generator.ts): runs each load it is sent and sends back
// the samples, so that sending requests and reading answers never waits on the bench's main process.
import { loadSamples, type SignedRequest } from './load.js';

export interface LoadJob {
  url: string;
  requests: SignedRequest[];
  concurrency: number;
}

process.on('message', async (job: LoadJob) => {
  process.send!(await loadSamples(job.url, job.requests, job.concurrency));
});
// Not a reason to stay alive once the bench has gone.
process.on('disconnect', () => process.exit(0));
