// Signed Slack requests for the load generator, as Slack would send them.
import { buttonClickPayload, sign } from '../../test/helpers/signed-requests.js';
import type { SignedRequest } from './load.js';

export const BENCH_SECRET = 'bench-signing-secret-0123456789';

export function signed(body: string): SignedRequest {
  return { body, headers: sign(body, BENCH_SECRET) };
}

export function statusCommand(caseKey: string, userId: string, responseUrl: string): SignedRequest {
  return command(`status ${caseKey}`, userId, responseUrl);
}

/** A slash command whose answer (status, list) is posted to `responseUrl`, the Web API stand-in. */
export function command(text: string, userId: string, responseUrl: string): SignedRequest {
  return signed(
    new URLSearchParams({
      token: 't', command: '/mdoc', text, response_url: responseUrl, trigger_id: 'trig', user_id: userId, user_name: 'bench',
      team_id: 'T1', team_domain: 'desk', channel_id: 'C0REVIEW', channel_name: 'review', api_app_id: 'A1',
    }).toString(),
  );
}

/** A click of the forward button on a case card at (1)-b, made for version 1. */
export function forwardClick(caseKey: string, userId: string): SignedRequest {
  const payload = buttonClickPayload({ userId, actionId: 'mdoc_action:send_documents', value: JSON.stringify({ case: caseKey, step: '(1)-b', version: 1 }) });
  return signed(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
}
