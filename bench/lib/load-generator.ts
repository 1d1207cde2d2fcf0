// A load generator in a process of its own. The acknowledgement rounds time both the bot and the bare
// app from there, so that neither's figures carry the bench's own bookkeeping, and the two see the same
// generator.
import { fork } from 'node:child_process';
import type { LoadJob } from './load-worker.js';
import type { LoadSamples, SignedRequest } from './load.js';

export interface LoadGenerator {
  run(url: string, requests: SignedRequest[], concurrency: number): Promise<LoadSamples>;
  stop(): Promise<void>;
}

export function startLoadGenerator(): LoadGenerator {
  const child = fork(new URL('./load-worker.ts', import.meta.url), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  let pending: { resolve: (s: LoadSamples) => void; reject: (e: Error) => void } | undefined;
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure = error;
    pending?.reject(error);
    pending = undefined;
  };
  child.on('message', (samples: LoadSamples) => {
    pending?.resolve(samples);
    pending = undefined;
  });
  child.on('error', fail);
  child.on('exit', (code) => fail(new Error(`the load generator exited with ${code}`)));
  return {
    run(url, requests, concurrency) {
      if (failure) return Promise.reject(failure);
      if (pending) return Promise.reject(new Error('the load generator runs one load at a time'));
      return new Promise<LoadSamples>((resolve, reject) => {
        pending = { resolve, reject };
        child.send({ url, requests, concurrency } satisfies LoadJob);
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}
