// Every document the procedures name, in both directions: what the desk sends (the mails' lists) and what
// the applicant returns (the steps' `receives`). The library has one slot for each; a file is matched to
// its slot by name, compared as people write names (full-width or half-width, with or without spaces).
import { PROCEDURES } from '../workflow/procedures/index.js';

/** Every declared document name, once, in the order the procedures first name them. */
export const DOCUMENT_NAMES: readonly string[] = [
  ...new Set(
    PROCEDURES.flatMap((procedure) =>
      procedure.steps.flatMap((step) => [
        ...step.actions.flatMap((action) => {
          const branches = action.to.kind === 'branch' ? Object.values(action.to.branches) : [];
          return [...(action.mails ?? []), ...branches.flatMap((b) => b.mails ?? [])].flatMap((mail) => (mail.documents ?? []).map((d) => d.name));
        }),
        ...(step.receives ?? []),
      ]),
    ),
  ),
];

/** A name as compared: NFKC (full-width letters and brackets become half-width), no whitespace at all. */
export function documentKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '');
}

const BY_KEY = new Map(DOCUMENT_NAMES.map((name) => [documentKey(name), name]));

/** The declared document a file name stands for (its name without the extension), if any. */
export function documentForFile(fileName: string): string | undefined {
  const base = fileName.normalize('NFC').replace(/\.[^.]*$/, '');
  return BY_KEY.get(documentKey(base));
}

/** The file's extension, lower case and with its dot (`.pdf`), or '' when it has none. */
export function extensionOf(fileName: string): string {
  return /\.[A-Za-z0-9]{1,8}$/.exec(fileName)?.[0].toLowerCase() ?? '';
}
