import { LANE_LABELS } from '../../workflow/lanes.js';
import type { StepDecl } from '../../workflow/types.js';

/** `(1)-b 申請書類の送付`: how the desk names a step everywhere. */
export const stepLabel = (step: StepDecl) => `${step.code} ${step.title}`;

export const lanesLabel = (step: StepDecl) => step.lanes.map((l) => LANE_LABELS[l]).join('・') || '—';
