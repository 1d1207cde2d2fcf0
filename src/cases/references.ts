// Form fields that name another case (a renewal's earlier certification, a usage case's certification)
// must name one that exists and is of the right kind, and a unique field's value must be no other case's.
// Checked against the store, so not in the pure core.
import type { FormDecl, FormValues } from '../forms/types.js';
import { label, localText, type LocalText } from '../i18n/messages.js';
import { findProcedure } from '../workflow/procedures/index.js';
import type { CaseRepository } from './case-repository.js';

/** The key of another case than `exceptCaseId` whose field holds this value, if one does. */
export type HolderOf = (field: string, value: string, exceptCaseId: number) => Promise<string | undefined>;

/**
 * Also, with `unique`, that no other case holds the value of a unique field (a certificate number): the
 * unique index refuses it anyway, but this says so beside the field.
 */
export async function checkReferences(
  cases: Pick<CaseRepository, 'findByKey'>,
  form: FormDecl,
  values: FormValues,
  unique?: { holderOf: HolderOf; caseId: number },
): Promise<Record<string, LocalText>> {
  const errors: Record<string, LocalText> = {};
  for (const field of form.fields.filter((f) => f.unique && unique)) {
    const value = values[field.name];
    const holder = typeof value === 'string' ? await unique!.holderOf(field.name, value, unique!.caseId) : undefined;
    if (holder) errors[field.name] = localText((m, locale) => m.validation.alreadyUsed(label(locale, field.label), holder));
  }
  for (const field of form.fields.filter((f) => f.refersTo)) {
    const key = values[field.name];
    if (typeof key !== 'string') continue;
    const found = await cases.findByKey(key);
    if (!found) errors[field.name] = localText((m) => m.validation.caseNotFound(key));
    else if (findProcedure(found.procedure)?.family !== field.refersTo) {
      const family = field.refersTo;
      errors[field.name] = localText((m) => m.validation.wrongProcedure(key, family!));
    }
  }
  return errors;
}
