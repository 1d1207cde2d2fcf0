// An applicant's reply to a case, as a raw message: to the case's plus address, with one PDF attached.
// For the mail tests and the inbound benchmark.

export interface ReplyMail {
  caseKey: string;
  /** Makes the Message-ID and the file name unique: `<id>@example.co.jp`, `form-<n>.pdf`. */
  messageId: string;
  n: number;
  subject: string;
  body: string;
  pdf: Buffer;
}

export function replyMail({ caseKey, messageId, n, subject, body, pdf }: ReplyMail): string {
  return [
    'From: applicant@example.co.jp',
    `To: desk+${caseKey.toLowerCase()}@example.go.jp`,
    `Subject: ${subject}`,
    `Message-ID: <${messageId}@example.co.jp>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '--b',
    `Content-Type: application/pdf; name="form-${n}.pdf"`,
    `Content-Disposition: attachment; filename="form-${n}.pdf"`,
    'Content-Transfer-Encoding: base64',
    '',
    pdf.toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--b--',
    '',
  ].join('\r\n');
}
