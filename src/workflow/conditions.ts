import type { Condition } from './types.js';

export type CaseFields = Readonly<Record<string, unknown>>;

export function holds(condition: Condition | undefined, fields: CaseFields): boolean {
  return condition === undefined || fields[condition.field] === condition.equals;
}
