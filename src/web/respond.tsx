// Sending a page: the frame around it, its status, and the plain error pages.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ErrorPage, type ErrorPageText } from './pages/error-pages.js';
import { renderPage } from './pages/layout.js';
import type { WebEnv } from './web-env.js';

export async function sendPage(c: Context<WebEnv>, title: string, body: Child, status: ContentfulStatusCode = 200): Promise<Response> {
  return c.html(await renderPage(title, body), status);
}

export function sendError(c: Context<WebEnv>, text: ErrorPageText, status: ContentfulStatusCode): Promise<Response> {
  return sendPage(c, text.title, <ErrorPage text={text} />, status);
}

/** An error page as a string, for middleware that answers before any route (the rate limit). */
export function errorHtml(text: ErrorPageText): Promise<string> {
  return renderPage(text.title, <ErrorPage text={text} />);
}
