// `/mdoc docs`: every declared document with its current file, and a button to load or replace it; and
// the modal that takes the file. The document names are the seed's and are never translated.
import type { KnownBlock, ModalView } from '@slack/types';
import { DOCUMENT_NAMES } from '../../documents/catalogue.js';
import type { DocumentVersion } from '../../documents/document-library.js';
import type { Locale } from '../../i18n/locale.js';
import { messages } from '../../i18n/messages.js';
import { DOCUMENT_FILE_INPUT, DOCUMENT_UPLOAD_ACTION, DOCUMENT_UPLOAD_CALLBACK } from '../ids.js';
import type { SlackMessage } from './case-card.js';
import { escapeMrkdwn, fileSize, mention, tokyoTime } from './mrkdwn.js';

/** A document's button and modal carry its index in DOCUMENT_NAMES (the names are longer than Slack likes). */
export const documentAt = (index: number): string | undefined => DOCUMENT_NAMES[index];

export function versionLine(v: DocumentVersion, locale: Locale): string {
  const m = messages(locale).documents;
  return m.file(escapeMrkdwn(v.fileName), fileSize(v.size), v.sha256.slice(0, 8), v.loadedBy === 'folder' ? m.byFolder : mention(v.loadedBy), tokyoTime(v.loadedAt));
}

export function documentList(current: ReadonlyMap<string, DocumentVersion>, unmatched: string[], locale: Locale): SlackMessage {
  const m = messages(locale).documents;
  const missing = DOCUMENT_NAMES.filter((name) => !current.has(name));
  const rows: KnownBlock[] = DOCUMENT_NAMES.map((name, index) => {
    const version = current.get(name);
    return {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${escapeMrkdwn(name)}*\n${version ? versionLine(version, locale) : m.noFile}` },
      accessory: { type: 'button', action_id: DOCUMENT_UPLOAD_ACTION, value: String(index), text: { type: 'plain_text', text: version ? m.replace : m.upload } },
    };
  });
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: m.header(current.size, DOCUMENT_NAMES.length) } },
    ...(missing.length ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: m.missingList(missing.map(escapeMrkdwn).join(messages(locale).common.listSeparator)) } }] : []),
    ...(unmatched.length ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: m.unmatched(unmatched.map(escapeMrkdwn).join(messages(locale).common.listSeparator)) }] }] : []),
    ...rows,
  ];
  return { text: m.header(current.size, DOCUMENT_NAMES.length), blocks: blocks.slice(0, 50) };
}

export function documentUploadModal(index: number, current: DocumentVersion | undefined, locale: Locale): ModalView {
  const m = messages(locale).documents;
  const name = documentAt(index)!;
  return {
    type: 'modal',
    callback_id: DOCUMENT_UPLOAD_CALLBACK,
    private_metadata: JSON.stringify({ document: index }),
    title: { type: 'plain_text', text: m.modalTitle },
    submit: { type: 'plain_text', text: m.modalSubmit },
    close: { type: 'plain_text', text: messages(locale).common.cancel },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(name)}*\n${current ? versionLine(current, locale) : m.noFile}` } },
      {
        type: 'input',
        block_id: DOCUMENT_FILE_INPUT,
        label: { type: 'plain_text', text: m.fileLabel },
        hint: { type: 'plain_text', text: m.fileHint },
        element: { type: 'file_input', action_id: DOCUMENT_FILE_INPUT, max_files: 1 },
      },
    ],
  };
}
