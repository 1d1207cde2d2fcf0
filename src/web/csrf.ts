// Forms against cross-site posting: a random cookie per browser (HttpOnly, SameSite=Lax) and, in every
// form, a token signed for that cookie. A post counts only when the two match. The pages send no
// Referer (Referrer-Policy: no-referrer), so browsers post them with `Origin: null`: a check of the
// Origin header would refuse the page's own forms, which is why this uses a token.
import { randomBytes } from 'node:crypto';
import { getCookie, setCookie } from 'hono/cookie';
import type { Context, MiddlewareHandler } from 'hono';
import type { TokenSigner } from './link-tokens.js';
import type { WebEnv } from './web-env.js';

export const CSRF_COOKIE = 'mdoc_csrf';
/** The hidden field of every form. */
export const CSRF_FIELD = '_csrf';
const COOKIE_DAYS = 7;

/** Gives every browser its cookie (set once, kept for a week) and every page its form token. */
export function csrfCookie(signer: TokenSigner, secure: () => boolean): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    let cookie = getCookie(c, CSRF_COOKIE);
    if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) {
      cookie = randomBytes(32).toString('base64url');
      setCookie(c, CSRF_COOKIE, cookie, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secure(), maxAge: COOKIE_DAYS * 86_400 });
    }
    c.set('csrfCookie', cookie);
    c.set('csrfToken', signer.formToken(cookie));
    await next();
  };
}

/** Whether a posted form came from our own page in this browser. */
export function csrfValid(c: Context<WebEnv>, signer: TokenSigner, token: string): boolean {
  // A cookie set by this very response was not in the request: such a post has no matching form.
  const sent = getCookie(c, CSRF_COOKIE);
  return Boolean(sent && token && signer.formTokenMatches(sent, token));
}
