// Form fields that name another case (a renewal's earlier certification, a usage case's certification)
// must name one that exists and is of the right kind. Checked against the store, so not in the pure core.
import type { FormDecl, FormValues } from '../forms/types.js';
import { localText, type LocalText } from '../i18n/messages.js';
import { findProcedure } from '../workflow/procedures/index.js';
import type { CaseRepository } from './case-repository.js';

export async function checkReferences(cases: Pick<CaseRepository, 'findByKey'>, form: FormDecl, values: FormValues): Promise<Record<string, LocalText>> {
  const errors: Record<string, LocalText> = {};
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
