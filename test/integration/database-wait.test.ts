// At start the bot waits for its database with backoff instead of crashing.
import { describe, expect, it } from 'vitest';
import { waitForDatabase } from '../../src/db/open-database.js';
import { createLogger } from '../../src/logger.js';
import { TEST_SERVER_URL } from '../helpers/database.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

describe('waiting for the database', () => {
  it('retries until the database answers', async () => {
    const proxy = await new TcpProxy(5432).start();
    proxy.cut();
    const url = new URL(TEST_SERVER_URL);
    url.port = String(proxy.port);
    const lines: string[] = [];
    const started = Date.now();
    setTimeout(() => proxy.restore(), 1_200);
    await waitForDatabase(url.toString(), createLogger('warn', { write: (l: string) => void lines.push(l) }), 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(lines.some((l) => l.includes('database not reachable yet'))).toBe(true);
    await proxy.stop();
  });

  it('gives up with a clear error after its deadline', async () => {
    const proxy = await new TcpProxy(5432).start();
    proxy.cut();
    const url = new URL(TEST_SERVER_URL);
    url.port = String(proxy.port);
    await expect(waitForDatabase(url.toString(), createLogger('silent'), 600)).rejects.toThrow(/database not reachable after \d+ attempts/);
    await proxy.stop();
  });
});
