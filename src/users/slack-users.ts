// What the bot remembers of Slack users: their locale (asked of users.info once a day, kept in the
// database so that a restart does not ask everyone again) and whether they have opened the Home tab.
import { poolOf, type PrismaClient } from '../db/prisma.js';
import { sqlOn } from '../db/sql.js';
import { localeOf, type Locale } from '../i18n/locale.js';
import type { Logger } from '../logger.js';

export interface SlackUsersOptions {
  prisma: PrismaClient;
  /** users.info with include_locale: the user's Slack locale, e.g. `en-US`. */
  fetchLocale: (userId: string) => Promise<string | undefined>;
  logger: Logger;
  /** How long a known locale is trusted before users.info is asked again. */
  refreshMs?: number;
  /** How long to wait for users.info: a modal must open within Slack's 3 s of the click. */
  timeoutMs?: number;
}

const DAY_MS = 86_400_000;

export function createSlackUsers({ prisma, fetchLocale, logger, refreshMs = DAY_MS, timeoutMs = 1_000 }: SlackUsersOptions) {
  const known = new Map<string, { locale: Locale; until: number }>();
  // Plain SQL on the shared pool: read on every click, and Prisma's query engine would cost the process
  // tens of megabytes for these few statements (docs/benchmarks.md).
  const sql = sqlOn(poolOf(prisma));

  /** The locale, and how long to keep it in memory. */
  async function lookup(userId: string): Promise<[Locale, number]> {
    let row;
    try {
      [row] = await sql<{ locale: string | null; localeCheckedAt: Date | null }>`
        SELECT locale, locale_checked_at AS "localeCheckedAt" FROM slack_users WHERE user_id = ${userId}`;
    } catch (error) {
      // The database is down: the last locale this process knew, or Japanese; a reply beats none.
      logger.warn({ userId, err: (error as Error).message }, 'could not read the stored user locale');
      return [known.get(userId)?.locale ?? 'ja', 10_000];
    }
    if (row?.localeCheckedAt && row.localeCheckedAt.getTime() + refreshMs > Date.now()) return [localeOf(row.locale), refreshMs];
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`users.info took over ${timeoutMs} ms`)), timeoutMs)));
      const slackLocale = (await Promise.race([fetchLocale(userId), timeout]).finally(() => clearTimeout(timer))) ?? null;
      await sql.exec`
        INSERT INTO slack_users (user_id, locale, locale_checked_at) VALUES (${userId}, ${slackLocale}, now())
        ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale, locale_checked_at = excluded.locale_checked_at`;
      return [localeOf(slackLocale), refreshMs];
    } catch (error) {
      // Slack is unreachable: the last known locale, or Japanese, for a minute; then Slack is asked again.
      logger.warn({ userId, err: (error as Error).message }, 'could not read the user locale; using the last known one');
      return [localeOf(row?.locale), 60_000];
    }
  }

  return {
    /** The language to show this person: from memory, the database, or users.info, in that order. */
    async localeFor(userId: string): Promise<Locale> {
      const cached = known.get(userId);
      if (cached && cached.until > Date.now()) return cached.locale;
      const [locale, keepMs] = await lookup(userId);
      known.set(userId, { locale, until: Date.now() + keepMs });
      return locale;
    },

    async homeOpened(userId: string): Promise<void> {
      await sql.exec`
        INSERT INTO slack_users (user_id, home_opened_at) VALUES (${userId}, now())
        ON CONFLICT (user_id) DO UPDATE SET home_opened_at = excluded.home_opened_at`;
    },

    /** The person is gone from the workspace: stop keeping their Home. */
    async homeGone(userId: string): Promise<void> {
      await sql.exec`UPDATE slack_users SET home_opened_at = NULL WHERE user_id = ${userId}`;
    },

    /** Everyone who has opened the Home tab: the people whose Home is kept up to date. */
    async homeViewers(): Promise<string[]> {
      const rows = await sql<{ userId: string }>`SELECT user_id AS "userId" FROM slack_users WHERE home_opened_at IS NOT NULL`;
      return rows.map((r) => r.userId);
    },
  };
}

export type SlackUsers = ReturnType<typeof createSlackUsers>;
