// The applicant's web door without a browser, through the real bot (Bolt's receiver serving the pages,
// real Postgres, the outbox, SMTP): what a GET may not do, what a POST must carry, which headers every
// page sends, and that twenty concurrent confirmations open one case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMS, formById } from '../../src/forms/declarations.js';
import { createTokenSigner } from '../../src/web/link-tokens.js';
import { REQUESTER, REVIEWER, REVIEW_CHANNEL, startHarness, type Harness } from '../helpers/bot-harness.js';
import { threadReplies } from '../helpers/case-walk.js';
import { buttonClickPayload, interactionBody, post, sign } from '../helpers/signed-requests.js';
import { waitFor } from '../helpers/wait-for.js';
import { WebClient, hiddenField, linkIn, pathOf } from '../helpers/web-client.js';
import { LINK_SECRET, TEST_WEB_LIMITS, applyOnWeb, confirmationMail, openCaseOnWeb, usageApplication, webBase, webEnv } from '../helpers/web-door.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: webEnv, webLimits: TEST_WEB_LIMITS });
});
afterAll(async () => {
  await h?.stop();
});

/** Everything a request could change: every table the bot writes, by content. */
async function databaseState(): Promise<string> {
  const q = (sql: string) => h.bot.db.prisma.$queryRawUnsafe<unknown[]>(sql);
  const rows = await Promise.all([
    q(`SELECT id, key, step, version, closed, fields, updated_at FROM cases ORDER BY id`),
    q(`SELECT case_id, version, to_step FROM transitions ORDER BY id`),
    q(`SELECT id, kind, stream FROM notifications ORDER BY id`),
    q(`SELECT id, case_id, confirmed_at, claimed_until FROM web_applications ORDER BY id`),
    q(`SELECT case_id, generation FROM applicant_links ORDER BY case_id`),
    q(`SELECT name FROM app_secrets ORDER BY name`),
  ]);
  return JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
}

describe('the intake form', () => {
  it('is the modal\'s form: the same field names and choice values, the desk\'s own question left out', async () => {
    const client = new WebClient(webBase(h));
    const chooser = await client.get('/apply');
    expect(chooser.status).toBe(200);
    for (const choice of FORMS.chooser!.fields[0]!.choices!) expect(chooser.body).toContain(`name="flow" value="${choice.value}"`);
    for (const [flow, formId] of [['usage', 'usage_intake'], ['cert_in_person', 'certification_intake'], ['cert_remote', 'certification_intake']] as const) {
      const page = await client.get(`/apply?flow=${flow}`);
      expect(page.status).toBe(200);
      for (const field of formById(formId).fields) {
        if (field.deskOnly) {
          expect(page.body).not.toContain(`name="${field.name}"`);
          continue;
        }
        expect(page.body, `${flow} ${field.name}`).toContain(`name="${field.name}"`);
        expect(page.body).toContain(`<label for="f-${field.name}"`.replace('<label', field.kind === 'radio' ? '<fieldset' : '<label').replace('for=', field.kind === 'radio' ? 'id=' : 'for='));
        for (const choice of field.choices ?? []) expect(page.body).toContain(`value="${choice.value}"`);
      }
    }
  });

  it('shows each error next to its field, keeps what was typed, and mails a confirmation link once it is right', async () => {
    const client = new WebClient(webBase(h));
    const page = await client.get('/apply?flow=usage');
    const form = usageApplication({ corporate_number: '1234567890123', org_name: 'ACME <script>alert(1)</script>' });
    const refused = await client.post('/apply', { _csrf: hiddenField(page.body, '_csrf'), flow: 'usage', ...form });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatch(/<input[^>]*id="f-corporate_number"[^>]*aria-describedby="[^"]*corporate_number-error/);
    expect(refused.body).toMatch(/id="corporate_number-error"[^>]*>.*チェックデジット/s);
    expect(refused.body).toContain('value="1234567890123"');
    expect(refused.body).toContain('ACME &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(refused.body).not.toContain('<script>');
    expect(h.smtp.mails.some((m) => m.to.includes(form.email!))).toBe(false);

    const fixed = await client.post('/apply', { _csrf: hiddenField(refused.body, '_csrf'), flow: 'usage', ...form, corporate_number: '４０１１００１０９８９９３' });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toContain('確認メールをお送りしました');
    const mail = await confirmationMail(h, form.email!);
    expect(linkIn(mail.text, 'apply')).toMatch(new RegExp(`^http://localhost:${h.bot.port}/apply/confirm/`));
    expect(mail.text).toContain('4011001098993');
  });
});

