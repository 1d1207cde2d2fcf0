import type { SectionBlock } from '@slack/types';
import { SLACK_LIMITS } from './slack-limits.js';

/** Slack refuses a section text over its limit; keep a margin. */
const SECTION_LIMIT = SLACK_LIMITS.text - 100;

/** Lines packed into as few mrkdwn sections as fit, none over Slack's limit. */
export function packSections(lines: string[]): SectionBlock[] {
  const chunks: string[] = [];
  for (const line of lines) {
    const last = chunks.at(-1);
    if (last !== undefined && last.length + line.length + 1 <= SECTION_LIMIT) chunks[chunks.length - 1] = `${last}\n${line}`;
    else chunks.push(line.slice(0, SECTION_LIMIT));
  }
  return chunks.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}
