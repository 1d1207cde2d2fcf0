// /verify/<certificate number> in a real browser (Debian's chromium through playwright-core), against the
// real bot: a certification case walked to (5) in Slack with its 確認用PG認定書, then the public page as
// anyone would use it: the record, the PDF check (the same file, then an altered one), the revocation
// done from the card's menu, and an unknown number.
// Each page state is checked for 44 px targets on a phone and with axe-core, as the web door's other pages.
// MDOC_SCREENSHOTS=1 also writes each page, at desktop and phone width, as docs/screenshots/verify-*.png.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Of } from '../../src/documents/document-library.js';
import { REQUESTER, REVIEWER, choice, issuedPdf, startHarness, type Harness } from '../helpers/bot-harness.js';
import { certificationMoves, openCaseThroughSlack, walk } from '../helpers/case-walk.js';
import { DESKTOP, PHONE, axeViolations, launchBrowser, screenshot, smallTargetsOnPhone } from '../helpers/browser.js';
import { waitFor } from '../helpers/wait-for.js';
import { TEST_WEB_LIMITS, webEnv } from '../helpers/web-door.js';

let h: Harness;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const NUMBER = 'PG-2026-0417';
const state: { key?: string; certificate?: Buffer } = {};

beforeAll(async () => {
  [h, browser] = await Promise.all([startHarness({ env: webEnv, webLimits: TEST_WEB_LIMITS }), launchBrowser()]);
  context = await browser.newContext({ locale: 'ja-JP', viewport: DESKTOP });
  page = await context.newPage();
  const key = await openCaseThroughSlack(h, 'new cert-remote', REQUESTER, {
    category: choice('private'),
    org_name: '株式会社確認プログラム開発',
    corporate_number: '1180301018771',
    department: '開発部',
    contact_name: '佐藤 花子',
    phone: '03-5555-0000',
    email: 'verify@example.co.jp',
    env_test: choice('no'),
  });
  state.key = key;
  state.certificate = issuedPdf('確認用PG認定書', key);
  await walk(h, key, certificationMoves({ certificate: { number: NUMBER, certifiedOn: '2026-12-01', file: state.certificate } }));
});
afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

/** The page as it stands: no target under 44 px on a phone, nothing axe finds; then its screenshots. */
async function checked(name: string): Promise<void> {
  expect(await smallTargetsOnPhone(page), `${name}: targets under 44 px at 390 px`).toEqual([]);
  expect(await axeViolations(page), `${name}: axe`).toEqual([]);
  await screenshot(page, name);
}

const verifyUrl = (number: string) => `http://localhost:${h.bot.port}/verify/${number}`;

/** Chooses a file in the page's form and sends it, as a person would: the label, then the button. */
async function checkPdf(name: string, buffer: Buffer): Promise<void> {
  await page.getByLabel('認定書の PDF ファイル').setInputFiles({ name, mimeType: 'application/pdf', buffer });
  await page.getByRole('button', { name: '確かめる' }).click();
  await page.waitForLoadState('load');
}

describe('the public verification page, in a browser', () => {
  it('shows a valid certificate: the business, the certification, its date and the hash of the PDF issued', async () => {
    const response = await page.goto(verifyUrl(NUMBER));
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await page.title()).toContain('確認用PG認定の確認');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('確認用PG認定の確認');
    expect(await page.getByRole('status').first().innerText()).toContain('この認定は有効です。');
    const facts = await page.locator('dl.facts').innerText();
    for (const shown of [NUMBER, '有効', '株式会社確認プログラム開発', '1180301018771', '確認用PG認定（非対面用）', '2026年12月1日', sha256Of(state.certificate!)]) expect(facts).toContain(shown);
    const text = await page.locator('main').innerText();
    for (const hidden of [state.key!, 'verify@example.co.jp', '佐藤', '開発部', '03-5555-0000']) expect(text).not.toContain(hidden);
    // The long hash wraps inside a phone's width instead of widening the page.
    await page.setViewportSize(PHONE);
    expect(await page.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESKTOP);
    await checked('verify-valid');
  });

  it('says that the PDF issued is the one issued, compared by its hash in the server, and keeps nothing', async () => {
    const filesBefore = await h.bot.db.prisma.caseFile.count();
    await checkPdf('認定書.pdf', state.certificate!);
    expect(await page.getByRole('status').filter({ hasText: '一致' }).innerText()).toContain('一致しました。');
    expect(await page.locator('main').innerText()).toContain(`お選びのファイルの SHA-256: ${sha256Of(state.certificate!)}`);
    await checked('verify-match');
    expect(await h.bot.db.prisma.caseFile.count()).toBe(filesBefore);
  });

  it('says that an altered PDF is not the one issued', async () => {
    const altered = Buffer.from(state.certificate!);
    altered[altered.length - 1] = altered.at(-1)! ^ 0xff;
    await checkPdf('認定書（編集済み）.pdf', altered);
    const result = await page.getByRole('status').filter({ hasText: '一致' }).innerText();
    expect(result).toContain('一致しません。');
    expect(result).toContain(sha256Of(altered));
    await checked('verify-mismatch');
  });

  it('shows a certificate a reviewer revoked from the card, with the date, and nothing of the reason', async () => {
    const opened = h.slack.callsOf('views.open').length;
    await h.chooseFromMenu(state.key!, 'revoke_certificate', REVIEWER);
    const modal = (await waitFor(() => h.slack.callsOf('views.open').slice(opened).find((c) => c.args.view.callback_id === 'mdoc_action_form'), 'the revocation modal')).args.view;
    expect((await h.submitView('mdoc_action_form', { revocation_reason: '提出書類に虚偽の記載があったため。' }, REVIEWER, modal.private_metadata)).body).toBe('');
    await h.settle();
    const revokedAt = (await h.bot.db.prisma.case.findUniqueOrThrow({ where: { key: state.key! } })).fields as Record<string, string>;
    const day = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(revokedAt.certificate_revoked_at!));

    await page.goto(verifyUrl(NUMBER));
    expect(await page.getByRole('status').first().innerText()).toBe(`この認定は取り消されています（${day}）。`);
    expect(await page.locator('dl.facts').innerText()).toContain(`取消（${day}）`);
    expect(await page.locator('main').innerText()).not.toContain('虚偽');
    await checked('verify-revoked');
  });

  it('answers an unknown number with 404 and its own words', async () => {
    const response = await page.goto(verifyUrl('PG-0000-0000'));
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('認定が見つかりません');
    expect(await page.locator('main').innerText()).toContain('認定番号「PG-0000-0000」の確認用PG認定は見つかりませんでした。');
    await checked('verify-unknown');
  });
});
