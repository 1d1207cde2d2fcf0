// Reads a submitted modal's state into plain form values. Every input's block_id and action_id is the
// field name (see views/form-modal.ts), so the state maps straight onto the form declaration.
import { z } from 'zod';
import type { FormValues } from '../forms/types.js';

const elementState = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  selected_date: z.string().nullish(),
  selected_date_time: z.number().nullish(),
});

export const viewStateSchema = z.object({ values: z.record(z.string(), z.record(z.string(), elementState)) });

export function formValuesFromState(state: unknown): FormValues {
  const parsed = viewStateSchema.safeParse(state);
  const values: FormValues = {};
  if (!parsed.success) return values;
  for (const [name, actions] of Object.entries(parsed.data.values)) {
    const element = actions[name];
    if (!element) continue;
    if (element.selected_options) values[name] = element.selected_options.map((o) => o.value);
    else if (element.selected_option) values[name] = element.selected_option.value;
    else if (typeof element.selected_date_time === 'number') values[name] = new Date(element.selected_date_time * 1000).toISOString();
    else if (typeof element.selected_date === 'string') values[name] = element.selected_date;
    else if (typeof element.value === 'string') values[name] = element.value;
  }
  return values;
}

/** The first input of a submitted view, where a whole-form message (e.g. "try again") is shown. */
export function firstInput(state: unknown): string | undefined {
  const parsed = viewStateSchema.safeParse(state);
  return parsed.success ? Object.keys(parsed.data.values)[0] : undefined;
}
