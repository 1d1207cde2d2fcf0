// Deadlines in Japanese business days: shown on the card, and a reminder in the thread when a step is
// overdue, mentioning who may act. The clock is fixed in the past so that the deadline has passed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTER, REVIEWER, REVIEWER_2, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { cardText, openCaseThroughSlack, threadReplies } from '../helpers/case-walk.js';
import { waitFor } from '../helpers/wait-for.js';

let h: Harness;
// Friday 2025-12-26 10:00 JST: (1)-b's three business days skip the weekend and the year-end closure
// (12/29–1/3) and end on Wednesday 2026-01-07, long past.
const FIXED = new Date('2025-12-26T01:00:00Z');
beforeAll(async () => {
  h = await startHarness({ clock: () => FIXED });
});
afterAll(async () => {
  await h?.stop();
});

describe('deadlines', () => {
  it('shows the due date on the card and reminds the reviewers in the thread once it has passed', async () => {
    const key = await openCaseThroughSlack(h, 'new usage', REQUESTER, {
      category: choice('private'), org_name: '期限テスト株式会社', corporate_number: '4011001098993', department: '部', contact_name: '名',
      phone: '03-1234-5678', email: 'due@example.jp', usage_mode: choice('remote'), krl_proxy: choice('no'),
    });
    expect(cardText(h.latestCard(key)!.blocks)).toMatch(/\*期限\*: \d{4}\/\d{2}\/\d{2}（3営業日）/);
    const reminder = await waitFor(() => threadReplies(h, key).find((r) => String(r.args.text).includes('を過ぎました')), 'the overdue reminder');
    expect(String(reminder.args.text)).toContain('(1)-b 申請書類の送付: 期限（2026/01/07、3営業日）を過ぎました');
    expect(String(reminder.args.text)).toContain(`<@${REVIEWER}> <@${REVIEWER_2}>`);

    // Moving the case on makes a pending reminder moot; an applicant step has no deadline.
    await h.click(key, 'send_documents', REVIEWER);
    await waitFor(() => threadReplies(h, key).some((r) => String(r.args.text).startsWith('(2)-a')), 'the transition');
    await h.settle();
    expect(cardText(h.latestCard(key)!.blocks)).not.toContain('*期限*');
    expect(threadReplies(h, key).filter((r) => String(r.args.text).includes('を過ぎました'))).toHaveLength(1);
  });
});
