// The applicant's web door in a real browser (Debian's chromium through playwright-core), against the
// real bot: real Postgres, the outbox, an SMTP server and the Web API stand-in. One applicant goes from
// /apply to (3)-a, doing its own steps; the desk does its own in Slack. Every page state is checked for
// touch targets of 44 × 44 CSS px at a phone's width and with axe-core (WCAG 2.2 A/AA, best practice).
// MDOC_SCREENSHOTS=1 also writes every page, at desktop and phone width, into docs/screenshots/.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEWER, REVIEW_CHANNEL, startHarness, type Harness } from '../helpers/bot-harness.js';
import { threadReplies, walk } from '../helpers/case-walk.js';
import { axeViolations, launchBrowser, screenshot, smallTargetsOnPhone } from '../helpers/browser.js';
import { waitFor } from '../helpers/wait-for.js';
import { linkIn } from '../helpers/web-client.js';
import { TEST_WEB_LIMITS, confirmationMail, usageApplication, webEnv } from '../helpers/web-door.js';

let h: Harness;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [h, browser] = await Promise.all([startHarness({ env: webEnv, webLimits: TEST_WEB_LIMITS }), launchBrowser()]);
  context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

/** The page in its current state: no target under 44 px on a phone, nothing axe finds; and its screenshots. */
async function check(p: Page, name?: string): Promise<void> {
  expect(await smallTargetsOnPhone(p), `${name ?? p.url()}: targets under 44 px at 390 px`).toEqual([]);
  expect(await axeViolations(p), `${name ?? p.url()}: axe`).toEqual([]);
  if (name) await screenshot(p, name);
}

/** Whether the element has the focus. */
const hasFocus = (locator: Locator) => locator.evaluate((element) => element === (globalThis as any).document.activeElement);
const focusedId = (p: Page) => p.evaluate(() => (globalThis as any).document.activeElement?.id as string | undefined);