describe('what an application asks and records', () => {
  it('takes a 対面 application with a KRL answer sent anyway (an older form, another program), and records no KRL answer', async () => {
    const form = usageApplication({ usage_mode: 'in_person', krl_proxy: 'yes' });
    const { key } = await openCaseOnWeb(h, form);
    const stored = await h.bot.db.prisma.webApplication.findFirstOrThrow({ where: { email: form.email! } });
    expect(stored.form).not.toHaveProperty('krl_proxy');
    const opened = await h.bot.db.prisma.case.findUniqueOrThrow({ where: { key } });
    expect(opened.fields).toMatchObject({ usage_mode: 'in_person' });
    expect(opened.fields).not.toHaveProperty('krl_proxy');
    // 非対面 still has to answer it.
    const client = new WebClient(webBase(h));
    const page = await client.get('/apply?flow=usage');
    const refused = await client.post('/apply', { _csrf: hiddenField(page.body, '_csrf'), flow: 'usage', ...usageApplication({ krl_proxy: '' }) });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('Remote Reader Library の KRL代理取得機能を利用するを選んでください。');
    expect(refused.body).toContain('<a href="#f-krl_proxy-0">');
  });
});

describe('the confirmation mail', () => {
  it('repeats what the form said with no link in it: addresses and URLs typed into the form are made inert', async () => {
    const form = usageApplication({ org_name: '株式会社例 https://evil.example/x www.evil.jp', department: 'evil.example営業部', contact_name: '山田 example。com' });
    await applyOnWeb(h, new WebClient(webBase(h)), form);
    const mail = await confirmationMail(h, form.email!);
    expect(mail.text).toContain('株式会社例 https[:]//evil[.]example/x www[.]evil[.]jp');
    expect(mail.text).toContain('evil[.]example営業部 山田 example[.]com 様');
    expect(mail.text).not.toMatch(/evil\.example|evil\.jp|example。com|:\/\/evil/);
    // The one URL of the mail is its confirmation link; the address is the one it was sent to; no HTML part.
    expect(mail.text.match(/https?:\/\/\S+/g)).toEqual([linkIn(mail.text, 'apply')]);
    expect(mail.text).toContain(`メールアドレス: ${form.email}`);
    expect(mail.parsed.html).toBe(false);
  });

  it('goes to one mailbox at most 3 times an hour, whatever the letter case or +tag, and the page is the same every time', async () => {
    const client = new WebClient(webBase(h));
    const mailbox = `limit-${Date.now()}@example.co.jp`;
    const addresses = [mailbox, mailbox.toUpperCase(), mailbox.replace('@', '+a@'), mailbox.replace('@', '+b@'), mailbox];
    const pages: string[] = [];
    for (const email of addresses) {
      const page = await client.get('/apply?flow=usage');
      const sent = await client.post('/apply', { _csrf: hiddenField(page.body, '_csrf'), flow: 'usage', ...usageApplication({ email }) });
      expect(sent.status).toBe(200);
      // The page names the address it was given, and the link's expiry to the minute.
      pages.push(sent.body.replaceAll(email, 'ADDRESS').replace(/[0-9]{4}年[^<]*/g, ''));
    }
    await h.settle();
    const mailed = h.smtp.mails.filter((m) => m.to.some((to) => to.toLowerCase().replace(/\+[^@]*@/, '@') === mailbox));
    expect(mailed).toHaveLength(3);
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]).toContain('1時間に3通まで');
    // Past the limit nothing was stored either; a mailbox that looks alike in a LIKE pattern is another one.
    expect(await h.bot.db.prisma.webApplication.count({ where: { email: { in: addresses } } })).toBe(3);
    const lookalike = mailbox.replace('limit-', 'limit_');
    const page = await client.get('/apply?flow=usage');
    await client.post('/apply', { _csrf: hiddenField(page.body, '_csrf'), flow: 'usage', ...usageApplication({ email: lookalike }) });
    await confirmationMail(h, lookalike);
  });

  it('holds concurrent applications to one address to the same 3 mails', async () => {
    const client = new WebClient(webBase(h));
    const email = `burst-${Date.now()}@example.co.jp`;
    const page = await client.get('/apply?flow=usage');
    const csrf = hiddenField(page.body, '_csrf');
    const answers = await Promise.all(Array.from({ length: 12 }, () => client.post('/apply', { _csrf: csrf, flow: 'usage', ...usageApplication({ email }) })));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    await h.settle();
    expect(h.smtp.mails.filter((m) => m.to.includes(email))).toHaveLength(3);
  });
});

