// prom-client's default metrics (CPU, memory, event loop lag, GC, handles) describe the process, not one
// bot: they are collected once per process, in a registry of their own (not prom-client's global one),
// however many bots a test process starts. Created at the first scrape: a bot nobody scrapes pays nothing.
import { Registry, collectDefaultMetrics } from 'prom-client';

let registry: Registry | undefined;

export function processMetrics(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}
