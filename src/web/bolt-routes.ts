// The web door served by the Slack receiver's own HTTP server (the HTTP receiver in HTTP mode, the
// Socket Mode receiver's server otherwise), as custom routes next to /slack/events and /healthz. The
// receiver keeps /slack/events exactly as it was: signature checks, 401, 400, 413.
import { getRequestListener } from '@hono/node-server';
import type { CustomRoute } from '@slack/bolt';
import type { Hono } from 'hono';
import { WEB_ROUTES } from './web-app.js';
import type { WebEnv } from './web-env.js';

export function boltRoutes(app: Hono<WebEnv>): CustomRoute[] {
  // Node's own Request and Response stay as they are for the rest of the process.
  const listener = getRequestListener(app.fetch, { overrideGlobalObjects: false });
  const handler: CustomRoute['handler'] = (req, res) => void listener(req, res);
  return WEB_ROUTES.map(({ path, methods }) => ({ path, method: methods, handler }));
}
