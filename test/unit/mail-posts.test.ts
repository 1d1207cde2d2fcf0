// The posts about who wrote a mail, bounces and automatic replies (issue 15), and the card's mark, as
// data: their headings and buttons, and what came from outside escaped and cut.
import { describe, expect, it } from 'vitest';
import { aCase } from '../helpers/case-record.js';
import type { InboundDetail, InboundRow } from '../../src/inbound/inbound-record.js';
import { autoReplyPost, bouncePost, markClearedReply } from '../../src/slack/views/automatic-mail-posts.js';
import { caseCard } from '../../src/slack/views/case-card.js';
import { inboundThreadPost, strangerPost, triagePost } from '../../src/slack/views/inbound-posts.js';
import { usageProcedure } from '../../src/workflow/procedures/usage.js';
import { CUT_MARK } from '../../src/slack/views/slack-limits.js';

const at = new Date('2026-12-04T01:00:00Z');
const HOSTILE = '<!channel> <@U123> & <https://evil.example|click>';

function aRow(outcome: InboundRow['outcome'], detail: Partial<InboundDetail> = {}): InboundRow {
  return {
    id: 12,
    caseId: 1,
    outcome,
    matchedBy: 'subject',
    postChannel: null,
    postTs: null,
    receivedAt: at,
    detail: { from: { address: 'suzuki@other.example.com', name: HOSTILE }, subject: `Re: ${HOSTILE}`, date: null, text: `本文 ${HOSTILE}`, truncated: false, attachments: [], origin: 'INBOX:1', ...detail },
  };
}

const json = (m: { blocks: unknown[] }) => JSON.stringify(m.blocks);
const actionIds = (m: { blocks: any[] }) => m.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => e.action_id));

/** Nothing from the mail reaches mrkdwn as a control sequence. */
function expectEscaped(m: { text: string; blocks: unknown[] }) {
  for (const text of [m.text, json(m)]) {
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(text).not.toContain('<https://evil');
  }
}

describe('申請者以外からのメール', () => {
  it('says why, shows who checked the sender, has no step button, and offers to add the sender', () => {
    const post = strangerPost(aRow('stranger', { sender: { verification: { state: 'unverified' }, stranger: 'not_contact' } }), 'MDOC-0001', 'not_contact');
    expect(post.text.startsWith('MDOC-0001 申請者以外からのメール')).toBe(true);
    expect(json(post)).toContain('連絡先');
    expect(json(post)).toContain('未検証');
    expect(actionIds(post)).toEqual(['mdoc_inbound_add_contact']);
    expect(JSON.parse((post.blocks.at(-1) as any).elements[0].value)).toEqual({ inbound: 12 });
    expectEscaped(post);
  });

  it('offers nothing to add when the sender is a contact whose mail failed DMARC', () => {
    const post = strangerPost(aRow('stranger', { sender: { verification: { state: 'fail', dmarc: 'fail', spf: 'fail' }, stranger: 'dmarc_fail' } }), 'MDOC-0001', 'dmarc_fail');
    expect(json(post)).toContain('DMARC に失敗');
    expect(json(post)).toContain('DMARC fail・DKIM —・SPF fail');
    expect(actionIds(post)).toEqual([]);
  });

  it('the applicant\'s own post says it was verified', () => {
    const post = inboundThreadPost(aRow('matched', { sender: { verification: { state: 'pass', dmarc: 'pass', dkim: 'pass' } } }), 'MDOC-0001', []);
    expect(json(post)).toContain('確認済み（DMARC pass・DKIM pass・SPF —）');
  });
});

describe('メールが届きませんでした', () => {
  const bounce = (to?: string) =>
    aRow('bounce', {
      from: { address: 'mailer-daemon@relay.example.go.jp', name: 'Mail Delivery System' },
      bounce: { form: 'dsn', status: '5.1.1', diagnostic: `550 ${HOSTILE} ${'x'.repeat(900)}`, recipients: [{ address: 'Taro@example.co.jp' }, { address: `x${HOSTILE}@example.jp` }], ...(to ? { to } : {}), sentSubject: '【MDOC-0001】申請書類の送付について' },
    });

  it('shows the address, our mail, the status and the diagnostic, cut and escaped, with the button that clears the mark', () => {
    const post = bouncePost(bounce('taro@example.co.jp'), 'MDOC-0001');
    expect(post.text).toBe('MDOC-0001 メールが届きませんでした: taro@example.co.jp');
    const text = json(post);
    for (const part of ['*宛先*: taro@example.co.jp', '5.1.1', '申請書類の送付について', CUT_MARK, 'メール不達']) expect(text).toContain(part);
    expect(actionIds(post)).toEqual(['mdoc_bounce_clear']);
    expect(text.length).toBeLessThan(3000);
    expectEscaped(post);
  });

  it('has no button when it marked nothing (linked by hand, the address unknown)', () => {
    expect(actionIds(bouncePost(bounce(), 'MDOC-0001'))).toEqual([]);
  });

  it('in 未分類: marked as a bounce, with 案件に紐付け only', () => {
    const post = triagePost({ ...bounce(), caseId: null });
    expect(post.text).toContain('未分類のメール（不達通知）');
    expect(actionIds(post)).toEqual(['mdoc_inbound_link']);
    expectEscaped(post);
  });

  it('the thread is told when the mark is cleared, by whom or by a new mail', () => {
    expect(markClearedReply('MDOC-0001', 'taro@example.co.jp', 'UREV1').text).toContain('<@UREV1> が表示を消しました');
    expect(markClearedReply('MDOC-0001', 'taro@example.co.jp').text).toContain('この宛先へのメールを送信したため');
  });
});

describe('自動応答', () => {
  it('is one block, with no button, its text cut short', () => {
    const post = autoReplyPost(aRow('auto_reply', { text: `不在にしております。${'あ'.repeat(1000)}`, autoReply: { reason: 'Auto-Submitted: auto-replied' } }), 'MDOC-0001');
    expect(post.blocks).toHaveLength(1);
    expect(actionIds(post)).toEqual([]);
    expect(json(post)).toContain('Auto-Submitted: auto-replied');
    expect([...json(post)].length).toBeLessThan(1000);
    expectEscaped(post);
  });

  it('in 未分類: marked, with 案件に紐付け only', () => {
    const post = triagePost({ ...aRow('auto_reply', { autoReply: { reason: 'subject' } }), caseId: null });
    expect(post.text).toContain('未分類のメール（自動応答）');
    expect(actionIds(post)).toEqual(['mdoc_inbound_link']);
  });

  it('a person\'s mail in 未分類 keeps both buttons', () => {
    expect(actionIds(triagePost({ ...aRow('unmatched'), caseId: null }))).toEqual(['mdoc_inbound_link', 'mdoc_inbound_new']);
  });
});

describe('the card\'s 「メール不達」', () => {
  const holders = { agency: [], operator: [], test_lab: [] };

  it('shows while an address is marked, escaped, and not otherwise', () => {
    const marked = json(caseCard({ procedure: usageProcedure, case: aCase({ undeliveredTo: ['taro@example.co.jp', 'a<b>@example.jp'] }), holders }));
    expect(marked).toContain('*メール不達*: taro@example.co.jp、a&lt;b&gt;@example.jp');
    expect(json(caseCard({ procedure: usageProcedure, case: aCase(), holders }))).not.toContain('メール不達');
    expect(json(caseCard({ procedure: usageProcedure, case: aCase({ undeliveredTo: ['taro@example.co.jp'] }), holders, locale: 'en' }))).toContain('Mail undelivered');
  });
});
