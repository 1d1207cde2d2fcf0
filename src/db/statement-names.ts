// Names for the statements the bot runs, so that pg prepares each once per connection and Postgres keeps
// its plan: the transition and the outbox claim are large statements run on every click and delivery,
// and parsing and planning them again each time cost Postgres about a third of a transition
// (docs/decisions.md, issue 16). Only the first `limit` distinct statements get a name: shapes that vary
// without end (an `IN` list of every length) stay unnamed, so neither this process nor a database session
// holds an unbounded number of prepared statements.
/** An empty name is pg's unnamed statement, parsed each time. */
export function statementNames(limit = 300): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < limit) {
      name = `mdoc_${names.size + 1}`;
      names.set(sql, name);
    }
    return name ?? '';
  };
}
