// Every request gets an ID and a child logger, set by a global middleware, so that each log line of a
// request can be found together.
import { randomUUID } from 'node:crypto';
import type { App, Context } from '@slack/bolt';
import type { Logger } from '../../logger.js';

export function register(app: App, logger: Logger): void {
  app.use(async ({ context, next }) => {
    const requestId = randomUUID();
    context.requestId = requestId;
    context.log = logger.child({ requestId });
    await next();
  });
}

export function requestLog(context: Context): Logger {
  return context.log as Logger;
}
