// What the bot remembers of Slack users: their locale (asked of users.info once a day, kept in the
// database so that a restart does not ask everyone again) and whether they have opened the Home tab.
import type { PrismaClient } from '../db/prisma.js';
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

  /** The locale, and how long to keep it in memory. */
  async function lookup(userId: string): Promise<[Locale, number]> {
    let row;
    try {
      row = await prisma.slackUser.findFirst({ where: { userId }, select: { locale: true, localeCheckedAt: true } });
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
      const checked = { locale: slackLocale, localeCheckedAt: new Date() };
      await prisma.slackUser.upsert({ where: { userId }, create: { userId, ...checked }, update: checked, select: { userId: true } });
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
      const homeOpenedAt = new Date();
      await prisma.slackUser.upsert({ where: { userId }, create: { userId, homeOpenedAt }, update: { homeOpenedAt }, select: { userId: true } });
    },

    /** The person is gone from the workspace: stop keeping their Home. */
    async homeGone(userId: string): Promise<void> {
      await prisma.slackUser.updateMany({ where: { userId }, data: { homeOpenedAt: null } });
    },

    /** Everyone who has opened the Home tab: the people whose Home is kept up to date. */
    async homeViewers(): Promise<string[]> {
      const rows = await prisma.slackUser.findMany({ where: { homeOpenedAt: { not: null } }, select: { userId: true } });
      return rows.map((r) => r.userId);
    },
  };
}

export type SlackUsers = ReturnType<typeof createSlackUsers>;
