// The Bolt app: receiver (HTTP or Socket Mode), /healthz, and every listener.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, type CustomRoute } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Config } from '../config.js';
import { boltLogger, type Logger } from '../logger.js';
import * as caseAction from './listeners/actions/case-action.js';
import * as caseMenu from './listeners/actions/case-menu.js';
import * as listPage from './listeners/actions/list-page.js';
import * as openStatus from './listeners/actions/open-status.js';
import * as appHomeOpened from './listeners/events/app-home-opened.js';
import * as unknownAction from './listeners/actions/unknown-action.js';
import * as originCheck from './listeners/origin-check.js';
import * as mdocCommand from './listeners/commands/mdoc-command.js';
import * as requestLog from './listeners/request-log.js';
import * as actionFormSubmission from './listeners/views/action-form-submission.js';
import * as newCaseSubmission from './listeners/views/new-case-submission.js';
import * as documentUpload from './listeners/actions/document-upload.js';
import * as documentUploadSubmission from './listeners/views/document-upload-submission.js';
import * as inboundTriage from './listeners/actions/inbound-triage.js';
import * as addContact from './listeners/actions/add-contact.js';
import * as clearBounce from './listeners/actions/clear-bounce.js';
import * as inboundLinkSubmission from './listeners/views/inbound-link-submission.js';
import type { Backlog } from './backlog.js';
import { routeListeners } from './listener-router.js';
import { createReceiver } from './receiver.js';
import type { SlackServices } from './services.js';
import type { BotIdentity } from './verify-token.js';

export { EVENTS_PATH } from './receiver.js';
export interface SlackAppOptions {
  config: Config;
  logger: Logger;
  services: SlackServices;
  /** Whether the bot can serve: the database answers. */
  healthy: () => Promise<boolean>;
  clientOptions: WebClientOptions;
  identity: BotIdentity;
  /** Where acknowledged work waits for its turn; every request that arrives is told to it. */
  backlog: Backlog;
  /** More pages served on PORT next to /slack/events and /healthz (the applicant's web door), in both modes. */
  routes?: CustomRoute[];
  /** The route for every path no other claims (the web door's 404 page); tried last. */
  fallback?: CustomRoute;
}

export function createSlackApp({ config, logger, services, healthy, clientOptions, identity, backlog, routes = [], fallback }: SlackAppOptions): App {
  const health = {
    path: '/healthz',
    method: ['GET'],
    handler: async (_req: IncomingMessage, res: ServerResponse) => {
      const ok = await healthy();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: ok ? 'ok' : 'unavailable' }));
    },
  };
  const slackLogger = boltLogger(logger);
  // Routes are tried in order: the fallback, which matches every path, last.
  const customRoutes = [health, ...routes, ...(fallback ? [fallback] : [])];
  const receiver = createReceiver({ appToken: config.slack.appToken, signingSecret: config.slack.signingSecret, port: config.port, logger: slackLogger, customRoutes });
  // The token was verified by verifySlackToken; Bolt's own check at construction would crash the
  // process with an unhandled rejection when Slack is briefly unreachable.
  const app = new App({
    token: config.slack.botToken,
    ...identity,
    tokenVerificationEnabled: false,
    receiver,
    logger: slackLogger,
    clientOptions,
  });

  // Work waits while requests arrive (backlog.ts): the moment the receiver hands one over counts.
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event) => {
    backlog.arrived();
    return processEvent(event);
  };
  requestLog.register(app, logger);
  originCheck.register(app, identity, logger, services.roles);
  mdocCommand.register(app, services, backlog);
  appHomeOpened.register(app, services);
  const router = routeListeners(app);
  caseAction.register(router, services, backlog);
  newCaseSubmission.register(router, services);
  actionFormSubmission.register(router, services);
  listPage.register(router, services);
  openStatus.register(router, services);
  caseMenu.register(router, services);
  documentUpload.register(router, services);
  documentUploadSubmission.register(router, services);
  inboundTriage.register(router, services);
  addContact.register(router, services);
  clearBounce.register(router, services);
  inboundLinkSubmission.register(router, services);
  unknownAction.register(router, services);
  app.error(async (error) => {
    logger.error({ err: error.message, code: (error as { code?: string }).code }, 'unhandled error in a listener');
  });
  return app;
}
