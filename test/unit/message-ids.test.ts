// The bot's own Message-IDs: read back only when their tag is right, so that numbers guessed from a
// case and a notification name nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMessageIds } from '../../src/mail/message-ids.js';

const ids = createMessageIds('a secret for these tests, at least this long');

describe('the Message-IDs of the mails the bot sends', () => {
  it('names the notification and the case, and reads back what it wrote', () => {
    const id = ids.forCase(12n, 'MDOC-0001');
    expect(id).toMatch(/^<notification-12\.MDOC-0001\.[A-Za-z0-9_-]{22}@mdoc-desk>$/);
    expect(ids.read(id)).toEqual({ notification: 12n, caseKey: 'MDOC-0001' });
    const application = ids.forApplication(13n, 4);
    expect(application).toMatch(/^<notification-13\.application-4\.[A-Za-z0-9_-]{22}@mdoc-desk>$/);
    expect(ids.read(application)).toEqual({ notification: 13n, application: 4 });
  });

  it('reads nothing from the unsigned IDs written before, nor from a guess', () => {
    expect(ids.read('<notification-12.MDOC-0001@mdoc-desk>')).toBeUndefined();
    expect(ids.read('<notification-12.application-4@mdoc-desk>')).toBeUndefined();
    expect(ids.read('<notification-12.MDOC-0001.AAAAAAAAAAAAAAAAAAAAAA@mdoc-desk>')).toBeUndefined();
  });

  it('reads nothing when the numbers are changed under a real tag, or when another key signed it', () => {
    const tag = ids.forCase(12n, 'MDOC-0001').split('.')[2]!.split('@')[0]!;
    expect(ids.read(`<notification-13.MDOC-0001.${tag}@mdoc-desk>`)).toBeUndefined();
    expect(ids.read(`<notification-12.MDOC-0002.${tag}@mdoc-desk>`)).toBeUndefined();
    expect(ids.read(createMessageIds('another desk, another secret entirely').forCase(12n, 'MDOC-0001'))).toBeUndefined();
  });

  it('gives every notification and case a tag of its own', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 1, max: 99_999 }), (n, c) => {
        const key = `MDOC-${String(c).padStart(4, '0')}`;
        const id = ids.forCase(n, key);
        expect(ids.read(id)).toEqual({ notification: n, caseKey: key });
        expect(id.split('.').at(-1)).not.toBe(ids.forCase(n + 1n, key).split('.').at(-1));
      }),
      { numRuns: 200 },
    );
  });
});
