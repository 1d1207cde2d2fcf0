// The filters of `/mdoc list` and `/mdoc search`, parsed from what people type. Pure.
import { PROCEDURES, procedureForCommand } from '../workflow/procedures/index.js';
import type { Lane } from '../workflow/types.js';
import { localText, type LocalText } from '../i18n/messages.js';

export interface CaseFilter {
  procedure?: string;
  step?: string;
  lane?: Lane;
  /** Matches the organisation name (any part) or the 法人番号 (digits). */
  text?: string;
  /** Only cases past the deadline of their current step. */
  overdue?: boolean;
  /** Closed cases too (search); list shows open cases only. */
  includeClosed: boolean;
}

export type ParsedFilter = { ok: true; filter: CaseFilter } | { ok: false; message: LocalText };

const LANES: Record<string, Lane> = { applicant: 'applicant', agency: 'agency', operator: 'operator', test_lab: 'test_lab', 'test-lab': 'test_lab' };

const OVERDUE_WORDS = new Set(['overdue', '期限超過']);


export function parseCaseFilter(words: string[], includeClosed: boolean): ParsedFilter {
  const filter: CaseFilter = { includeClosed };
  const text: string[] = [];
  for (const word of words) {
    const [key, ...rest] = word.split(':');
    const value = rest.join(':');
    if (OVERDUE_WORDS.has(word.toLowerCase())) {
      filter.overdue = true;
      continue;
    }
    if (!value) {
      text.push(word);
      continue;
    }
    switch (key) {
      case 'procedure': {
        const procedure = procedureForCommand(value);
        if (!procedure) return { ok: false, message: localText((m) => m.list.unknownProcedure(value, PROCEDURES.map((p) => p.command).join(m.common.listSeparator))) };
        filter.procedure = procedure.id;
        break;
      }
      case 'step':
        if (!PROCEDURES.some((p) => p.steps.some((s) => s.code === value))) return { ok: false, message: localText((m) => m.list.unknownStep(value)) };
        filter.step = value;
        break;
      case 'lane':
        if (!LANES[value]) return { ok: false, message: localText((m) => m.list.unknownLane(value)) };
        filter.lane = LANES[value];
        break;
      default:
        text.push(word);
    }
  }
  const joined = text.join(' ').normalize('NFKC').trim();
  if (joined) filter.text = joined;
  return { ok: true, filter };
}

/** The (procedure, step) pairs whose step the lane acts at: how a lane filter becomes a query. */
export function stepsOfLane(lane: Lane): { procedure: string; step: string }[] {
  return PROCEDURES.flatMap((p) => p.steps.filter((s) => s.lanes.includes(lane)).map((s) => ({ procedure: p.id, step: s.code })));
}
