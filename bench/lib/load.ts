// A closed-loop load generator over keep-alive HTTP: `concurrency` workers each send the next request
// as soon as the previous answered. Latency is the time to the HTTP response (Slack's ack).
import http from 'node:http';
import { percentiles, type Percentiles } from './stats.js';

export interface LoadResult extends Percentiles {
  errors: number;
  seconds: number;
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** Every answered request's latency in ms, in the order answered, with the errors and the run's length. */
export interface LoadSamples {
  latencies: number[];
  errors: number;
  seconds: number;
}

export async function loadSamples(url: string, requests: SignedRequest[], concurrency: number): Promise<LoadSamples> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const send = (r: SignedRequest) =>
    new Promise<number>((resolve) => {
      const started = performance.now();
      const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - started : -1));
      });
      req.on('error', () => resolve(-1));
      req.end(r.body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const ms = await send(requests[next++]!);
        if (ms < 0) errors++;
        else latencies.push(ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { latencies, errors, seconds: Math.round(seconds * 100) / 100 };
}

export const summarise = ({ latencies, errors, seconds }: LoadSamples): LoadResult => ({ ...percentiles(latencies), errors, seconds });

export async function runLoad(url: string, requests: SignedRequest[], concurrency: number): Promise<LoadResult> {
  return summarise(await loadSamples(url, requests, concurrency));
}
