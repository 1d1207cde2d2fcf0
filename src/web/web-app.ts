// The web door as one Hono app: security headers on every answer, the CSRF cookie, the rate limit on
// the routes that take input, the stylesheet, the intake and case pages, and plain error pages.
import { Hono } from 'hono';
import { registerApplyRoutes } from './apply-routes.js';
import { registerCaseRoutes } from './case-routes.js';
import { ISSUED_ROUTE, registerIssuedRoutes } from './issued-routes.js';
import { registerVerifyRoutes, VERIFY_ROUTE } from './verify-routes.js';
import { csrfCookie } from './csrf.js';
import { BadBody, BodyTooLarge } from './form-body.js';
import { BAD_REQUEST, NOT_FOUND, TOO_LARGE, TOO_MANY, UNAVAILABLE } from './pages/error-pages.js';
import { rateLimit } from './rate-limit.js';
import { errorHtml, sendError } from './respond.js';
import { securityHeaders } from './security-headers.js';
import { STYLESHEET, STYLESHEET_PATH } from './stylesheet.js';
import type { WebDeps } from './web-deps.js';
import type { WebEnv } from './web-env.js';

/** The paths the app answers; the Slack receiver hands these (and only these) to it. */
export const WEB_ROUTES: { path: string; methods: ('GET' | 'POST')[] }[] = [
  { path: '/apply', methods: ['GET', 'POST'] },
  { path: '/apply/confirm/:token', methods: ['GET', 'POST'] },
  { path: '/c/:token', methods: ['GET', 'POST'] },
  { path: ISSUED_ROUTE, methods: ['GET'] },
  { path: VERIFY_ROUTE, methods: ['GET', 'POST'] },
  { path: STYLESHEET_PATH, methods: ['GET'] },
];

export function createWebApp(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const log = deps.logger.child({ component: 'web' });

  app.use('*', ...securityHeaders(deps.https));
  app.get(STYLESHEET_PATH, (c) => c.body(STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }));

  const limited = rateLimit({ ...deps.limits.rate, refused: (at, seconds) => errorHtml(TOO_MANY(at, seconds)) });
  // '/apply/*' covers /apply itself too.
  app.use('/apply/*', limited);
  app.on('POST', '/c/*', limited);
  app.use('/verify/*', limited);
  app.use('*', csrfCookie(deps.signer, deps.https));

  registerApplyRoutes(app, deps);
  registerCaseRoutes(app, deps);
  registerIssuedRoutes(app, deps);
  registerVerifyRoutes(app, deps);

  app.notFound((c) => sendError(c, NOT_FOUND, 404));
  app.onError((error, c) => {
    const back = new URL(c.req.url).pathname;
    if (error instanceof BodyTooLarge) return sendError(c, TOO_LARGE(back, Math.floor(error.limit / (1024 * 1024)) || 1), 413);
    if (error instanceof BadBody) {
      log.info({ err: error.message }, 'a web form could not be read');
      return sendError(c, BAD_REQUEST(back), 400);
    }
    log.error({ err: error.message, path: back.replace(/\/(c|apply\/confirm)\/[^/]+/, '/$1/…') }, 'a web page failed');
    return sendError(c, UNAVAILABLE, 500);
  });
  return app;
}
