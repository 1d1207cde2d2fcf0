// The Home tab opened: remember that this person keeps a Home, and publish it through the outbox (so a
// Slack hiccup is retried like any other delivery).
import type { App } from '@slack/bolt';
import type { SlackServices } from '../../services.js';
import { requestLog } from '../request-log.js';

export function register(app: App, services: SlackServices): void {
  app.event('app_home_opened', async ({ event, context }) => {
    if (event.tab !== 'home') return;
    requestLog(context).info({ user: event.user }, 'home opened');
    await services.homeOpened(event.user);
  });
}
