// Transitions the desk records that no procedure declares: they stay at the step and move nothing, but
// belong in the case's record, with who did them (the hash chain covers them like any other).
/** A reviewer made a mail's sender one of the case's contacts (「差出人を連絡先に追加」, issue 15). */
export const ADD_CONTACT_ACTION = 'add_contact';

/** Their labels, as the procedures' actions have theirs (English in labels-en.ts). */
export const DESK_ACTION_LABELS: Record<string, string> = {
  [ADD_CONTACT_ACTION]: '差出人を連絡先に追加',
};
