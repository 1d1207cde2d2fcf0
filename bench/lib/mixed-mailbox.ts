// A desk mailbox as the public address really fills it, for the inbound benchmark: replies among
// delivery status notifications, Japanese carrier bounces, out-of-office replies, carrier mail in
// Shift_JIS and ISO-2022-JP, mail with very long headers, the real-world fixtures of issue 15 and one
// poison message that fails every try (POISON_SUBJECT, refused by a trigger the benchmark sets up).
// Shaped after the public corpora (sisimai/set-of-emails, jpmobile, milter-manager/test-mails), written
// here from scratch.
import { readFileSync } from 'node:fs';
import { replyMail } from '../../test/helpers/reply-mail.js';

export const POISON_SUBJECT = 'REFUSE-ME';

const b64 = (text: string | Buffer) => (Buffer.isBuffer(text) ? text : Buffer.from(text)).toString('base64').replace(/.{76}/g, '$&\r\n');
const encodedWord = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
const pdf = (n: number) => Buffer.concat([Buffer.from(`%PDF-1.4\n% mixed ${n}\n`), Buffer.alloc(20_000, 0x20), Buffer.from('\n%%EOF\n')]);
const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/mail/${name}`, import.meta.url));
/** Fixtures addressed to MDOC-0001 go to one of the benchmark's cases instead. */
const readdressed = (name: string, key: string) => Buffer.from(fixture(name).toString('latin1').replaceAll('desk+mdoc-0001@', `desk+${key.toLowerCase()}@`).replaceAll('MDOC-0001', key), 'latin1');

const lines = (...parts: string[]) => `${parts.join('\r\n')}\r\n`;

/** An RFC 3464 delivery status notification for a mail the bot sent about `key`. */
function dsn(key: string, n: number): string {
  return lines(
    'From: MAILER-DAEMON@mx.example.ne.jp (Mail Delivery System)',
    'To: desk@example.go.jp',
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <dsn-${n}@mx.example.ne.jp>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"',
    '',
    '--dsn',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.example.ne.jp.',
    "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.",
    '',
    `<applicant${n}@example.ne.jp>: host mx.example.ne.jp said: 550 5.1.1 User unknown`,
    '',
    '--dsn',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.ne.jp',
    '',
    `Final-Recipient: rfc822; applicant${n}@example.ne.jp`,
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
    '',
    '--dsn',
    'Content-Type: text/rfc822-headers',
    '',
    'From: desk@example.go.jp',
    `To: applicant${n}@example.ne.jp`,
    `Subject: =?UTF-8?B?${Buffer.from(`【${key}】申請書類の送付について`).toString('base64')}?=`,
    `Message-ID: <notification-${n}.${key}@mdoc-desk>`,
    '',
    '--dsn--',
  );
}

/** A plain-text bounce in Japanese, as carriers and Japanese mail servers write their own. */
function carrierBounce(key: string, n: number): string {
  return lines(
    'From: postmaster@ezweb.example.ne.jp',
    'To: desk@example.go.jp',
    `Subject: ${encodedWord('メール送信エラー')}`,
    `Message-ID: <bounce-jp-${n}@ezweb.example.ne.jp>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64(`以下のアドレスにメールを送信できませんでした。\n\n  user${n}@ezweb.example.ne.jp\n\n理由: 宛先のメールアドレスが見つかりません。\n\n------ 元のメッセージ ------\nSubject: 【${key}】申請書類の送付について\nMessage-ID: <notification-${n}.${key}@mdoc-desk>\n`),
  );
}

function autoReply(key: string, n: number): string {
  return lines(
    `From: applicant${n}@example.co.jp`,
    `To: desk+${key.toLowerCase()}@example.go.jp`,
    `Subject: ${encodedWord(`不在: Re: 【${key}】申請書類の送付について`)}`,
    `Message-ID: <ooo-${n}@example.co.jp>`,
    'Auto-Submitted: auto-replied',
    'X-Autoreply: yes',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64('ただいま不在にしております。12月7日より順次対応いたします。'),
  );
}

