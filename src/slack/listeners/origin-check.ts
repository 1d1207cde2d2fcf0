// Refuses what is not for our installation before any listener sees it. The signature proves a request
// came from Slack; this proves it is for our app, installed in our workspace, and from someone who may
// use it there. People of another organisation (contractors in a Slack Connect channel shared with the
// desk) are let in only when a role list names them (or a user group holding them); everything else
// foreign is refused as before. docs/operations.md, "Contractors from another organisation", quotes
// the payload fields this relies on and where Slack documents them.
import type { App } from '@slack/bolt';
import type { RoleDirectory } from '../../cases/role-directory.js';
import { messages } from '../../i18n/messages.js';
import type { Logger } from '../../logger.js';
import type { BotIdentity } from '../verify-token.js';

/** The fields of a request that say where it comes from and for whom it is (commands, events, interactions). */
interface Origin {
  type?: string;
  command?: string;
  /** Commands and the Events API envelope. */
  team_id?: string;
  user_id?: string;
  /** Interactions: the workspace of the surface (for a message click, the workspace that installed the app). */
  team?: { id?: string; enterprise_id?: string } | null;
  /** Interactions: who clicked, and their own workspace (or Enterprise organisation, E…). */
  user?: { id?: string; team_id?: string };
  api_app_id?: string;
  /** Modals and the Home tab: the workspace whose installation opened the view. */
  view?: { app_installed_team_id?: string } | null;
  is_enterprise_install?: boolean;
  enterprise?: { id?: string } | null;
  /** Events API: the installation the event is delivered for. */
  authorizations?: { team_id?: string | null; is_enterprise_install?: boolean }[];
}

export interface OriginVerdict {
  ok: boolean;
  /** Why a request was refused, for the log. */
  reason?: 'other_app' | 'other_installation' | 'enterprise_install' | 'foreign_user_without_role';
  /** The installation the request is for, and the workspace of the person who made it. */
  installation?: string;
  userTeam?: string;
}

/**
 * Whether a request is for our installation, and whether its user is one of ours or a contractor of
 * another organisation in a role. Only clicks and form submissions (interactions) may come from another
 * organisation; a command or event from another workspace is refused as before.
 */
export async function judgeOrigin(body: unknown, identity: BotIdentity, roles: Pick<RoleDirectory, 'actorFor'>): Promise<OriginVerdict> {
  const origin = body as Origin;
  if (identity.appId && origin.api_app_id && origin.api_app_id !== identity.appId) return { ok: false, reason: 'other_app' };
  const isCommand = typeof origin.command === 'string';
  const isEvent = origin.type === 'event_callback';
  // Which installation the request is for (bolt-js reads it the same way to find the token).
  const installation = isCommand
    ? origin.team_id
    : isEvent
      ? (origin.authorizations?.[0]?.team_id ?? origin.team_id)
      : (origin.view?.app_installed_team_id ?? origin.team?.id ?? origin.user?.team_id);
  const ours = (team: string | undefined) => !team || !identity.teamId || team === identity.teamId || (identity.enterpriseId !== undefined && team === identity.enterpriseId);
  if (!ours(installation)) return { ok: false, reason: 'other_installation', installation };
  // Our app is installed in one workspace, never organisation-wide (org_deploy_enabled: false).
  if (origin.is_enterprise_install === true || origin.authorizations?.[0]?.is_enterprise_install === true) return { ok: false, reason: 'enterprise_install', installation };
  // Whose workspace the person is in: a command's or event's own team, an interaction's user.team_id.
  const userTeam = isCommand || isEvent ? origin.team_id : (origin.user?.team_id ?? origin.team?.id);
  if (ours(userTeam)) return { ok: true, installation, userTeam };
  if (isCommand || isEvent) return { ok: false, reason: 'other_installation', installation, userTeam };
  // A person of another organisation, clicking or submitting in our installation: only in a role.
  const userId = origin.user?.id;
  const actor = userId ? await roles.actorFor(userId) : undefined;
  if (actor && actor.roles.size > 0) return { ok: true, installation, userTeam };
  return { ok: false, reason: 'foreign_user_without_role', installation, userTeam };
}

export function register(app: App, identity: BotIdentity, logger: Logger, roles: Pick<RoleDirectory, 'actorFor'>): void {
  app.use(async ({ body, ack, next }) => {
    const verdict = await judgeOrigin(body, identity, roles);
    const origin = body as Origin;
    if (verdict.ok) {
      if (verdict.userTeam && verdict.userTeam !== identity.teamId && identity.teamId) {
        logger.info({ user: origin.user?.id, userTeam: verdict.userTeam, type: origin.type }, 'request from a contractor of another organisation, who holds a role');
      }
      await next();
      return;
    }
    const fields = { reason: verdict.reason, installation: verdict.installation, userTeam: verdict.userTeam, user: origin.user?.id ?? origin.user_id, appId: origin.api_app_id, type: origin.type ?? (origin.command ? 'command' : undefined) };
    if (verdict.reason === 'foreign_user_without_role') logger.warn(fields, 'request from a user of another organisation who holds no role refused');
    else logger.warn(fields, 'request from another workspace or app refused');
    // Slack still expects an acknowledgement; the refusal says why and changes nothing.
    const isCommand = 'command' in (body as object);
    // A foreign user's locale cannot be asked of our workspace: the desk's language.
    if (ack) await ack(isCommand ? ({ text: messages('ja').command.foreign } as never) : undefined);
  });
}
