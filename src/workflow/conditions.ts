import type { Condition } from './types.js';

export type CaseFields = Readonly<Record<string, unknown>>;

function hasValue(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

export function holds(condition: Condition | undefined, fields: CaseFields): boolean {
  if (condition === undefined) return true;
  if ('present' in condition) return hasValue(fields[condition.field]) === condition.present;
  return fields[condition.field] === condition.equals;
}