/** Phone mail: Shift_JIS 8bit text, an ISO-2022-JP subject, a photo attached. */
function carrierMail(key: string, n: number): Buffer {
  const head = lines(
    `From: user${n}@docomo.example.ne.jp`,
    `To: desk+${key.toLowerCase()}@example.go.jp`,
    `Subject: =?ISO-2022-JP?B?${Buffer.from('\x1b$B%F%9%H\x1b(B', 'latin1').toString('base64')}?=`,
    `Message-ID: <carrier-${n}@docomo.example.ne.jp>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="carrier"',
    '',
    '--carrier',
    'Content-Type: text/plain; charset=Shift_JIS',
    'Content-Transfer-Encoding: 8bit',
    '',
  );
  // 「申請書を送ります」 in Shift_JIS.
  const text = Buffer.from('905c90bf8f9182f091978ce882dc82b7', 'hex');
  const photo = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(8_000, 0x11), Buffer.from('ffd9', 'hex')]);
  const tail = lines('', '--carrier', 'Content-Type: image/jpeg; name="photo.jpg"', 'Content-Disposition: attachment; filename="photo.jpg"', 'Content-Transfer-Encoding: base64', '', b64(photo), '--carrier--');
  return Buffer.concat([Buffer.from(head), text, Buffer.from(tail)]);
}

/** Headers as a long thread and a long list grow them: 300 References, 100 recipients, a subject of 2,000 characters. */
function longHeaders(key: string, n: number): string {
  const references = Array.from({ length: 300 }, (_, i) => `<thread-${n}-${i}@example.co.jp>`).join('\r\n ');
  const recipients = Array.from({ length: 100 }, (_, i) => `member${i}@example.co.jp`).join(',\r\n ');
  return lines(
    `From: applicant${n}@example.co.jp`,
    `To: desk+${key.toLowerCase()}@example.go.jp,\r\n ${recipients}`,
    `Subject: ${encodedWord(`Re: 【${key}】`)} ${Array.from({ length: 100 }, () => encodedWord('長い件名のメール'.repeat(2))).join('\r\n ')}`,
    `Message-ID: <long-headers-${n}@example.co.jp>`,
    `References: ${references}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64('長いヘッダーのメールです。\n'.repeat(50)),
  );
}

const FIXTURES = ['poison-content-type.eml', 'nul-in-text.eml', 'empty-attachment.eml', 'filename-encodings.eml', 'raw-cp932-subject.eml', 'active-content.eml', 'long-subject.eml'];

/**
 * `count` messages spread over `caseKeys`, one in ten of each kind of trouble and the rest replies, the
 * poison message in the middle. Each message is unique (its Message-ID), so that none is a duplicate.
 */
export function mixedMailbox(caseKeys: string[], count: number): Buffer[] {
  const mailbox: Buffer[] = [];
  for (let n = 0; n < count; n++) {
    const key = caseKeys[n % caseKeys.length]!;
    const unique = (raw: Buffer) => Buffer.from(raw.toString('latin1').replace(/^Message-ID: <([^>]+)>/im, `Message-ID: <$1.${n}>`), 'latin1');
    if (n === Math.floor(count / 2)) {
      mailbox.push(Buffer.from(replyMail({ caseKey: key, messageId: `poison-${n}`, n, subject: `Re: [${key}] ${POISON_SUBJECT}`, body: '保存できないメール', pdf: pdf(n) })));
      continue;
    }
    switch (n % 10) {
      case 1:
        mailbox.push(Buffer.from(dsn(key, n)));
        break;
      case 3:
        mailbox.push(Buffer.from(carrierBounce(key, n)));
        break;
      case 5:
        mailbox.push(Buffer.from(autoReply(key, n)));
        break;
      case 6:
        mailbox.push(carrierMail(key, n));
        break;
      case 7:
        mailbox.push(Buffer.from(longHeaders(key, n)));
        break;
      case 9:
        mailbox.push(unique(readdressed(FIXTURES[Math.floor(n / 10) % FIXTURES.length]!, key)));
        break;
      default:
        mailbox.push(Buffer.from(replyMail({ caseKey: key, messageId: `mixed-${n}`, n, subject: `Re: [${key}] 申請書の提出 ${n}`, body: `申請書を提出いたします。${n}`, pdf: pdf(n) })));
    }
  }
  return mailbox;
}
