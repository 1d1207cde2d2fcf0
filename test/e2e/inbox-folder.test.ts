// Without IMAP_URL the bot reads .eml files dropped into <MDOC_DATA_DIR>/inbox/, as it writes mail to
// files without SMTP_URL: a taken file moves to done/, one that cannot be taken to failed/ with its reason.
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTER, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { openCaseThroughSlack, threadReplies } from '../helpers/case-walk.js';
import { waitFor } from '../helpers/wait-for.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

describe('the inbox folder', () => {
  it('takes a dropped mail into its case thread and moves the file to done/; a malformed one to failed/ with the reason', async () => {
    const key = await openCaseThroughSlack(h, 'new usage', REQUESTER, {
      category: choice('private'),
      org_name: 'フォルダ受信株式会社',
      corporate_number: '4011001098993',
      department: '部',
      contact_name: '名',
      phone: '03-1234-5678',
      // The sender of the reply dropped below: the applicant.
      email: 'taro@example.co.jp',
      usage_mode: choice('remote'),
      krl_proxy: choice('no'),
    });
    expect(key).toBe('MDOC-0001');
    const inbox = path.join(h.dataDir, 'inbox');
    await mkdir(inbox, { recursive: true });
    await copyFile('test/fixtures/mail/iso2022jp-reply.eml', path.join(inbox, 'reply.eml'));
    await copyFile('test/fixtures/mail/malformed.eml', path.join(inbox, 'broken.eml'));

    await waitFor(() => threadReplies(h, key).some((c) => String(c.args.text).includes('メールを受信しました')), 'the mail in the thread');
    await waitFor(async () => (await readdir(path.join(inbox, 'failed')).catch(() => [])).length === 2, 'the malformed file in failed/');
    expect(await readdir(path.join(inbox, 'done'))).toEqual(['reply.eml']);
    expect((await readdir(path.join(inbox, 'failed'))).sort()).toEqual(['broken.eml', 'broken.eml.reason.txt']);
    expect(await readFile(path.join(inbox, 'failed', 'broken.eml.reason.txt'), 'utf8')).toContain('読み取れないメール');
    expect((await readdir(inbox)).filter((f) => f.endsWith('.eml'))).toEqual([]);
    expect(await h.bot.db.prisma.inboundMessage.count({ where: { outcome: 'malformed' } })).toBe(1);
  });
});
