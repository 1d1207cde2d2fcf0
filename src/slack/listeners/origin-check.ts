// Refuses requests from another workspace or another app, before any listener sees them. The signature
// proves a request came from Slack; this proves it came from our installation.
import type { App } from '@slack/bolt';
import { messages } from '../../i18n/messages.js';
import type { Logger } from '../../logger.js';
import type { BotIdentity } from '../verify-token.js';

interface Origin {
  team_id?: string;
  team?: { id?: string } | null;
  user?: { team_id?: string };
  api_app_id?: string;
}

export function register(app: App, identity: BotIdentity, logger: Logger): void {
  app.use(async ({ body, ack, next }) => {
    const origin = body as Origin;
    const team = origin.team_id ?? origin.team?.id ?? origin.user?.team_id;
    const foreignTeam = identity.teamId && team && team !== identity.teamId;
    const foreignApp = identity.appId && origin.api_app_id && origin.api_app_id !== identity.appId;
    if (!foreignTeam && !foreignApp) {
      await next();
      return;
    }
    logger.warn({ team, appId: origin.api_app_id }, 'request from another workspace or app refused');
    // Slack still expects an acknowledgement; the refusal says why and changes nothing.
    const isCommand = 'command' in (body as object);
    // A foreign user's locale cannot be asked of our workspace: the desk's language.
    if (ack) await ack(isCommand ? ({ text: messages('ja').command.foreign } as never) : undefined);
  });
}
