// The documents the desk issued to the case, on the applicant's page: each one a download behind the
// page's own signed link.
import type { IssuedFile } from '../../cases/issued-files.js';
import { issuedFilePath } from '../issued-routes.js';
import { fileSize } from '../../slack/views/mrkdwn.js';
import { formatTokyo } from '../tokyo-time.js';

export function IssuedDocuments({ files, token }: { files: IssuedFile[]; token: string }) {
  if (files.length === 0) return null;
  return (
    <section aria-labelledby="issued-title">
      <h2 id="issued-title">お送りした文書</h2>
      <p>デジタル庁からお送りした文書です。メールに添付したものと同じファイルを、ここからもダウンロードできます。</p>
      <ul class="documents">
        {[...files].reverse().map((f) => (
          <li>
            <a href={issuedFilePath(token, f.id)} download>
              {f.document}（PDF、{fileSize(f.size)}）
            </a>
            <span class="small">　{formatTokyo(f.issuedAt)} 送付</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
