// How long Slack waits for its acknowledgement: from the moment the receiver hands a request to the app
// (its body read and its signature checked, in HTTP and in Socket Mode alike) to the moment the ack has
// been sent. Bolt middleware receives a copy of the request's arguments, so a wrapped `ack` would not
// reach the listeners; the request is wrapped where the receiver hands it over instead. Events are
// acknowledged by Bolt itself, before any middleware, through the same `ack`.
import type { App, ReceiverEvent } from '@slack/bolt';

export const REQUEST_KINDS = ['command', 'action', 'view_submission', 'event', 'shortcut', 'other'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export function requestKind(body: Record<string, unknown>): RequestKind {
  if (typeof body.command === 'string') return 'command';
  switch (body.type) {
    case 'block_actions':
    case 'interactive_message':
      return 'action';
    case 'view_submission':
      return 'view_submission';
    case 'event_callback':
      return 'event';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    default:
      return 'other';
  }
}

export function timeAcks(app: App, observe: (kind: RequestKind, seconds: number) => void): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event: ReceiverEvent) => {
    const arrived = performance.now();
    const kind = requestKind(event.body);
    let timed = false;
    const ack: ReceiverEvent['ack'] = async (response) => {
      await event.ack(response);
      if (timed) return;
      timed = true;
      observe(kind, (performance.now() - arrived) / 1000);
    };
    return processEvent({ ...event, ack });
  };
}
