// `/mdoc export`: the cases a filter selects and all their transitions, as two CSV files in a folder,
// read a page of cases at a time.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { CaseFilter } from '../cases/case-filter.js';
import type { CaseRepository } from '../cases/case-repository.js';
import { CASE_HEADER, TRANSITION_HEADER, caseLine, csvHead, transitionLine } from './csv.js';

export interface ExportFiles {
  casesPath: string;
  transitionsPath: string;
  cases: number;
  transitions: number;
}

/** Writes, and waits when the disk is slower than the database. */
async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function close(out: WriteStream): Promise<void> {
  out.end();
  await once(out, 'finish');
}

export async function writeExportFiles(cases: Pick<CaseRepository, 'exportPages'>, filter: CaseFilter, dir: string, day: string): Promise<ExportFiles> {
  const result: ExportFiles = { casesPath: path.join(dir, `mdoc-cases-${day}.csv`), transitionsPath: path.join(dir, `mdoc-transitions-${day}.csv`), cases: 0, transitions: 0 };
  const casesOut = createWriteStream(result.casesPath);
  const transitionsOut = createWriteStream(result.transitionsPath);
  try {
    await write(casesOut, csvHead(CASE_HEADER));
    await write(transitionsOut, csvHead(TRANSITION_HEADER));
    for await (const page of cases.exportPages(filter)) {
      await write(casesOut, page.cases.map(caseLine).join(''));
      await write(transitionsOut, page.transitions.map(({ case: c, transition: t }) => transitionLine(c, t)).join(''));
      result.cases += page.cases.length;
      result.transitions += page.transitions.length;
    }
  } finally {
    await Promise.all([close(casesOut), close(transitionsOut)]);
  }
  return result;
}
