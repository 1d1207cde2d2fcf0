// Authentication-Results (RFC 8601): what a mail server found when it checked a message's sender (DMARC,
// DKIM, SPF). Pure. Every server on the way may add one, and the sender can write any it likes, so only
// the one our own server added counts: the topmost header under our authserv-id. A server prepends its
// headers, so anything below ours was there before our server saw the message.

export interface AuthResult {
  /** Lower case: dmarc, dkim, spf, … */
  method: string;
  /** Lower case: pass, fail, none, neutral, temperror, … */
  result: string;
  /** `header.from`, `header.d`, `smtp.mailfrom`, … (names in lower case, values as written). */
  props: Record<string, string>;
}

export interface AuthenticationResults {
  authservId: string;
  results: AuthResult[];
}

/** A header line as the parsed mail keeps it: its name, and its value unfolded. */
export interface HeaderLine {
  key: string;
  value: string;
}

/** The topmost Authentication-Results whose authserv-id is ours (compared without case), if any. */
export function ourAuthenticationResults(headers: HeaderLine[], authservId: string): AuthenticationResults | undefined {
  const ours = authservId.toLowerCase();
  for (const header of headers) {
    if (header.key !== 'authentication-results') continue;
    const parsed = parseAuthenticationResults(header.value);
    if (parsed?.authservId.toLowerCase() === ours) return parsed;
  }
  return undefined;
}

/** One header's value; undefined when it has no authserv-id. Unreadable result clauses are skipped. */
export function parseAuthenticationResults(value: string): AuthenticationResults | undefined {
  const [head = '', ...clauses] = splitOutsideQuotes(withoutComments(value), ';');
  // authserv-id [version]
  const id = /^\s*("(?:[^"\\]|\\.)*"|[^\s"]+)(?:\s+\d+)?\s*$/.exec(head)?.[1];
  if (!id) return undefined;
  const results: AuthResult[] = [];
  for (const clause of clauses) {
    const method = /^\s*([A-Za-z0-9_-]+)(?:\s*\/\s*\d+)?\s*=\s*([A-Za-z0-9_-]+)/.exec(clause);
    if (!method) continue;
    const props: Record<string, string> = {};
    const rest = clause.slice(method[0].length);
    for (const prop of rest.matchAll(/([A-Za-z0-9_-]+)\s*\.\s*([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s"]+)/g)) {
      props[`${prop[1]!.toLowerCase()}.${prop[2]!.toLowerCase()}`] = unquote(prop[3]!);
    }
    results.push({ method: method[1]!.toLowerCase(), result: method[2]!.toLowerCase(), props });
  }
  return { authservId: unquote(id), results };
}

/** The value without its CFWS comments: `(…)`, nested, with `\` escapes, but not inside quoted strings. */
function withoutComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += c + (value[i + 1] ?? '');
      i++;
    } else if (depth === 0 && c === '"') {
      quoted = !quoted;
      out += c;
    } else if (!quoted && c === '(') {
      depth++;
    } else if (!quoted && c === ')' && depth > 0) {
      depth--;
      if (depth === 0) out += ' ';
    } else if (depth === 0) {
      out += c;
    }
  }
  return out;
}

function splitOutsideQuotes(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && quoted) {
      current += c + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}
