// A file a person uploaded in Slack (a modal's file_input), fetched the way Slack requires: its private
// download URL, from files.info, with the bot token. Read up to a limit, never further.
import type { WebClient } from '@slack/web-api';

/** The file is over the limit the caller gave: refused before it is read whole. */
export class FileTooLarge extends Error {}

export async function downloadSlackFile(client: WebClient, token: string, fileId: string, maxBytes: number): Promise<{ name: string; content: Buffer }> {
  const info = await client.files.info({ file: fileId });
  const url = info.file?.url_private_download ?? info.file?.url_private;
  if (!url) throw new Error(`Slack gave no download URL for file ${fileId}`);
  if ((info.file?.size ?? 0) > maxBytes) throw new FileTooLarge(`file ${fileId} is larger than ${maxBytes} bytes`);
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, redirect: 'follow' });
  if (!res.ok || !res.body) throw new Error(`download of file ${fileId} failed with HTTP ${res.status}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += (chunk as Uint8Array).length;
    if (size > maxBytes) throw new FileTooLarge(`file ${fileId} is larger than ${maxBytes} bytes`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return { name: info.file?.name ?? fileId, content: Buffer.concat(chunks) };
}
