// Checks the bot token once at start. A token Slack rejects stops the bot with a clear message; Slack
// being unreachable does not (the outbox retries every delivery), it is only logged.
import type { WebClient } from '@slack/web-api';
import { ConfigError } from '../config.js';
import type { Logger } from '../logger.js';

const REJECTED = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive']);

export interface BotIdentity {
  botId?: string;
  botUserId?: string;
  teamId?: string;
  /** Our app's ID: requests naming another app are refused. */
  appId?: string;
  /** The Enterprise organisation of our workspace, when it is in one: its users' team_id may be this. */
  enterpriseId?: string;
}

export async function verifySlackToken(client: WebClient, logger: Logger): Promise<BotIdentity> {
  try {
    const auth = await client.auth.test();
    const bot = auth.bot_id ? await client.bots.info({ bot: auth.bot_id }).catch(() => undefined) : undefined;
    logger.info({ team: auth.team_id, enterprise: auth.enterprise_id, botUserId: auth.user_id, appId: bot?.bot?.app_id }, 'Slack token verified');
    return { botId: auth.bot_id, botUserId: auth.user_id, teamId: auth.team_id, appId: bot?.bot?.app_id, ...(auth.enterprise_id ? { enterpriseId: auth.enterprise_id } : {}) };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code && REJECTED.has(code)) {
      throw new ConfigError(`Slack rejected SLACK_BOT_TOKEN (${code}). Copy the "Bot User OAuth Token" (xoxb-…) of the app created from manifests/ again.`);
    }
    logger.warn({ err: (error as Error).message }, 'Slack Web API not reachable at start; continuing, deliveries will retry');
    return {};
  }
}
