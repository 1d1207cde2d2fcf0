// Text someone typed into a form, made safe to repeat in a mail: no mail client makes a link of it. Clients
// link more than https://…: www.example.com, example.com, an address, even in text/plain (many show
// it as HTML). So every dot between two letters or digits becomes [.] (as in example[.]com) and every ://
// becomes [:]//, the way security advisories quote addresses; what the person typed stays readable. The
// full-width and half-width dots are included, since some clients read them as dots in a host name.
const SCHEME = /:\/\//g;
const DOT_IN_A_NAME = /(?<=[\p{L}\p{N}])[.．｡](?=[\p{L}\p{N}])/gu;
/** The ideographic full stop only between ASCII letters or digits: between Japanese words it ends a sentence. */
const IDEOGRAPHIC_DOT_IN_A_NAME = /(?<=[A-Za-z0-9])。(?=[A-Za-z0-9])/g;

export function inertText(text: string): string {
  return text.replace(SCHEME, '[:]//').replace(DOT_IN_A_NAME, '[.]').replace(IDEOGRAPHIC_DOT_IN_A_NAME, '[.]');
}
