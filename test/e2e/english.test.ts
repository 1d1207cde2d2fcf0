// A person whose Slack is in English: modals, their DM copy of the card, inline errors and refusals come
// in English; the reviewer channel, thread replies and mails stay Japanese; step codes and document
// names are as in the seed everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTER, REVIEWER, REVIEW_CHANNEL, STRANGER, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { cardText, openCaseThroughSlack } from '../helpers/case-walk.js';
import { waitFor } from '../helpers/wait-for.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.slack.locales[REQUESTER] = 'en-US';
  h.slack.locales[STRANGER] = 'fr-FR';
});
afterAll(async () => {
  await h?.stop();
});

const intake = {
  category: choice('private'), org_name: 'English Ltd', corporate_number: '4011001098993', department: 'Dev', contact_name: 'Taro',
  phone: '03-1234-5678', email: 'en@example.jp', usage_mode: choice('in_person'), krl_proxy: choice('no'),
};

describe('an English reader', () => {
  it('gets the intake modal in English, with the same field IDs', async () => {
    const before = h.slack.callsOf('views.open').length;
    await h.command('new usage', REQUESTER);
    const modal = (await waitFor(() => h.slack.callsOf('views.open')[before], 'the modal')).args.view;
    expect(modal.title.text).toBe('New usage application');
    expect(modal.submit.text).toBe('Register');
    const labels = modal.blocks.filter((b: any) => b.type === 'input').map((b: any) => [b.block_id, b.label.text]);
    expect(labels).toContainEqual(['org_name', 'Organisation name']);
    expect(labels).toContainEqual(['usage_mode', 'In person / remote']);
    // The seed's manual keeps its name.
    expect(cardText(modal.blocks)).toContain('カード代替電磁的記録の利用に係る申請手順書');
  });

  it('sees inline errors in English', async () => {
    const res = await h.submitView('mdoc_new', { ...intake, corporate_number: '4011001098994', email: 'nope' }, REQUESTER, '{"procedure":"usage"}');
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: {
        corporate_number: 'The check digit of this corporate number (法人番号) does not match. Please check the number.',
        email: 'This is not a valid email address (e.g. taro@example.co.jp).',
      },
    });
  });

  it('gets the DM copy of the card in English while the channel card stays Japanese', async () => {
    const key = await openCaseThroughSlack(h, 'new usage', REQUESTER, intake);
    const dm = h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === `D${REQUESTER.slice(1)}` && !c.args.thread_ts);
    expect(dm).toBeDefined();
    const dmText = cardText(dm!.args.blocks);
    expect(dmText).toContain(`This thread follows the case *${key}* you registered.`);
    expect(dmText).toContain('*Current step*\\n(1)-b Sending the application documents');
    expect(dmText).toContain('Private business');
    expect(dmText).toContain('*In charge*: Digital Agency (<@UREVIEWER1>, <@UREVIEWER2>)');
    expect(cardText(h.latestCard(key)!.blocks)).toContain('*担当*: デジタル庁（<@UREVIEWER1>、<@UREVIEWER2>）');
    expect(cardText(h.latestCard(key)!.blocks)).toContain('*現在のステップ*\\n(1)-b 申請書類の送付');
  });

  it('is told in English why a click changed nothing; a French reader too', async () => {
    const key = h.latestCard('MDOC-')?.text.split(' ')[0] ?? 'MDOC-0001';
    await h.click(key, 'send_documents', STRANGER);
    const told = await waitFor(() => h.slack.callsOf('chat.postEphemeral').find((c) => c.args.user === STRANGER), 'the refusal');
    expect(told.args.text).toBe('Only these can act at (1)-b Sending the application documents: Digital Agency (<@UREVIEWER1>, <@UREVIEWER2>). Nothing was changed.');
    expect(told.args.channel).toBe(REVIEW_CHANNEL);
  });

  it('follows the case in English in the DM thread, while the channel thread stays Japanese', async () => {
    await h.click('MDOC-0001', 'send_documents', REVIEWER);
    const dm = `D${REQUESTER.slice(1)}`;
    const reply = await waitFor(() => h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === dm && c.args.thread_ts), 'the DM reply');
    expect(reply.args.text).toBe('(2)-a Information disclosure application: moved on (MDOC-0001, in charge: Applicant)');
    const replyText = cardText(reply.args.blocks);
    expect(replyText).toContain('did \\"Send the documents\\" at \\"(1)-b Sending the application documents\\"');
    // The mail itself is Japanese, and its subject is quoted as sent.
    expect(replyText).toContain('Mail to Applicant: 申請書類の送付について');
    const channelReply = await waitFor(() => h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && c.args.thread_ts), 'the channel reply');
    expect(channelReply.args.text).toContain('(2)-a 情報開示申請 に進みました');
  });

  it('gets /mdoc help and status in English', async () => {
    const help = JSON.stringify((await h.command('help', REQUESTER)).json());
    expect(help).toContain('mdoc desk commands');
    expect(help).toContain('(2)-b Receipt and review');
    const status = JSON.stringify((await h.command('status MDOC-0001', REQUESTER)).json());
    expect(status).toContain('*Current step*: (2)-a Information disclosure application (in charge: Applicant)');
    // Someone whose Slack is in Japanese still reads Japanese.
    expect(JSON.stringify((await h.command('status MDOC-0001', REVIEWER)).json())).toContain('*現在のステップ*');
  });
});
