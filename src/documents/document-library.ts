// The document library in Postgres, so that every bot process serves the same files. Loading a file
// appends a version; a file whose content equals the current version's is not loaded again.
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../db/prisma.js';
import { toBuffer, toBytes } from '../db/bytes.js';
import type { Prisma } from '../generated/prisma/client.js';

const VERSION_SELECT = {
  id: true, document: true, fileName: true, contentType: true, size: true, sha256: true, loadedBy: true, loadedAt: true,
} as const satisfies Prisma.DocumentFileSelect;

/** A version of a document's file, without its bytes. */
export type DocumentVersion = Prisma.DocumentFileGetPayload<{ select: typeof VERSION_SELECT }>;

export interface NewDocumentFile {
  document: string;
  fileName: string;
  contentType: string;
  content: Buffer;
  /** A Slack user ID, or `folder`. */
  loadedBy: string;
}

export const sha256Of = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

/**
 * How long the current versions are trusted in a process. Every mail-sending click asks for them, and
 * asking Postgres each time was a tenth of a click's statements under load (docs/benchmarks.md). A file
 * loaded through this process is seen at once; one loaded through another process within this time.
 */
const CURRENT_TTL_MS = 2_000;

export function createDocumentLibrary(prisma: PrismaClient) {
  let cached: { at: number; versions: Promise<Map<string, DocumentVersion>> } | undefined;

  function allCurrent(): Promise<Map<string, DocumentVersion>> {
    if (cached && Date.now() - cached.at < CURRENT_TTL_MS) return cached.versions;
    const versions = prisma.documentFile
      .findMany({ distinct: ['document'], orderBy: [{ document: 'asc' }, { id: 'desc' }], select: VERSION_SELECT })
      .then((rows) => new Map(rows.map((r) => [r.document, r])));
    cached = { at: Date.now(), versions };
    // A failed read is not kept: the next caller asks again.
    versions.catch(() => {
      if (cached?.versions === versions) cached = undefined;
    });
    return versions;
  }

  return {
    /** The current file of each document that has one (the newest version), by document name. */
    async current(documents?: readonly string[]): Promise<Map<string, DocumentVersion>> {
      const all = await allCurrent();
      return documents ? new Map(documents.flatMap((d) => (all.has(d) ? [[d, all.get(d)!] as const] : []))) : new Map(all);
    },

    /**
     * Appends the file as the document's new version, unless the current version has the same content.
     * Two processes loading the same folder at once may both append it: harmless, the newest wins.
     */
    async load(file: NewDocumentFile): Promise<{ version: DocumentVersion; changed: boolean }> {
      const sha256 = sha256Of(file.content);
      const current = await prisma.documentFile.findFirst({ where: { document: file.document }, orderBy: { id: 'desc' }, select: VERSION_SELECT });
      if (current?.sha256 === sha256) return { version: current, changed: false };
      const version = await prisma.documentFile.create({
        data: { document: file.document, fileName: file.fileName, contentType: file.contentType, size: file.content.length, sha256, content: toBytes(file.content), loadedBy: file.loadedBy },
        select: VERSION_SELECT,
      });
      // After the insert (a statement of its own, so committed): the next read sees the new version.
      cached = undefined;
      return { version, changed: true };
    },

    /** The bytes of the versions named, by version ID (a mail attaches the versions chosen at its click). */
    async contents(ids: readonly number[]): Promise<Map<number, Buffer>> {
      if (ids.length === 0) return new Map();
      const rows = await prisma.documentFile.findMany({ where: { id: { in: [...ids] } }, select: { id: true, content: true } });
      return new Map(rows.map((r) => [r.id, toBuffer(r.content)]));
    },
  };
}

export type DocumentLibrary = ReturnType<typeof createDocumentLibrary>;
