// Keeps Home tabs current: who sees a case, and each person's Home rendered from the database.
import type { HomeView } from '@slack/types';
import type { CaseRecord } from '../cases/case.js';
import type { CaseRepository } from '../cases/case-repository.js';
import { homePublish, type NotificationDraft } from '../cases/notifications.js';
import type { RoleDirectory } from '../cases/role-directory.js';
import type { SlackUsers } from '../users/slack-users.js';
import { lanesHeld } from '../workflow/authorize.js';
import { HOME_LIMITS, homeView } from '../slack/views/home.js';

export interface HomePublisherDeps {
  cases: Pick<CaseRepository, 'waitingOn' | 'requestedBy' | 'latestTransitions'>;
  roles: RoleDirectory;
  users: SlackUsers;
  clock?: () => Date;
}

/** Rows fetched for the waiting groups: enough to fill each group's share of the page. */
const WAITING_ROWS = HOME_LIMITS.overdue + HOME_LIMITS.due_soon + HOME_LIMITS.other;

export function createHomePublisher({ cases, roles, users, clock = () => new Date() }: HomePublisherDeps) {
  return {
    /** This person's Home as it stands now. */
    async render(userId: string): Promise<HomeView> {
      const actor = await roles.actorFor(userId);
      const lanes = lanesHeld(actor);
      // Staff see every case in the reviewer channel, so their latest changes are everyone's; a
      // requester who holds no lane sees their own cases only.
      const [locale, waiting, requested, latest] = await Promise.all([
        users.localeFor(userId),
        cases.waitingOn({ lanes, requesterId: userId }, WAITING_ROWS),
        cases.requestedBy(userId, HOME_LIMITS.requested),
        cases.latestTransitions(HOME_LIMITS.latest, lanes.length ? undefined : userId),
      ]);
      return homeView({ locale, holdsLane: lanes.length > 0, waiting, requested, latest, now: clock() });
    },

    /** Slack no longer knows the person (deactivated, removed): their Home is not refreshed any more. */
    gone: (userId: string) => users.homeGone(userId),

    /** Home refreshes for everyone who keeps a Home tab and can see this case. */
    async audienceOf(c: CaseRecord): Promise<NotificationDraft[]> {
      const viewers = await users.homeViewers();
      const sees = await Promise.all(viewers.map(async (u) => u === c.requesterId || lanesHeld(await roles.actorFor(u)).length > 0));
      return viewers.filter((_, i) => sees[i]).map(homePublish);
    },
  };
}

export type HomePublisher = ReturnType<typeof createHomePublisher>;