describe('a GET never changes anything', () => {
  it('leaves every table as it was, for every page and link', async () => {
    const { key, casePath } = await openCaseOnWeb(h);
    const client = new WebClient(webBase(h));
    const form = usageApplication();
    const confirmPath = await applyOnWeb(h, client, form);
    await h.settle();
    const pending = new WebClient(webBase(h));
    const before = await databaseState();
    const paths = ['/apply', '/apply?flow=usage', '/apply?flow=cert_remote', '/apply?flow=nonsense', confirmPath, casePath, `${casePath}?done=2`, `${casePath}?notice=opened`, '/assets/mdoc-web.css', '/c/AAAA', '/apply/confirm/AAAA'];
    for (let i = 0; i < 3; i++) for (const path of paths) expect((await pending.get(path)).status).toBeLessThan(500);
    expect(await databaseState()).toBe(before);
    // The pages did open: the case page shows the case, the confirmation page its button.
    expect((await pending.get(casePath)).body).toContain(key);
    expect((await pending.get(confirmPath)).body).toContain('申請を確定する');
    // Neither the links nor the secret reach the log.
    const logs = h.logs.join('\n');
    expect(logs).not.toContain(casePath.slice('/c/'.length));
    expect(logs).not.toContain(confirmPath.slice('/apply/confirm/'.length));
    expect(logs).not.toContain(LINK_SECRET);
  });
});

