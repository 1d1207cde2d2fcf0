import type { ProcedureDecl } from '../types.js';
import { certificationInPerson, certificationRemote } from './certification.js';
import { usageProcedure } from './usage.js';

/** Every procedure the desk runs, in the order people choose them. */
export const PROCEDURES: readonly ProcedureDecl[] = [usageProcedure, certificationInPerson, certificationRemote];

export function findProcedure(id: string): ProcedureDecl | undefined {
  return PROCEDURES.find((p) => p.id === id);
}

export function procedureById(id: string): ProcedureDecl {
  const procedure = findProcedure(id);
  if (!procedure) throw new Error(`unknown procedure ${id}`);
  return procedure;
}

/** `/mdoc new cert-in-person` (or cert_in_person): the procedure a command word names. */
export function procedureForCommand(word: string): ProcedureDecl | undefined {
  const normalised = word.toLowerCase().replace(/_/g, '-');
  return PROCEDURES.find((p) => p.command === normalised);
}
