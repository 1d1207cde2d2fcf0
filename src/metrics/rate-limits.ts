// Slack's 429s, by Web API method, as each WebClient sees them (it says so before it throws or waits):
// the bot's own clients (the outbox, user groups) and those Bolt gives the listeners.
import type { App } from '@slack/bolt';
import { WebClientEvent, type WebClient } from '@slack/web-api';

/** The method of a Web API URL (…/api/chat.postMessage); anything else (a file upload URL) is `other`. */
export function methodOf(url: string): string {
  const last = url.replace(/[?#].*$/, '').split('/').pop() ?? '';
  return /^[a-z]+(\.[a-zA-Z]+)+$/.test(last) ? last : 'other';
}

export function countRateLimits(client: WebClient, count: (method: string) => void): void {
  client.on(WebClientEvent.RATE_LIMITED, (_retryAfterSeconds: number, request: { url: string }) => count(methodOf(request.url)));
}

/** Bolt makes the listeners' clients itself; each is counted from the first request it serves. */
export function countListenerRateLimits(app: App, count: (method: string) => void): void {
  const watched = new WeakSet<WebClient>();
  app.use(async ({ client, next }) => {
    if (!watched.has(client)) {
      watched.add(client);
      countRateLimits(client, count);
    }
    await next();
  });
}