describe('what is refused', () => {
  it('refuses an altered token with 404 and an expired one with 410, showing nothing of the case', async () => {
    const { key, casePath } = await openCaseOnWeb(h);
    const client = new WebClient(webBase(h));
    const token = casePath.slice('/c/'.length);
    const altered = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    for (const path of [`/c/${altered}`, '/c/not-a-token', `/c/${token}x`]) {
      const res = await client.get(path);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain(key);
      expect(res.body).not.toContain('株式会社');
    }
    const caseId = Number((await h.bot.db.prisma.case.findUnique({ where: { key } }))!.id);
    const expired = createTokenSigner(LINK_SECRET).sign({ purpose: 'case', id: caseId, generation: 1, expiresAt: new Date(Date.now() - 1000) });
    const gone = await client.get(`/c/${expired}`);
    expect(gone.status).toBe(410);
    expect(gone.body).not.toContain(key);
    // A token signed with another secret is no token of ours.
    const forged = createTokenSigner('another-secret-of-at-least-32-bytes!!').sign({ purpose: 'case', id: caseId, generation: 1, expiresAt: new Date(Date.now() + 86_400_000) });
    expect((await client.get(`/c/${forged}`)).status).toBe(404);
    // An application's token does not open a case page, nor the reverse.
    const applicationToken = createTokenSigner(LINK_SECRET).sign({ purpose: 'apply', id: caseId, generation: 0, expiresAt: new Date(Date.now() + 86_400_000) });
    expect((await client.get(`/c/${applicationToken}`)).status).toBe(404);
    expect((await client.get(`/apply/confirm/${token}`)).status).toBe(404);
  });

  it('refuses a POST without its CSRF token, or with another browser\'s, and changes nothing', async () => {
    const { casePath } = await openCaseOnWeb(h);
    const client = new WebClient(webBase(h));
    const form = usageApplication();
    const page = await client.get('/apply?flow=usage');
    const csrf = hiddenField(page.body, '_csrf');
    await h.settle();
    const before = await databaseState();
    expect((await client.post('/apply', { flow: 'usage', ...form })).status).toBe(403);
    const stranger = new WebClient(webBase(h));
    await stranger.get('/apply');
    expect((await stranger.post('/apply', { _csrf: csrf, flow: 'usage', ...form })).status).toBe(403);
    const cookieless = new WebClient(webBase(h));
    expect((await cookieless.post('/apply', { _csrf: csrf, flow: 'usage', ...form })).status).toBe(403);
    expect((await client.post(casePath, { version: '1' })).status).toBe(403);
    expect((await client.post(casePath, { _csrf: 'x'.repeat(43), version: '1' })).status).toBe(403);
    expect(await databaseState()).toBe(before);
  });

  it('lets a reviewer revoke the links from the card\'s menu: the old link answers 410, the next mail carries a new one', async () => {
    const { key, casePath, client } = await openCaseOnWeb(h);
    const menu = h.latestCard(key)!.blocks.find((b: any) => b.accessory?.type === 'overflow').accessory;
    const value = menu.options[0].value;
    const choose = async (userId: string) => {
      const payload = { ...buttonClickPayload({ userId, actionId: menu.action_id, value }), actions: [{ type: 'overflow', action_id: menu.action_id, block_id: 'b', selected_option: { value, text: { type: 'plain_text', text: 'x' } }, action_ts: '1' }] };
      const body = interactionBody(payload);
      expect((await post(h.url, body, sign(body))).status).toBe(200);
    };
    await choose(REQUESTER);
    await waitFor(() => h.slack.callsOf('chat.postEphemeral').find((c) => c.args.user === REQUESTER && String(c.args.text).includes('レビュアー')), 'the refusal');
    expect((await client.get(casePath)).status).toBe(200);

    await choose(REVIEWER);
    await waitFor(() => h.slack.callsOf('chat.postEphemeral').find((c) => c.args.user === REVIEWER && String(c.args.text).includes(`${key} の申請者用リンクを無効にしました`)), 'the confirmation');
    const gone = await client.get(casePath);
    expect(gone.status).toBe(410);
    expect(gone.body).not.toContain(key);

    await h.click(key, 'send_documents', REVIEWER);
    await h.settle();
    const mail = await waitFor(() => h.smtp.mails.find((m) => m.subject.includes(`【${key}】申請書類の送付`)), 'the next mail');
    const fresh = pathOf(linkIn(mail.text, 'case'));
    expect(fresh).not.toBe(casePath);
    const page = await client.get(fresh);
    expect(page.status).toBe(200);
    expect(page.body).toContain('(2)-a 情報開示申請');
  });
});