/** A small real PDF, with bytes of every value so that a byte-for-byte comparison means something. */
function pdf(title: string): Buffer {
  const body = `%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 /Title (${title}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return Buffer.concat([Buffer.from(body, 'latin1'), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
}

const form = usageApplication({ org_name: '株式会社ブラウザ申請' });
const state: { key?: string; caseLink?: string } = {};
const caseOf = () => h.bot.db.prisma.case.findUniqueOrThrow({ where: { key: state.key! } });
const transitionCount = () => h.bot.db.prisma.transition.count({ where: { case: { key: state.key! } } });

/** The case's link from the newest mail to the applicant. */
async function latestCaseLink(subject: string): Promise<string> {
  const mail = await waitFor(() => h.smtp.mails.find((m) => m.to.includes(form.email!) && m.subject.includes(subject)), `the mail "${subject}"`);
  return linkIn(mail.text, 'case');
}

describe('the applicant, in a browser', () => {
  it('applies on /apply: a bad 法人番号 is refused beside its field, then fixed and sent with the keyboard', async () => {
    await page.goto(`http://localhost:${h.bot.port}/apply`);
    expect(await page.title()).toContain('申請する手続きの選択');
    await check(page, 'apply-choose');
    await page.getByRole('radio', { name: '利用申請' }).check();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.waitForURL(/flow=usage/);

    // The KRL question is the Remote Reader Library's: it appears once 非対面 is chosen, not for 対面.
    const krl = page.getByRole('radiogroup', { name: /KRL代理取得機能/ });
    expect(await krl.isVisible()).toBe(false);
    await page.getByRole('radio', { name: '対面（Android Verifier API Library）' }).check();
    expect(await krl.isVisible()).toBe(false);
    await page.getByRole('radio', { name: '非対面（Linux Remote Reader Library）' }).check();
    expect(await krl.isVisible()).toBe(true);
    expect(await krl.getAttribute('aria-required')).toBe('true');

    await page.getByLabel('区分').selectOption('private');
    await page.getByLabel('事業者・団体名').fill(form.org_name!);
    await page.getByLabel('法人番号').fill('4011001098994');
    await page.getByLabel('部署名').fill(form.department!);
    await page.getByLabel('担当者名').fill(form.contact_name!);
    await page.getByLabel('電話番号').fill(form.phone!);
    await page.getByLabel('メールアドレス').fill(form.email!);
    await krl.getByRole('radio', { name: 'いいえ' }).check();
    await check(page, 'apply-form');
    await page.getByRole('button', { name: '確認メールを送る' }).click();

    // Refused: the title says so first, and the focus is on the summary, so a screen reader reads it at once.
    expect(await page.title()).toMatch(/^エラー（1件）：利用申請のお申し込み｜/);
    expect(await hasFocus(page.locator('.error-summary'))).toBe(true);
    const field = page.getByLabel('法人番号');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain('corporate_number-error');
    // Beside the field: in the field's own block, between its label and the input.
    const block = page.locator('.field', { has: field });
    expect(await block.locator('.error').innerText()).toContain('チェックデジット');
    expect(await page.locator('.error-summary').innerText()).toContain('法人番号');
    // What was typed is kept, the bad number included, and nothing was mailed.
    expect(await page.getByLabel('事業者・団体名').inputValue()).toBe(form.org_name);
    expect(await field.inputValue()).toBe('4011001098994');
    expect(await page.locator('input[name="usage_mode"][value="remote"]').isChecked()).toBe(true);
    expect(h.smtp.mails.some((m) => m.to.includes(form.email!))).toBe(false);
    await check(page, 'apply-errors');

    await field.fill('４０１１００１０９８９９３');
    await field.press('Enter');
    await page.getByRole('heading', { name: '確認メールをお送りしました' }).waitFor();
    expect(await page.locator('main').innerText()).toContain(form.email!);
    expect(await page.locator('main').innerText()).toContain('1時間に3通まで');
    await check(page, 'apply-sent');
  });

  it('announces an empty form\'s errors: focus on the summary, Tab to its first link, and a group\'s link focuses its first radio', async () => {
    await page.goto(`http://localhost:${h.bot.port}/apply?flow=usage`);
    await page.getByRole('button', { name: '確認メールを送る' }).click();
    await page.locator('.error-summary').waitFor();
    const links = page.locator('.error-summary a');
    expect(await links.count()).toBe(8);
    expect(await page.title()).toMatch(/^エラー（8件）：利用申請のお申し込み｜/);
    expect(await hasFocus(page.locator('.error-summary'))).toBe(true);
    const summary = await page.locator('.error-summary').innerText();
    expect(summary).toContain('区分: 区分を選んでください。');
    expect(summary).toContain('事業者・団体名: 事業者・団体名を入力してください。');
    expect(summary).toContain('対面／非対面を選んでください。');
    // The KRL question waits for 非対面: it is neither shown nor among the errors.
    expect(summary).not.toContain('KRL');
    // The keyboard reaches the errors first: 「手続きを選び直す」 is below the form now.
    await page.keyboard.press('Tab');
    expect(await hasFocus(links.first())).toBe(true);
    const group = page.getByRole('radiogroup', { name: /対面／非対面/ });
    expect(await group.getAttribute('aria-invalid')).toBe('true');
    expect(await group.getAttribute('aria-required')).toBe('true');
    await page.locator('.error-summary a[href="#f-usage_mode-0"]').click();
    expect(await focusedId(page)).toBe('f-usage_mode-0');
    // Choosing 非対面 then brings the KRL question up, empty and required.
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radiogroup', { name: /KRL代理取得機能/ }).isVisible()).toBe(true);
    await check(page);

    await page.goto(`http://localhost:${h.bot.port}/apply?flow=nonsense`);
    expect(await page.title()).toMatch(/^エラー（1件）：申請する手続きの選択｜/);
    expect(await hasFocus(page.locator('.error-summary'))).toBe(true);
    await page.locator('.error-summary a').click();
    expect(await focusedId(page)).toBe('f-flow-0');
    await check(page);
  });

  it('confirms with the link from the mail: the case opens and its card, from the website, is in the channel', async () => {
    const link = linkIn((await confirmationMail(h, form.email!)).text, 'apply');
    await page.goto(link);
    expect(await page.locator('main').innerText()).toContain('4011001098993');
    await check(page, 'apply-confirm');
    // Opening the link changed nothing: no case yet.
    expect(await h.bot.db.prisma.case.count({ where: { orgName: form.org_name } })).toBe(0);
    await page.getByRole('button', { name: '申請を確定する' }).click();
    await page.waitForURL(/\/c\//);
    const text = await page.locator('main').innerText();
    const key = /MDOC-\d{4,}/.exec(text)![0];
    state.key = key;
    expect(text).toContain(`申請を受け付けました。案件番号は ${key} です。`);
    expect(text).toContain('(1)-b 申請書類の送付');
    expect(await page.locator('ol.steps li[aria-current="step"]').innerText()).toContain('(1)-b');
    expect(await page.title()).toBe(`申請を受け付けました｜(1)-b 申請書類の送付（デジタル庁で対応中）｜${key} 利用申請｜mdoc事業者申請窓口`);
    await check(page, 'case-opened');

    const card = await waitFor(() => h.latestCard(key), 'the card');
    const cardText = JSON.stringify(card.blocks);
    expect(cardText).toContain('Webサイトから受付');
    expect(cardText).toContain(form.org_name);
    expect(cardText).toContain('(1)-b 申請書類の送付');
    expect(h.slack.callsOf('chat.postMessage').some((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).startsWith(key))).toBe(true);
  });

  it('uploads the forms at (2)-a: a disguised file is refused, the PDFs land in the thread byte for byte, the case is at (2)-b', async () => {
    await h.click(state.key!, 'send_documents', REVIEWER);
    state.caseLink = await latestCaseLink('申請書類の送付について');
    await h.settle();
    await page.goto(state.caseLink);
    expect(await page.locator('ol.steps li[aria-current="step"]').innerText()).toContain('(2)-a');
    expect(await page.title()).toBe(`(2)-a 情報開示申請（書類の提出）｜${state.key} 利用申請｜mdoc事業者申請窓口`);
    await check(page, 'case-upload');

    const disclosure = pdf('disclosure');
    const contract = pdf('contract');
    await page.getByLabel('【申請書】情報開示申請書').setInputFiles({ name: '情報開示申請書.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ this is not a PDF at all') });
    await page.getByLabel('【申請書】事前準備契約申込書').setInputFiles({ name: '事前準備契約申込書.pdf', mimeType: 'application/pdf', buffer: contract });
    await page.getByRole('button', { name: '書類を提出する' }).click();
    const refused = page.locator('.field', { has: page.getByLabel('【申請書】情報開示申請書') }).locator('.error');
    expect(await refused.innerText()).toContain('PDF、Word、Excel');
    expect((await caseOf()).step).toBe('(2)-a');
    expect(await page.title()).toMatch(/^エラー（1件）：\(2\)-a 情報開示申請（書類の提出）｜/);
    // The errors open the main content, and have the focus: on a phone they are not a screen or two down.
    expect(await hasFocus(page.locator('.error-summary'))).toBe(true);
    expect(await page.locator('main > :nth-child(2)').getAttribute('class')).toBe('error-summary');
    await page.locator('.error-summary a').click();
    expect(await focusedId(page)).toBe('f-document_0');
    await check(page, 'case-upload-errors');

    await page.getByLabel('【申請書】情報開示申請書').setInputFiles({ name: '情報開示申請書.pdf', mimeType: 'application/pdf', buffer: disclosure });
    await page.getByLabel('【申請書】事前準備契約申込書').setInputFiles({ name: '事前準備契約申込書.pdf', mimeType: 'application/pdf', buffer: contract });
    await page.getByRole('button', { name: '書類を提出する' }).click();
    await page.waitForURL(/done=/);
    expect(await page.locator('.notice').innerText()).toContain('「(2)-a 情報開示申請」の書類を提出しました');
    expect(await page.locator('ol.steps li[aria-current="step"]').innerText()).toContain('(2)-b');
    expect((await caseOf()).step).toBe('(2)-b');
    expect(await page.title()).toMatch(/^受け付けました｜\(2\)-b 受付・審査（デジタル庁で対応中）｜/);
    await check(page, 'case-submitted');

    const uploaded = await waitFor(() => {
      const files = [...h.slack.uploads.values()];
      return files.some((f) => f.equals(disclosure)) && files.some((f) => f.equals(contract)) ? files : undefined;
    }, 'the PDFs in the stand-in');
    expect(uploaded.length).toBeGreaterThanOrEqual(2);
    const card = h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).startsWith(state.key!))!;
    const shared = await waitFor(() => h.slack.callsOf('files.completeUploadExternal').find((c) => c.args.thread_ts === card.result.ts), 'the files shared in the thread');
    expect(String(shared.args.files)).toContain('情報開示申請書.pdf');
    await waitFor(() => threadReplies(h, state.key!).some((r) => String(r.args.text).startsWith('(2)-b')), 'the (2)-b reply');
  });

  it('reports (2)-e done with its button: (3)-a in the thread; the same button in an old tab moves nothing', async () => {
    await h.settle();
    await walk(h, state.key!, [
      { step: '(2)-b', action: 'accept', by: REVIEWER, next: '(2)-c 承認' },
      { step: '(2)-c', action: 'approve', by: REVIEWER, next: '(2)-d 資材配布' },
      { step: '(2)-d', action: 'distribute', by: REVIEWER, next: '(2)-e ID等発行申請' },
    ]);
    const link = await latestCaseLink('資材の配布について');
    await page.goto(link);
    const oldTab = await context.newPage();
    await oldTab.goto(link);
    const button = page.getByRole('button', { name: 'ID等発行申請の完了を報告する' });
    expect(await page.locator('ol.steps li[aria-current="step"]').innerText()).toContain('(2)-e');
    expect(await page.title()).toBe(`(2)-e ID等発行申請（完了の報告）｜${state.key} 利用申請｜mdoc事業者申請窓口`);
    // A list to a screen reader, though it shows no bullets (Safari drops the role of such a list otherwise).
    expect(await page.getByRole('region', { name: '手続きの流れ' }).getByRole('list').getAttribute('role')).toBe('list');
    await check(page, 'case-confirm');

    const before = threadReplies(h, state.key!).length;
    await button.click();
    await page.waitForURL(/done=/);
    const reply = await waitFor(() => threadReplies(h, state.key!).slice(before).find((r) => String(r.args.text).startsWith('(3)-a')), 'the (3)-a reply');
    expect(JSON.stringify(reply.args.blocks)).toContain('申請事業者がWebで完了を報告しました');
    expect((await caseOf()).step).toBe('(3)-a');
    const last = await h.bot.db.prisma.transition.findFirstOrThrow({ where: { case: { key: state.key! } }, orderBy: { version: 'desc' } });
    expect(last.actorId).toBe('web:applicant');
    expect(await page.locator('.notice').innerText()).toContain('完了を報告しました');
    expect(await page.title()).toMatch(/^受け付けました｜\(3\)-a 仕様確認・システム開発（完了の報告）｜/);
    await h.settle();

    const transitions = await transitionCount();
    const replies = threadReplies(h, state.key!).length;
    await oldTab.getByRole('button', { name: 'ID等発行申請の完了を報告する' }).click();
    await oldTab.locator('.notice').waitFor();
    const told = await oldTab.locator('.notice').innerText();
    expect(told).toContain('この操作は行いませんでした');
    expect(told).toContain('申請事業者（このページから）が「(2)-e ID等発行申請」の完了を報告しました');
    expect(await oldTab.locator('ol.steps li[aria-current="step"]').innerText()).toContain('(3)-a');
    expect(await oldTab.title()).toMatch(/^この操作は行いませんでした｜\(3\)-a 仕様確認・システム開発（完了の報告）｜/);
    await check(oldTab, 'case-already-done');
    await h.settle();
    expect(await transitionCount()).toBe(transitions);
    expect(threadReplies(h, state.key!).length).toBe(replies);
    expect((await caseOf()).step).toBe('(3)-a');
  });

  it('shows a plain page, naming no case, for a link that is wrong', async () => {
    const res = await page.goto(`${new URL(state.caseLink!).origin}/c/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('main').innerText()).not.toContain(state.key!);
    await check(page, 'error-not-found');
  });

  it('shows our page, with our headers, for a path that is none of ours; /slack/* keeps the receiver\'s answer', async () => {
    const origin = `http://localhost:${h.bot.port}`;
    for (const path of ['/nope', '/apply/nope/deeper', '/%E0%A4', '/']) {
      const res = (await page.goto(`${origin}${path}`))!;
      expect(res.status(), path).toBe(404);
      const headers = await res.allHeaders();
      expect(headers['content-security-policy'], path).toContain("default-src 'none'");
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(await page.title()).toBe('ページが見つかりません｜mdoc事業者申請窓口');
      expect(await page.getByRole('link', { name: '申請のページへ' }).count()).toBe(1);
    }
    await check(page);
    // The checks can fail: a page without its language, and a link of 16 px, are found.
    await page.evaluate(() => {
      const { document } = globalThis as any;
      document.documentElement.removeAttribute('lang');
      document.querySelector('main a').style.minHeight = '0';
    });
    expect((await axeViolations(page)).map((v) => v.id)).toContain('html-has-lang');
    expect((await smallTargetsOnPhone(page)).map((t) => t.element)).toEqual(['a /apply']);
    const slack = await fetch(`${origin}/slack/events`);
    expect(slack.status).toBe(404);
    expect(slack.headers.get('content-security-policy')).toBeNull();
    expect(await slack.text()).toBe('');
  });
});
