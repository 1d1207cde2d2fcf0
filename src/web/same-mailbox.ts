// Which stored addresses reach the same mailbox as a given one, as a Prisma filter, for the limit on
// confirmation mails per address: the letter case is ignored, and so is a +tag of the local part, the usual
// way to make many addresses of one mailbox. (Other aliases, such as Gmail's dots, are the provider's own.)
import type { Prisma } from '../generated/prisma/client.js';

/** Prisma's case-insensitive filters are ILIKE patterns: its documentation asks to escape their wildcards. */
const literal = (text: string) => text.replace(/[\\%_]/g, '\\$&');

export function sameMailbox(email: string): Prisma.WebApplicationWhereInput {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at).split('+')[0]!;
  const domain = email.slice(at);
  return {
    OR: [
      { email: { equals: literal(`${local}${domain}`), mode: 'insensitive' } },
      { AND: [{ email: { startsWith: literal(`${local}+`), mode: 'insensitive' } }, { email: { endsWith: literal(domain), mode: 'insensitive' } }] },
    ],
  };
}