describe('headers', () => {
  it('sends the security headers on every page, error pages included', async () => {
    const { casePath } = await openCaseOnWeb(h);
    const client = new WebClient(webBase(h));
    const confirm = await applyOnWeb(h, client, usageApplication());
    for (const path of ['/apply', '/apply?flow=usage', confirm, casePath, '/c/nothing-here', '/assets/mdoc-web.css']) {
      const res = await client.get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|script-src/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    expect((await client.get(casePath)).headers.get('cache-control')).toBe('no-store');
    // No inline script or style anywhere: the CSP would block it.
    const page = await client.get(casePath);
    expect(page.body).not.toMatch(/<script|style="/);
  });

  it('keeps the Slack endpoint and /healthz as they were', async () => {
    expect((await fetch(`${webBase(h)}/healthz`)).status).toBe(200);
    expect((await post(h.url, 'payload=%7B%7D', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(401);
  });
});

describe('confirming', () => {
  it('opens one case for twenty concurrent POSTs of one confirmation', async () => {
    const client = new WebClient(webBase(h));
    const form = usageApplication();
    const confirm = await applyOnWeb(h, client, form);
    const page = await client.get(confirm);
    const csrf = hiddenField(page.body, '_csrf');
    const casesBefore = await h.bot.db.prisma.case.count();
    const answers = await Promise.all(Array.from({ length: 20 }, () => client.post(confirm, { _csrf: csrf })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(303));
    expect(await h.bot.db.prisma.case.count()).toBe(casesBefore + 1);
    const opened = await h.bot.db.prisma.case.findMany({ where: { orgName: form.org_name } });
    expect(opened).toHaveLength(1);
    expect(opened[0]!.requesterId).toBe('web:applicant');
    // Every answer leads to that case's page (each with a link of its own: a link carries its expiry).
    const signer = createTokenSigner(LINK_SECRET);
    const caseIds = answers.map((a) => {
      const checked = signer.verify(a.location!.replace(/^\/c\//, '').replace(/\?.*$/, ''), 'case', new Date());
      return checked.ok ? checked.claims.id : undefined;
    });
    expect(new Set(caseIds)).toEqual(new Set([opened[0]!.id]));
    await h.settle();
    // One card, saying where it came from; no DM, since nobody in Slack requested it.
    const cards = h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).includes(form.org_name!));
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0]!.args.blocks)).toContain('Webサイトから受付');
    expect(JSON.stringify(cards[0]!.args.blocks)).toContain('(1)-b 申請書類の送付');
    expect(h.slack.callsOf('conversations.open').some((c) => String(c.args.users).includes('web'))).toBe(false);
    // The link again, later: the same case, told it was confirmed before.
    const again = await client.post(confirm, { _csrf: csrf });
    expect(again.status).toBe(303);
    expect(again.location).toContain('notice=confirmed-before');
    expect(await h.bot.db.prisma.case.count()).toBe(casesBefore + 1);
  });

  it('lets the reviewers act at the applicant\'s steps of a web case, as they may today', async () => {
    const { key } = await openCaseOnWeb(h);
    await h.click(key, 'send_documents', REVIEWER);
    await waitFor(() => threadReplies(h, key).some((r) => String(r.args.text).startsWith('(2)-a')), 'the reply');
    await h.settle();
    await h.click(key, 'record_submission', REVIEWER);
    await waitFor(() => threadReplies(h, key).some((r) => String(r.args.text).startsWith('(2)-b')), 'the reply');
    await h.settle();
    await h.click(key, 'accept', REQUESTER);
    await waitFor(() => h.slack.callsOf('chat.postEphemeral').find((c) => c.args.user === REQUESTER), 'the refusal');
    expect((await h.bot.db.prisma.case.findUnique({ where: { key } }))!.step).toBe('(2)-b');
  });
});

/** A small real PDF (the check reads the content, not the name). */
const pdf = (title: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Title (${title}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');

describe('submitting on the case page', () => {
  async function hidden(client: WebClient, path: string) {
    const page = await client.get(path);
    expect(page.status).toBe(200);
    return { _csrf: hiddenField(page.body, '_csrf'), version: hiddenField(page.body, 'version'), body: page.body };
  }
  const stepOf = async (key: string) => (await h.bot.db.prisma.case.findUniqueOrThrow({ where: { key } })).step;
  async function byDesk(key: string, action: string, next: string) {
    await h.click(key, action, REVIEWER);
    await waitFor(async () => (await stepOf(key)) === next, `${action} to ${next}`);
    await h.settle();
  }

  it('takes the access application at (3)-b with the modal\'s validators, and its files, into the case', async () => {
    const { key, casePath, client } = await openCaseOnWeb(h);
    await byDesk(key, 'send_documents', '(2)-a');
    let f = await hidden(client, casePath);
    const files = [
      { field: 'document_0', name: 'disclosure.pdf', type: 'application/pdf', content: pdf('a') },
      { field: 'document_1', name: 'contract.pdf', type: 'application/pdf', content: pdf('b') },
    ];
    expect((await client.post(casePath, { _csrf: f._csrf, version: f.version }, files)).status).toBe(303);
    await waitFor(async () => (await stepOf(key)) === '(2)-b', '(2)-b');
    await h.settle();
    await byDesk(key, 'accept', '(2)-c');
    await byDesk(key, 'approve', '(2)-d');
    await byDesk(key, 'distribute', '(2)-e');
    for (const next of ['(3)-a', '(3)-b']) {
      f = await hidden(client, casePath);
      expect((await client.post(casePath, { _csrf: f._csrf, version: f.version })).status).toBe(303);
      expect(await stepOf(key)).toBe(next);
    }
    f = await hidden(client, casePath);
    expect(f.body).toContain('name="ip_ranges"');
    expect(f.body).toContain('name="apple_account_email"');
    const access = [{ field: 'document_0', name: 'access.pdf', type: 'application/pdf', content: pdf('c') }];
    const refused = await client.post(casePath, { _csrf: f._csrf, version: f.version, ip_ranges: '203.0.113.10\n0.0.0.0/0', apple_account_email: 'dev@example.co.jp' }, access);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatch(/id="ip_ranges-error"[^>]*>.*すべてのアドレス/s);
    expect(refused.body).toMatch(/<textarea[^>]*aria-describedby="[^"]*ip_ranges-error/);
    expect(refused.body).toContain('dev@example.co.jp');
    expect(await stepOf(key)).toBe('(3)-b');

    const done = await client.post(casePath, { _csrf: f._csrf, version: f.version, ip_ranges: '２０３.０.１１３.１０\n198.51.100.0/24', apple_account_email: 'dev@example.co.jp' }, access);
    expect(done.status).toBe(303);
    const c = await h.bot.db.prisma.case.findUniqueOrThrow({ where: { key } });
    expect(c.step).toBe('(3)-c');
    expect((c.fields as any).ip_ranges).toEqual(['203.0.113.10', '198.51.100.0/24']);
    await h.settle();
    expect(JSON.stringify(h.latestCard(key)!.blocks)).toContain('198.51.100.0/24');
    expect(JSON.stringify(threadReplies(h, key).at(-1)!.args.blocks)).toContain('申請事業者がWebで完了を報告しました');
  });

  it('refuses a file over its limit beside its field, and a request over the whole limit with 413, changing nothing', async () => {
    const { key, casePath, client } = await openCaseOnWeb(h);
    await byDesk(key, 'send_documents', '(2)-a');
    const f = await hidden(client, casePath);
    const big = Buffer.concat([pdf('big'), Buffer.alloc(11 * 1024 * 1024, 0x20)]);
    const one = await client.post(casePath, { _csrf: f._csrf, version: f.version }, [
      { field: 'document_0', name: 'big.pdf', type: 'application/pdf', content: big },
      { field: 'document_1', name: 'b.pdf', type: 'application/pdf', content: pdf('b') },
    ]);
    expect(one.status).toBe(422);
    expect(one.body).toMatch(/id="document_0-error"[^>]*>.*大きすぎます/s);
    const huge = await client.post(casePath, { _csrf: f._csrf, version: f.version }, [
      { field: 'document_0', name: 'a.pdf', type: 'application/pdf', content: big },
      { field: 'document_1', name: 'b.pdf', type: 'application/pdf', content: big },
      { field: 'document_1', name: 'c.pdf', type: 'application/pdf', content: big },
    ]);
    expect(huge.status).toBe(413);
    expect(huge.body).toContain('ファイルが大きすぎます');
    expect(await stepOf(key)).toBe('(2)-a');
    expect(await h.bot.db.prisma.caseFile.count({ where: { case: { key } } })).toBe(0);
  });
});
