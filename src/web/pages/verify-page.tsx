// /verify/<certificate number>: the public record of one 確認用PG認定, for anyone a certificate is shown
// to. It gives the certified business, the certification, its date, the SHA-256 of the PDF issued and
// whether the certification stands, and nothing else of the case. A form checks a PDF against that hash.
import type { Certificate } from '../../certificates/certificate-registry.js';
import { CsrfField } from './form-fields.js';

export const verifyPath = (number: string) => `/verify/${encodeURIComponent(number)}`;
/** The form's file input: an interface other programs rely on. */
export const VERIFY_FILE_FIELD = 'file';

const TOKYO_DATE = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric' });

/** `2026-12-20` → `2026年12月20日`; a moment → its date in Japan. */
export function japaneseDate(date: string | Date): string {
  return TOKYO_DATE.format(typeof date === 'string' ? new Date(`${date}T00:00:00+09:00`) : date);
}

/** What the PDF check found: the same file as issued, another one, or no file to compare. */
export type PdfCheck = { kind: 'match'; sha256: string } | { kind: 'mismatch'; sha256: string } | { kind: 'missing' } | { kind: 'too_large'; limitMb: number };

function CheckResult({ check }: { check: PdfCheck }) {
  if (check.kind === 'missing') {
    return (
      <div class="notice warn" role="alert">
        <p>確かめる PDF ファイルを選んでください。</p>
      </div>
    );
  }
  if (check.kind === 'too_large') {
    return (
      <div class="notice warn" role="alert">
        <p>ファイルが大きすぎるため確かめられませんでした（{check.limitMb} MB まで）。発行した認定書とは異なるファイルです。</p>
      </div>
    );
  }
  const match = check.kind === 'match';
  return (
    <div class={`notice ${match ? 'done' : 'warn'}`} role="status">
      <p>
        <strong>{match ? '一致しました。' : '一致しません。'}</strong>
        {match ? 'お選びのファイルは、この認定番号で発行した認定書の PDF と同じファイルです。' : 'お選びのファイルは、この認定番号で発行した認定書の PDF ではありません。内容が書き換えられているか、別のファイルです。'}
      </p>
      <p class="small">
        お選びのファイルの SHA-256: <code>{check.sha256}</code>
      </p>
    </div>
  );
}

export function VerifyPage({ certificate: cert, csrf, check }: { certificate: Certificate; csrf: string; check?: PdfCheck }) {
  const revoked = cert.revokedAt !== undefined;
  return (
    <>
      <h1>確認用PG認定の確認</h1>
      <p class="lead">認定番号 {cert.number} の確認用プログラム認定について、デジタル庁が発行した記録を表示しています。</p>
      <div class={`notice ${revoked ? 'warn' : 'done'}`} role="status">
        <p>
          <strong>{revoked ? `この認定は取り消されています（${japaneseDate(cert.revokedAt!)}）。` : 'この認定は有効です。'}</strong>
        </p>
      </div>
      <dl class="facts">
        <dt>認定番号</dt>
        <dd>{cert.number}</dd>
        <dt>状態</dt>
        <dd>{revoked ? `取消（${japaneseDate(cert.revokedAt!)}）` : '有効'}</dd>
        <dt>認定を受けた事業者</dt>
        <dd>{cert.orgName}</dd>
        <dt>法人番号</dt>
        <dd>{cert.corporateNumber}</dd>
        <dt>認定の種類</dt>
        <dd>{cert.procedure.title}</dd>
        <dt>認定日</dt>
        <dd>{japaneseDate(cert.certifiedOn)}</dd>
        <dt>認定書（PDF）の SHA-256</dt>
        <dd>
          <code>{cert.sha256}</code>
        </dd>
      </dl>
      <section aria-labelledby="check-title">
        <h2 id="check-title">お手元の認定書を確かめる</h2>
        <p>お手元の認定書の PDF を選んで送信すると、この認定番号で発行した PDF と同じファイルかどうかを、SHA-256 で比べてお知らせします。送信したファイルは保存しません。</p>
        {check ? <CheckResult check={check} /> : null}
        <form method="post" action={verifyPath(cert.number)} enctype="multipart/form-data">
          <CsrfField token={csrf} />
          <div class="field">
            <label for="verify-file">認定書の PDF ファイル</label>
            <input type="file" id="verify-file" name={VERIFY_FILE_FIELD} accept=".pdf,application/pdf" />
          </div>
          <div class="actions">
            <button type="submit">確かめる</button>
          </div>
        </form>
      </section>
    </>
  );
}

/** The page's own answer to a number it does not know (404). */
export function UnknownCertificatePage({ number }: { number: string }) {
  return (
    <>
      <h1>認定が見つかりません</h1>
      <p>認定番号「{number}」の確認用PG認定は見つかりませんでした。</p>
      <p>認定書に記載の認定番号を、全角・半角やハイフンも含めてもう一度お確かめください。</p>
    </>
  );
}
