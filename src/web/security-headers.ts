// The headers of every page: a Content-Security-Policy with no inline script (no script at all: the
// pages need none) and no framing, no Referer to other sites (a page's URL carries its token), no MIME
// sniffing, and nothing cached or indexed (a case page is personal).
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { WebEnv } from './web-env.js';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

export function securityHeaders(https: () => boolean): MiddlewareHandler<WebEnv>[] {
  return [
    secureHeaders({
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
      referrerPolicy: 'no-referrer',
      xFrameOptions: 'DENY',
      xContentTypeOptions: 'nosniff',
      // Only meaningful, and only sent, where the public address is https.
      strictTransportSecurity: false,
      crossOriginResourcePolicy: 'same-origin',
      crossOriginOpenerPolicy: 'same-origin',
      permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
    }),
    async (c, next) => {
      await next();
      if (https()) c.header('Strict-Transport-Security', 'max-age=15552000');
      if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
      c.header('X-Robots-Tag', 'noindex, nofollow');
    },
  ];
}
