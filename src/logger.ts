// Structured logs (pino). Secrets and mail bodies are redacted wherever they appear in a log object.
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import pino, { type Logger } from 'pino';

export type { Logger };

const REDACT = [
  'token', '*.token', 'botToken', '*.botToken', 'signingSecret', '*.signingSecret', 'appToken', '*.appToken',
  'smtpUrl', '*.smtpUrl', 'linkSecret', '*.linkSecret', 'databaseUrl', '*.databaseUrl', 'authorization', '*.authorization', 'headers.authorization',
  'text', '*.text', 'mail.text', 'body', '*.body',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { app: 'mdoc-desk' }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}

/** Bolt wants its own logger interface; this one forwards to pino under `component: bolt`. */
export function boltLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'bolt' });
  const join = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    // Bolt's debug lines carry whole request bodies; keep them below our own debug.
    debug: (...msg) => child.trace(join(msg)),
    info: (...msg) => child.info(join(msg)),
    warn: (...msg) => child.warn(join(msg)),
    error: (...msg) => child.error(join(msg)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
