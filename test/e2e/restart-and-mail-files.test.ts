// Nothing is lost across a restart while Slack is down, and without SMTP_URL mail becomes files.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REQUESTER, REVIEWER, REVIEW_CHANNEL, choice, startHarness } from '../helpers/bot-harness.js';
import { freshDatabase } from '../helpers/database.js';
import { waitFor } from '../helpers/wait-for.js';

const INTAKE = {
  category: choice('private'),
  org_name: '株式会社再起動',
  corporate_number: '4011001098993',
  department: '運用部',
  contact_name: '鈴木',
  phone: '03-1234-5678',
  email: 'suzuki@example.co.jp',
  usage_mode: choice('remote'),
  krl_proxy: choice('yes'),
};

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

describe('a restart', () => {
  it('delivers, from the new process, what the old one could not deliver while Slack was down', async () => {
    const db = await freshDatabase();
    cleanup.push(() => db.drop());
    const first = await startHarness({ db });
    first.slack.fail('chat.postMessage', { status: 503 }, 1_000);
    first.slack.fail('conversations.open', { status: 503 }, 1_000);
    const res = await first.submitView('mdoc_new', INTAKE, REQUESTER, '{"procedure":"usage"}');
    expect(res.body).toBe('');
    await waitFor(async () => (await first.bot.db.prisma.notification.count({ where: { attempts: { gt: 0 } } })) > 0, 'a failed attempt');
    await first.stop();
    expect(first.slack.callsOf('chat.postMessage')).toHaveLength(0);

    const second = await startHarness({ db });
    cleanup.push(() => second.stop());
    await second.settle();
    const card = second.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts);
    expect(String(card?.args.text)).toContain('株式会社再起動');
    expect(second.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts)).toHaveLength(1);
  });
});

describe('without SMTP_URL', () => {
  it('writes each mail as an .eml file under the data directory', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'mdoc-mail-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const h = await startHarness({ env: { SMTP_URL: '', MDOC_DATA_DIR: dataDir } });
    cleanup.push(() => h.stop());
    await h.submitView('mdoc_new', INTAKE, REQUESTER, '{"procedure":"usage"}');
    const key = await waitFor(() => h.latestCard('MDOC-0001') && 'MDOC-0001', 'the card');
    await h.click(key, 'send_documents', REVIEWER);
    const emlFiles = async () => (await readdir(path.join(dataDir, 'mail')).catch(() => [])).filter((f) => f.endsWith('.eml'));
    await waitFor(async () => (await emlFiles()).length > 0, 'an .eml file');
    const files = await emlFiles();
    expect(files).toHaveLength(1);
    const eml = await readFile(path.join(dataDir, 'mail', files[0]!), 'utf8');
    expect(eml).toContain('To: suzuki@example.co.jp');
    expect(eml).toMatch(/Message-ID: <notification-\d+\.MDOC-0001\.[A-Za-z0-9_-]{22}@mdoc-desk>/);
    expect(h.smtp.mails).toHaveLength(0);
    expect(h.logs.some((l) => l.includes('mail written to file'))).toBe(true);
  });
});
