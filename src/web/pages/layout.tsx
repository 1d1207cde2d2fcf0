// The frame of every page: Japanese, one column, the agency's header, a skip link, our stylesheet only.
import type { Child } from 'hono/jsx';
import { STYLESHEET_PATH } from '../stylesheet.js';

export const SERVICE_NAME = 'mdoc事業者申請窓口';

export function Layout({ title, children }: { title: string; children?: Child }) {
  return (
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title}｜${SERVICE_NAME}`}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
      </head>
      <body>
        <a class="skip" href="#main">
          本文へ移動
        </a>
        <header class="site">
          <div class="wrap">
            <p class="agency">デジタル庁</p>
            <p class="service">カード代替電磁的記録 {SERVICE_NAME}</p>
          </div>
        </header>
        <main id="main" class="wrap">
          {children}
        </main>
        <footer class="site">
          <div class="wrap">
            <p>ご不明な点は、窓口からのメールにご返信ください。</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** A page as the HTML document sent. */
export async function renderPage(title: string, body: Child): Promise<string> {
  return `<!DOCTYPE html>${await (<Layout title={title}>{body}</Layout>).toString()}`;
}
