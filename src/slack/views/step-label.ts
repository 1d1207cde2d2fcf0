import { label, messages } from '../../i18n/messages.js';
import type { Locale } from '../../i18n/locale.js';
import { LANE_LABELS } from '../../workflow/lanes.js';
import type { Lane, ProcedureDecl, StepDecl } from '../../workflow/types.js';

/** `(1)-b 申請書類の送付`: how the desk names a step everywhere. The code stays as in the seed. */
export const stepLabel = (step: StepDecl, locale: Locale = 'ja') => `${step.code} ${label(locale, step.title)}`;

const laneLabel = (lane: Lane, locale: Locale = 'ja') => label(locale, LANE_LABELS[lane]);

export const lanesLabel = (step: StepDecl, locale: Locale = 'ja') => step.lanes.map((l) => laneLabel(l, locale)).join('・') || messages(locale).common.none;

export const procedureTitle = (procedure: ProcedureDecl, locale: Locale = 'ja') => label(locale, procedure.title);
