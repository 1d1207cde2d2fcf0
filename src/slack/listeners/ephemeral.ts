// Telling the person who clicked a button in a channel, and nobody else: an ephemeral message in the
// channel, in the thread when the button was in one.
import type { BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

export function ephemeralTeller(client: WebClient, body: BlockAction): (text: string) => Promise<void> {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const thread = body.container?.thread_ts ?? body.message?.thread_ts;
  return async (text) => {
    if (channel) await client.chat.postEphemeral({ channel, user: body.user.id, text, ...(thread ? { thread_ts: String(thread) } : {}) });
  };
}
