// `/mdoc list` with filters and pages, and `/mdoc search`, through the real receiver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, REQUESTER, REVIEWER, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { openCaseThroughSlack } from '../helpers/case-walk.js';
import { buttonClickPayload, interactionBody, post, sign } from '../helpers/signed-requests.js';
import { waitFor } from '../helpers/wait-for.js';

let h: Harness;
const keys: string[] = [];
beforeAll(async () => {
  h = await startHarness();
  for (let i = 1; i <= 23; i++) {
    keys.push(
      await openCaseThroughSlack(h, i % 2 ? 'new usage' : 'new cert-remote', REQUESTER, {
        category: choice('private'),
        org_name: i === 7 ? '〇〇ソリューションズ株式会社' : `一覧テスト${i}`,
        corporate_number: i === 7 ? '5010401067252' : '4011001098993',
        department: '部',
        contact_name: '名',
        phone: '03-1234-5678',
        email: `list${i}@example.jp`,
        ...(i % 2 ? { usage_mode: choice('remote'), krl_proxy: choice('no') } : { env_test: choice('no') }),
      }),
    );
  }
});
afterAll(async () => {
  await h?.stop();
});

const text = (body: any) => JSON.stringify(body);

describe('/mdoc list', () => {
  it('shows twenty cases a page, newest activity first, with a button to the next page', async () => {
    const body = (await h.command('list', REVIEWER)).json();
    expect(text(body)).toContain('23件、1/2ページ');
    expect(text(body)).toContain(`*${keys.at(-1)}*`);
    expect(text(body)).not.toContain(`*${keys[0]}*`);
    const next = body.blocks.find((b: any) => b.type === 'actions').elements[0];
    expect(next.text.text).toBe('次のページ');

    const payload = buttonClickPayload({ userId: REVIEWER, actionId: next.action_id, value: next.value, responseUrl: h.slack.responseUrl('list') });
    const raw = interactionBody(payload);
    expect((await post(h.url, raw, sign(raw))).status).toBe(200);
    const page2 = await waitFor(() => h.slack.calls.find((c) => c.method === 'response_url' && c.args.response_id === 'list'), 'the second page');
    expect(page2.args.replace_original).toBe(true);
    expect(text(page2.args)).toContain('23件、2/2ページ');
    expect(text(page2.args)).toContain(`*${keys[0]}*`);
    expect(text(page2.args)).toContain('前のページ');
  });

  it('filters by procedure, step and lane', async () => {
    const usage = text((await h.command('list procedure:usage', REVIEWER)).json());
    expect(usage).toContain('12件');
    expect(usage).not.toContain('確認用PG認定');
    expect(text((await h.command('list step:(1)-b lane:agency', REVIEWER)).json())).toContain('23件');
    expect(text((await h.command('list lane:operator', OPERATOR)).json())).toContain('該当する案件はありません');
    expect((await h.command('list lane:boss', REVIEWER)).json().text).toContain('agency');
  });
});

describe('/mdoc search', () => {
  it('matches any part of the organisation name, or the 法人番号', async () => {
    const byName = text((await h.command('search ソリューションズ', REVIEWER)).json());
    expect(byName).toContain(`*${keys[6]}*`);
    expect(byName).toContain('1件');
    const byNumber = text((await h.command('search ５０１０４０１０６７２５２', REVIEWER)).json());
    expect(byNumber).toContain(`*${keys[6]}*`);
    expect(byNumber).toContain('1件');
    expect((await h.command('search', REVIEWER)).json().text).toContain('検索する語');
  });
});
