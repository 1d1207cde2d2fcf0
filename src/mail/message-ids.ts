// The Message-ID of every mail the bot sends: the outbox notification that sent it, the case (or the web
// application) it is about, and a tag, an HMAC of both under a key kept in the database. Replies and
// bounces name a mail of ours by this ID; the tag makes sure they name one we really sent, since the
// numbers alone are easy to guess (a forged In-Reply-To or a forged bounce would otherwise pass).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a verified Message-ID of ours names. */
export type SentMailRef = { notification: bigint; caseKey: string } | { notification: bigint; application: number };

export interface MessageIds {
  /** A mail about a case: `<notification-12.MDOC-0001.<tag>@mdoc-desk>`. */
  forCase(notification: bigint, caseKey: string): string;
  /** The confirmation mail of a web application, which has no case yet. */
  forApplication(notification: bigint, application: number): string;
  /** The mail an ID names, when it is ours and its tag is right; undefined otherwise. */
  read(messageId: string): SentMailRef | undefined;
}

const TAG_LENGTH = 22;
/** The shape of a signed ID, before its tag is checked. */
export const SIGNED_MESSAGE_ID = /<notification-(\d{1,19})\.(MDOC-\d{4,9}|application-\d{1,12})\.([A-Za-z0-9_-]{22})@mdoc-desk>/;

export function createMessageIds(secret: string): MessageIds {
  const key = createHmac('sha256', secret).update('mdoc-desk message ids v1').digest();
  const tag = (notification: string, about: string) => createHmac('sha256', key).update(`${notification}.${about}`).digest('base64url').slice(0, TAG_LENGTH);
  const id = (notification: bigint, about: string) => `<notification-${notification}.${about}.${tag(String(notification), about)}@mdoc-desk>`;
  const whole = new RegExp(`^${SIGNED_MESSAGE_ID.source}$`);
  return {
    forCase: (notification, caseKey) => id(notification, caseKey),
    forApplication: (notification, application) => id(notification, `application-${application}`),
    read(messageId) {
      const match = whole.exec(messageId);
      if (!match) return undefined;
      const [, notification, about, given] = match as unknown as [string, string, string, string];
      const expected = Buffer.from(tag(notification, about));
      if (!timingSafeEqual(expected, Buffer.from(given))) return undefined;
      const application = /^application-(\d+)$/.exec(about)?.[1];
      return application ? { notification: BigInt(notification), application: Number(application) } : { notification: BigInt(notification), caseKey: about };
    },
  };
}
