// On Postgres, Prisma's `contains`, `startsWith`, `endsWith` and case-insensitive `equals` are LIKE and
// ILIKE patterns, and Prisma leaves the wildcards of the text given to them live (its documentation asks
// callers to escape them): `a_b` would match `acb`. This makes text match only itself.
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
