import type { ProcedureDecl } from '../types.js';
import { usageProcedure } from './usage.js';

/** Every procedure the desk runs, in the order people choose them. */
export const PROCEDURES: readonly ProcedureDecl[] = [usageProcedure];

export function findProcedure(id: string): ProcedureDecl | undefined {
  return PROCEDURES.find((p) => p.id === id);
}

export function procedureById(id: string): ProcedureDecl {
  const procedure = findProcedure(id);
  if (!procedure) throw new Error(`unknown procedure ${id}`);
  return procedure;
}
