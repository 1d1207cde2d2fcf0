// In Socket Mode there is no /slack/events, but the pages are served all the same: Bolt's Socket Mode
// receiver runs its own HTTP server for custom routes, and the web door is handed to it as such, its
// 404 page last. A path the route matching cannot decode (/c/%E0) no longer ends the process.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { boltLogger, createLogger } from '../../src/logger.js';
import { createReceiver } from '../../src/slack/receiver.js';
import { boltRoutes, fallbackRoute } from '../../src/web/bolt-routes.js';
import { createTokenSigner } from '../../src/web/link-tokens.js';
import { createWebApp } from '../../src/web/web-app.js';
import { DEFAULT_WEB_LIMITS, type WebDeps } from '../../src/web/web-deps.js';

const unused = () => {
  throw new Error('not used by this test');
};

let server: Server | undefined;
afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

it('serves /apply, the stylesheet and our 404 page through the Socket Mode receiver, and survives undecodable paths', async () => {
  const app = createWebApp({
    cases: { findById: unused, findByKey: unused, history: unused, transitionAt: unused },
    openCase: unused,
    applyAction: unused,
    applications: {} as WebDeps['applications'],
    links: { resolve: async () => ({ kind: 'unknown' }) } as unknown as WebDeps['links'],
    issued: { list: unused, download: unused },
    certificates: { find: unused },
    signer: createTokenSigner('socket-mode-test-secret-0123456789abcdef'),
    https: () => false,
    logger: createLogger('silent'),
    limits: DEFAULT_WEB_LIMITS,
  });
  const health = { path: '/healthz', method: ['GET'], handler: (_req: unknown, res: { end: (s: string) => void }) => res.end('ok') };
  const receiver = createReceiver({ appToken: 'xapp-1-test', port: 0, logger: boltLogger(createLogger('silent')), customRoutes: [health, ...boltRoutes(app), fallbackRoute(app)] });
  // The receiver's HTTP server, started without the socket (which would call Slack).
  server = (receiver as unknown as { httpServer: Server }).httpServer;
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const page = await fetch(`${base}/apply`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('申請する手続き');
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect((await fetch(`${base}/assets/mdoc-web.css`)).headers.get('content-type')).toContain('text/css');
  expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok');
  for (const path of ['/c/whatever', '/nope', '/', '/c/%E0', '/%E0%A4?x=%zz', '/apply/%FF']) {
    const res = await fetch(`${base}${path}`);
    expect(res.status, path).toBe(404);
    expect(res.headers.get('content-security-policy'), path).toContain("default-src 'none'");
    expect(await res.text(), path).toContain('ページが見つかりません');
  }
  // Under /slack the receiver's own answer: an empty 404.
  for (const path of ['/slack/events', '/slack/install', '/slack/%E0']) {
    const res = await fetch(`${base}${path}`);
    expect(res.status, path).toBe(404);
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(await res.text()).toBe('');
  }
  // HEAD and other methods reach the web door too.
  expect((await fetch(`${base}/apply`, { method: 'HEAD' })).status).toBe(200);
  expect((await fetch(`${base}/nope`, { method: 'DELETE' })).status).toBe(404);
});
