// The message catalogue is complete: every text a declaration shows has its English, and both languages
// have the same messages.
import { describe, expect, it } from 'vitest';
import { FORMS } from '../../src/forms/declarations.js';
import { EN_LABELS } from '../../src/i18n/labels-en.js';
import { localeOf } from '../../src/i18n/locale.js';
import { label, messages } from '../../src/i18n/messages.js';
import { LANE_LABELS } from '../../src/workflow/lanes.js';
import { DESK_ACTION_LABELS } from '../../src/workflow/desk-actions.js';
import { PROCEDURES } from '../../src/workflow/procedures/index.js';

/** Every text the declarations give that people read in Slack (not mails, not document names). */
function declaredTexts(): Set<string> {
  const texts = new Set<string>([...Object.values(LANE_LABELS), ...Object.values(DESK_ACTION_LABELS)]);
  for (const p of PROCEDURES) {
    texts.add(p.title);
    for (const s of p.steps) {
      texts.add(s.title).add(s.summary);
      if (s.onlyIf) texts.add(s.onlyIf.label);
      for (const a of [...s.actions, ...(p.caseActions ?? [])]) {
        texts.add(a.label);
        for (const c of [a.when ?? []].flat()) texts.add(c.label);
      }
    }
  }
  for (const form of Object.values(FORMS)) {
    texts.add(form.title).add(form.submit);
    if (form.commentLabel) texts.add(form.commentLabel);
    for (const field of form.fields) {
      texts.add(field.label);
      for (const t of [field.hint, field.placeholder, field.askedIf?.label, ...(field.choices ?? []).map((c) => c.label)]) if (t) texts.add(t);
    }
  }
  return new Set([...texts].filter((t) => /[^\x00-\x7f]/.test(t)));
}

/** The shape of a catalogue: its keys, and for functions and lists, that they are functions and lists. */
function shape(value: unknown): unknown {
  if (typeof value === 'function') return 'function';
  if (Array.isArray(value)) return `list of ${value.length}`;
  if (typeof value === 'object' && value) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  return typeof value;
}

describe('the message catalogue', () => {
  it('has English for every text the declarations show, and nothing left over', () => {
    const declared = declaredTexts();
    expect([...declared].filter((t) => !(t in EN_LABELS))).toEqual([]);
    expect(Object.keys(EN_LABELS).filter((t) => !declared.has(t))).toEqual([]);
    for (const english of Object.values(EN_LABELS)) expect(english).not.toMatch(/[ぁ-んァ-ヶ]/);
  });

  it('has the same messages in both languages', () => {
    expect(shape(messages('en'))).toEqual(shape(messages('ja')));
  });

  it('reads Japanese Slack locales as Japanese and everything else as English', () => {
    expect(localeOf('ja-JP')).toBe('ja');
    expect(localeOf(undefined)).toBe('ja');
    expect(localeOf('en-US')).toBe('en');
    expect(localeOf('fr-FR')).toBe('en');
    expect(label('en', '受付・審査')).toBe('Receipt and review');
    expect(label('ja', '受付・審査')).toBe('受付・審査');
  });
});
