import type { Condition } from './types.js';

export type CaseFields = Readonly<Record<string, unknown>>;

function hasValue(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

const isList = (condition: Condition | readonly Condition[]): condition is readonly Condition[] => Array.isArray(condition);

/** Whether the condition holds for these fields; a list holds when every one of its conditions does. */
export function holds(condition: Condition | readonly Condition[] | undefined, fields: CaseFields): boolean {
  if (condition === undefined) return true;
  if (isList(condition)) return condition.every((c) => holds(c, fields));
  if ('present' in condition) return hasValue(fields[condition.field]) === condition.present;
  return fields[condition.field] === condition.equals;
}
