// The web door served by the Slack receiver's own HTTP server (the HTTP receiver in HTTP mode, the
// Socket Mode receiver's server otherwise), as custom routes next to /slack/events and /healthz. The
// receiver keeps /slack/events exactly as it was: signature checks, 401, 400, 413.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { CustomRoute } from '@slack/bolt';
import type { Hono } from 'hono';
import { WEB_ROUTES } from './web-app.js';
import type { WebEnv } from './web-env.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function handlerOf(app: Hono<WebEnv>): Handler {
  // Node's own Request and Response stay as they are for the rest of the process.
  const listener = getRequestListener(app.fetch, { overrideGlobalObjects: false });
  return (req, res) => void listener(req, res);
}

export function boltRoutes(app: Hono<WebEnv>): CustomRoute[] {
  const handler = handlerOf(app);
  return WEB_ROUTES.map(({ path, methods }) => ({ path, method: methods, handler }));
}

/** Every path, `/` included (path-to-regexp 8's optional wildcard). */
const EVERY_PATH = '{/*rest}';
const EVERY_METHOD = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** The receiver's own paths: an unknown one gets the receiver's own answer, an empty 404. */
const SLACK_PATH = /^\/slack(?:\/|$)/;

/**
 * The route for every path no other route claims: the web door's 404 page, with its headers, instead of
 * the receiver's bare 404. Both receivers try routes in order, so it must come last. Both answer an
 * unknown path with an empty 404 themselves; neither lets a route hand a request back, so under /slack
 * this route gives that same answer.
 */
export function fallbackRoute(app: Hono<WebEnv>): CustomRoute {
  const web = handlerOf(app);
  const handler: Handler = (req, res) => {
    if (SLACK_PATH.test(new URL(req.url ?? '/', 'http://localhost').pathname)) {
      res.writeHead(404);
      res.end();
      return;
    }
    web(req, res);
  };
  return { path: EVERY_PATH, method: EVERY_METHOD, handler };
}
