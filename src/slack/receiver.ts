// The receiver: Socket Mode when an app token is set, otherwise HTTP on /slack/events. Either way its
// HTTP server also serves the custom routes (/healthz, /metrics, the web door), tried in order.
//
// Both receivers match those routes with path-to-regexp, decoding each parameter with decodeURIComponent,
// which throws on a path such as /c/%E0. In Socket Mode that throw happens in the server's async request
// listener: an unhandled rejection, which ends the process. In HTTP mode the receiver answers an empty
// 500. So before a receiver routes a request, a path it cannot decode has its percent signs escaped: it
// is then a path no route knows, and the web door's fallback answers it with its 404 page.
import type { IncomingMessage, Server } from 'node:http';
import { HTTPReceiver, SocketModeReceiver, type CustomRoute, type Logger as SlackLogger, type Receiver } from '@slack/bolt';

export const EVENTS_PATH = '/slack/events';
/** Slack's payloads are a few kilobytes; anything over this is refused with 413. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface ReceiverOptions {
  /** Socket Mode when set. */
  appToken?: string;
  /** HTTP mode's request signatures. */
  signingSecret?: string;
  /** Socket Mode's server for the custom routes (HTTP mode's is given to App.start). */
  port: number;
  logger: SlackLogger;
  customRoutes: CustomRoute[];
}

export function createReceiver({ appToken, signingSecret, port, logger, customRoutes }: ReceiverOptions): Receiver {
  if (appToken) {
    const receiver = new SocketModeReceiver({ appToken, logger, customRoutes, installerOptions: { port } });
    // Its server for custom routes is made in the constructor and not exposed: a listener put before the
    // receiver's own runs first, synchronously, on the same request.
    (receiver as unknown as { httpServer?: Server }).httpServer?.prependListener('request', makeReadable);
    return receiver;
  }
  const receiver = new HTTPReceiver({ signingSecret: signingSecret!, endpoints: EVENTS_PATH, customRoutes, logger, processBeforeResponse: false, bodyLimit: MAX_BODY_BYTES });
  // Its server calls this property for every request.
  const route = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    makeReadable(req);
    route(req, res);
  };
  return receiver;
}

/** The request's URL with a path decodeURIComponent can read: unchanged if it could already. */
export function readableUrl(url: string): string {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  try {
    decodeURIComponent(path);
    return url;
  } catch {
    return path.replaceAll('%', '%25') + (query < 0 ? '' : url.slice(query));
  }
}

function makeReadable(req: IncomingMessage): void {
  if (req.url) req.url = readableUrl(req.url);
}
