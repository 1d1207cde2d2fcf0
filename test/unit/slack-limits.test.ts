// The one mechanism every post goes through: whatever a view built, withinSlackLimits gives back a
// message the stand-in's own reading of Slack's limits (slack-refusals.ts) accepts, and a message that
// already was within them unchanged; the fallbacks are always accepted.
import fc from 'fast-check';
import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { slackRefusal } from '../../src/demo/slack-refusals.js';
import { CUT_MARK, cutText, fallbackVersions, slackFileName, withinSlackLimits } from '../../src/slack/views/slack-limits.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const refusal = (message: { text: string; blocks?: KnownBlock[] }) => slackRefusal('chat.postMessage', { channel: 'C1', ...message });

describe('cutText', () => {
  it('leaves a text within the limit alone', () => {
    expect(cutText('申請書', 3)).toBe('申請書');
  });

  it('cuts to the limit, mark included', () => {
    const cut = cutText('あ'.repeat(5000), 3000);
    expect(cut).toHaveLength(3000);
    expect(cut.endsWith(CUT_MARK)).toBe(true);
  });

  it('never leaves half an escape, half a mention or half a surrogate pair', () => {
    expect(cutText(`${'x'.repeat(10)}&amp;rest`, 14, '…')).toBe('x'.repeat(10) + '…');
    expect(cutText(`${'x'.repeat(10)}<@U0123456789> rest`, 20, '…')).toBe('x'.repeat(10) + '…');
    expect(cutText(`${'x'.repeat(9)}😀😀😀`, 12, '…')).toBe('x'.repeat(9) + '😀…');
    expect(cutText(`${'x'.repeat(10)}😀😀😀`, 12, '…')).toBe('x'.repeat(10) + '…');
  });
});

describe('slackFileName', () => {
  it('keeps a name of 255 bytes or fewer, and cuts a longer one keeping its extension', () => {
    expect(slackFileName('申請書.pdf')).toBe('申請書.pdf');
    const long = slackFileName(`${'申'.repeat(200)}.pdf`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(255);
    expect(long.endsWith('申.pdf')).toBe(true);
  });
});

/** Block Kit as a careless view might build it from mail: any lengths, any counts. */
const anyText = fc.oneof(fc.string({ maxLength: 50 }), fc.string({ minLength: 2_000, maxLength: 20_000 }), fc.constantFrom('&<>'.repeat(2_000), '😀'.repeat(2_500)));
const anyBlock: fc.Arbitrary<KnownBlock> = fc.oneof(
  anyText.filter((t) => t.length > 0).map(section),
  fc.array(anyText.filter((t) => t.length > 0), { minLength: 1, maxLength: 15 }).map((fields): KnownBlock => ({ type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) })),
  anyText.filter((t) => t.length > 0).map((text): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text } })),
  fc.array(anyText.filter((t) => t.length > 0), { minLength: 1, maxLength: 14 }).map((texts): KnownBlock => ({ type: 'context', elements: texts.map((text) => ({ type: 'mrkdwn', text })) })),
  fc.array(fc.string({ minLength: 1, maxLength: 120 }), { minLength: 1, maxLength: 30 }).map(
    (labels): KnownBlock => ({ type: 'actions', elements: labels.map((text, i) => ({ type: 'button', text: { type: 'plain_text', text }, action_id: `a${i}`, value: String(i) })) }),
  ),
);
const anyMessage = fc.record({ text: fc.oneof(fc.string({ maxLength: 100 }), fc.string({ minLength: 40_001, maxLength: 41_000 })), blocks: fc.array(anyBlock, { maxLength: 70 }) });

describe('withinSlackLimits', () => {
  it('gives back a message Slack takes, whatever a view built', () => {
    fc.assert(
      fc.property(anyMessage, (message) => {
        expect(refusal(withinSlackLimits(message))).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });

  it('leaves a message within the limits as it is', () => {
    fc.assert(
      fc.property(anyMessage, (message) => {
        const limited = withinSlackLimits(message);
        expect(withinSlackLimits(limited)).toEqual(limited);
      }),
      { numRuns: 100 },
    );
    const card = { text: 'MDOC-0001', blocks: [section('*MDOC-0001* 株式会社サンプル'), { type: 'divider' } as KnownBlock] };
    expect(withinSlackLimits(card)).toEqual(card);
  });

  it('keeps the buttons when it drops blocks past fifty, and says that it did', () => {
    const blocks = [...Array.from({ length: 60 }, (_, i) => section(`行 ${i}`)), { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: '承認する' }, action_id: 'approve' }] } as KnownBlock];
    const limited = withinSlackLimits({ text: 't', blocks });
    expect(limited.blocks).toHaveLength(50);
    expect(limited.blocks.at(-1)!.type).toBe('actions');
    expect(JSON.stringify(limited.blocks.at(-2))).toContain(CUT_MARK);
  });
});

describe('fallbackVersions', () => {
  it('are messages Slack takes, the first with the buttons, the last with no blocks at all', () => {
    fc.assert(
      fc.property(anyMessage, (message) => {
        const versions = fallbackVersions(message);
        expect(versions).toHaveLength(2);
        for (const version of versions) expect(refusal(version)).toBeUndefined();
        expect(versions[1]!.blocks).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });
});
