// Plain pages for what went wrong. They name no case and show nothing of one.
import { APPLY_PATH } from './apply-pages.js';
import { formatTokyo } from '../tokyo-time.js';

export interface ErrorPageText {
  title: string;
  lines: string[];
  /** A link back, when there is a sensible one. */
  link?: { href: string; text: string };
}

export function ErrorPage({ text }: { text: ErrorPageText }) {
  return (
    <>
      <h1>{text.title}</h1>
      {text.lines.map((line) => (
        <p>{line}</p>
      ))}
      {text.link ? (
        <p>
          <a href={text.link.href}>{text.link.text}</a>
        </p>
      ) : null}
    </>
  );
}

export const NOT_FOUND: ErrorPageText = {
  title: 'ページが見つかりません',
  lines: ['お探しのページは見つかりませんでした。メールに記載のリンクを、途中で切れていないか確認のうえ、もう一度開いてください。'],
  link: { href: APPLY_PATH, text: '申請のページへ' },
};

export const GONE: ErrorPageText = {
  title: 'このリンクは使えません',
  lines: [
    'このリンクは有効期限が切れたか、無効になっています。',
    '最新のメールに記載のリンクを開いてください。お手元にない場合は、窓口からのメールにご返信ください。',
  ],
};

export const APPLICATION_GONE: ErrorPageText = {
  title: 'このリンクは使えません',
  lines: ['確認用リンクの有効期限が切れています。お手数ですが、もう一度お申し込みください。'],
  link: { href: APPLY_PATH, text: '申請のページへ' },
};

export const FORM_EXPIRED = (back: string): ErrorPageText => ({
  title: 'もう一度操作してください',
  lines: ['ページを開いてから時間がたったか、ブラウザーの設定により、送信を受け付けられませんでした。何も変更していません。', 'お手数ですが、ページを開き直してから、もう一度操作してください。'],
  link: { href: back, text: 'ページを開き直す' },
});

export const TOO_LARGE = (back: string, limitMb: number): ErrorPageText => ({
  title: 'ファイルが大きすぎます',
  lines: [`送信できるのは合計 ${limitMb} MB までです。何も変更していません。ファイルを小さくしてから、もう一度送信してください。`],
  link: { href: back, text: 'ページに戻る' },
});

export const BAD_REQUEST = (back: string): ErrorPageText => ({
  title: '送信内容を読み取れませんでした',
  lines: ['何も変更していません。ページを開き直してから、もう一度送信してください。'],
  link: { href: back, text: 'ページを開き直す' },
});

export const TOO_MANY = (retryAt: Date, seconds: number): ErrorPageText => ({
  title: 'しばらくしてからお試しください',
  lines: [`短い時間に多くの操作があったため、受付を一時的に止めています。何も変更していません。`, `${formatTokyo(retryAt)} 以降（約${seconds}秒後）に、もう一度お試しください。`],
});

export const UNAVAILABLE: ErrorPageText = {
  title: 'ただいま処理できません',
  lines: ['一時的に処理できませんでした。しばらくしてから、もう一度お試しください。'],
};

export const BUSY = (back: string): ErrorPageText => ({
  title: '申請を処理しています',
  lines: ['この申請は、別の画面からの確定を処理しています。少し待ってから、ページを開き直してください。'],
  link: { href: back, text: 'ページを開き直す' },
});
