// In Socket Mode there is no /slack/events, but the pages are served all the same: Bolt's Socket Mode
// receiver runs its own HTTP server for custom routes, and the web door is handed to it as such.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SocketModeReceiver } from '@slack/bolt';
import { afterAll, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { boltRoutes } from '../../src/web/bolt-routes.js';
import { createTokenSigner } from '../../src/web/link-tokens.js';
import { createWebApp } from '../../src/web/web-app.js';
import { DEFAULT_WEB_LIMITS, type WebDeps } from '../../src/web/web-deps.js';

const unused = () => {
  throw new Error('not used by this test');
};

let server: Server | undefined;
afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

it('serves /apply and the stylesheet through the Socket Mode receiver', async () => {
  const app = createWebApp({
    cases: { findById: unused, findByKey: unused, history: unused, transitionAt: unused },
    openCase: unused,
    applyAction: unused,
    applications: {} as WebDeps['applications'],
    links: { resolve: async () => ({ kind: 'unknown' }) } as unknown as WebDeps['links'],
    signer: createTokenSigner('socket-mode-test-secret-0123456789abcdef'),
    https: () => false,
    logger: createLogger('silent'),
    limits: DEFAULT_WEB_LIMITS,
  });
  const receiver = new SocketModeReceiver({ appToken: 'xapp-1-test', customRoutes: boltRoutes(app), installerOptions: { port: 0 } });
  // The receiver's HTTP server, started without the socket (which would call Slack).
  server = (receiver as unknown as { httpServer: Server }).httpServer;
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const page = await fetch(`${base}/apply`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('申請する手続き');
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect((await fetch(`${base}/assets/mdoc-web.css`)).headers.get('content-type')).toContain('text/css');
  expect((await fetch(`${base}/c/whatever`)).status).toBe(404);
});
