// Requests as Slack sends them: form-encoded, signed with the signing secret (v0 HMAC-SHA256).
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export function sign(body: string, secret = SIGNING_SECRET, timestamp = Math.floor(Date.now() / 1000), contentType = 'application/x-www-form-urlencoded'): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    'content-type': contentType,
    'x-slack-signature': signature,
    'x-slack-request-timestamp': String(timestamp),
  };
}

export interface SlackResponse {
  status: number;
  body: string;
  json(): any;
}

export async function post(url: string, body: string, headers: Record<string, string>): Promise<SlackResponse> {
  const res = await fetch(url, { method: 'POST', body, headers });
  const text = await res.text();
  return { status: res.status, body: text, json: () => (text ? JSON.parse(text) : undefined) };
}

export function commandBody(text: string, userId: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    token: 'legacy-token',
    command: '/mdoc',
    text,
    response_url: 'http://127.0.0.1:9/response',
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    user_id: userId,
    user_name: userId.toLowerCase(),
    team_id: 'T1',
    team_domain: 'desk',
    channel_id: 'C0REVIEW',
    channel_name: 'mdoc-review',
    api_app_id: 'A1',
    ...extra,
  }).toString();
}

export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API callback, as Slack posts it: JSON. */
export function eventBody(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'legacy-token',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2)}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { event_ts: String(Date.now() / 1000), ...event },
  });
}

export interface ButtonClick {
  userId: string;
  actionId: string;
  value: string;
  channel?: string;
  /** `team.id`: the workspace of the surface; for a message in a Slack Connect channel, the one that installed the app. */
  team?: string;
  /** `user.team_id`: the clicker's own workspace; another organisation's in a Slack Connect channel (default: `team`). */
  userTeam?: string;
  /** A view's `app_installed_team_id` (Home tab clicks; default: `team`). */
  installedTeam?: string;
  appId?: string;
  responseUrl?: string;
  /** Clicked in a view (the Home tab), not in a message. */
  inView?: boolean;
}

/** A block_actions payload for one button click, as Slack sends it: from a message, or from the Home tab. */
export function buttonClickPayload({ userId, actionId, value, channel = 'C0REVIEW', team = 'T1', userTeam = team, installedTeam = team, appId = 'A1', responseUrl = 'http://127.0.0.1:9/response', inView = false }: ButtonClick) {
  const where = inView
    ? {
        container: { type: 'view', view_id: 'VHOME' },
        view: { id: 'VHOME', type: 'home', team_id: team, app_id: appId, app_installed_team_id: installedTeam, bot_id: 'BBOT', blocks: [], state: { values: {} }, hash: 'h', private_metadata: '', callback_id: '' },
      }
    : {
        container: { type: 'message', message_ts: '1700000000.000100', channel_id: channel, is_ephemeral: false },
        channel: { id: channel, name: 'mdoc-review' },
        response_url: responseUrl,
      };
  // The shape Slack documents (block_actions payload reference), as a click by someone of another
  // organisation in a Slack Connect channel arrives: team is the installing workspace, user.team_id theirs.
  return {
    type: 'block_actions',
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: userTeam },
    api_app_id: appId,
    token: 'legacy-token',
    team: { id: team, domain: 'desk' },
    enterprise: null,
    is_enterprise_install: false,
    ...where,
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    actions: [{ type: 'button', action_id: actionId, block_id: inView ? 'home' : 'case_actions', value, text: { type: 'plain_text', text: actionId }, action_ts: String(Date.now() / 1000) }],
  };
}
