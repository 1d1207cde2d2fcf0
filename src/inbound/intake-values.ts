// What a mail tells the intake form beforehand: a preparation application's parsed fields (and its
// box checked), or at least who wrote. The reviewer checks and completes them in the modal.
import type { FormValues } from '../forms/types.js';
import type { InboundRow } from './inbound-record.js';

export function intakeValuesFrom(row: Pick<InboundRow, 'outcome' | 'detail'>): FormValues {
  const { from, preparation } = row.detail;
  const sender: FormValues = from ? { email: from.address, ...(from.name ? { contact_name: from.name } : {}) } : {};
  if (row.outcome !== 'preparation' || !preparation) return sender;
  return { ...sender, ...preparation.values, preparation: ['yes'] };
}
