// Which stored addresses reach the same mailbox as a given one, as a Prisma filter, for the limit on
// confirmation mails per address: the letter case is ignored, and so is a +tag of the local part, the usual
// way to make many addresses of one mailbox. (Other aliases, such as Gmail's dots, are the provider's own.)
import { likeLiteral } from '../db/like-literal.js';
import type { Prisma } from '../generated/prisma/client.js';

export function sameMailbox(email: string): Prisma.WebApplicationWhereInput {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at).split('+')[0]!;
  const domain = email.slice(at);
  return {
    OR: [
      { email: { equals: likeLiteral(`${local}${domain}`), mode: 'insensitive' } },
      { AND: [{ email: { startsWith: likeLiteral(`${local}+`), mode: 'insensitive' } }, { email: { endsWith: likeLiteral(domain), mode: 'insensitive' } }] },
    ],
  };
}
