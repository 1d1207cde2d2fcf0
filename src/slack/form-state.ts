// Reads a submitted modal's state into plain form values, by the form's declaration.
import { z } from 'zod';
import type { FormDecl, FormValues } from '../forms/types.js';

const elementState = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
});

export const viewStateSchema = z.object({ values: z.record(z.string(), z.record(z.string(), elementState)) });

export function formValuesFromState(form: FormDecl, state: unknown): FormValues {
  const parsed = viewStateSchema.safeParse(state);
  const values: FormValues = {};
  if (!parsed.success) return values;
  for (const field of form.fields) {
    const element = parsed.data.values[field.name]?.[field.name];
    if (!element) continue;
    if (element.selected_options) values[field.name] = element.selected_options.map((o) => o.value);
    else if (element.selected_option) values[field.name] = element.selected_option.value;
    else if (typeof element.value === 'string') values[field.name] = element.value;
  }
  return values;
}
