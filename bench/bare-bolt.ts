// The baseline of the latency benchmark: a bare Bolt app with the same receiver, acking the same signed
// requests and doing nothing else.
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET!, endpoints: '/slack/events', processBeforeResponse: false, logLevel: LogLevel.ERROR });
const app = new App({ token: 'xoxb-bare', receiver, tokenVerificationEnabled: false, botId: 'BBOT', botUserId: 'UBOT', logLevel: LogLevel.ERROR });
app.command('/mdoc', async ({ ack }) => ack());
app.action(/.*/, async ({ ack }) => ack());
const server = (await app.start(0)) as unknown as import('node:http').Server;
console.log(JSON.stringify({ msg: 'bare bolt is running', port: (server.address() as { port: number }).port }));
process.on('SIGTERM', () => app.stop().then(() => process.exit(0)));
