// Every document of the library the procedures name, in both directions: what the desk sends (the mails'
// lists) and what the applicant returns (the steps' `receives`). The library has one slot for each; a file
// is matched to its slot by name, compared as people write names (full-width or half-width, with or
// without spaces). Documents issued to one case (its 承諾書, 認定書, test result) have no slot: each case
// gets its own file, loaded in the step's modal (src/cases/issued-files.ts).
import { PROCEDURES } from '../workflow/procedures/index.js';
import { possibleMails } from '../workflow/steps.js';
import type { DocumentRef, StepDecl } from '../workflow/types.js';

/** The documents a step's mails list, whichever action and branch sends them. */
const listedAt = (step: StepDecl): DocumentRef[] => step.actions.flatMap(possibleMails).flatMap((mail) => mail.documents ?? []);

const everyStep = PROCEDURES.flatMap((procedure) => procedure.steps);

/** Every library document name, once, in the order the procedures first name them. */
export const DOCUMENT_NAMES: readonly string[] = [
  ...new Set(everyStep.flatMap((step) => [...listedAt(step).filter((d) => !d.issued).map((d) => d.name), ...(step.receives ?? [])])),
];

/** Every document issued to a case, once: never in the library. */
export const ISSUED_DOCUMENT_NAMES: readonly string[] = [...new Set(everyStep.flatMap((step) => listedAt(step).filter((d) => d.issued).map((d) => d.name)))];

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
