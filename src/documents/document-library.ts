// The document library in Postgres, so that every bot process serves the same files. Loading a file
// appends a version; a file whose content equals the current version's is not loaded again.
import { createHash } from 'node:crypto';
import { poolOf, type PrismaClient } from '../db/prisma.js';
import { sqlOn } from '../db/sql.js';

/** A version of a document's file, without its bytes. */
export interface DocumentVersion {
  id: number;
  document: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  loadedBy: string;
  loadedAt: Date;
}

export interface NewDocumentFile {
  document: string;
  fileName: string;
  contentType: string;
  content: Buffer;
  /** A Slack user ID, or `folder`. */
  loadedBy: string;
}

export const sha256Of = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

const VERSION_COLUMNS = `id, document, file_name AS "fileName", content_type AS "contentType", size, sha256, loaded_by AS "loadedBy", loaded_at AS "loadedAt"`;

/**
 * How long the current versions are trusted in a process. Every mail-sending click asks for them, and
 * asking Postgres each time was a tenth of a click's statements under load (docs/benchmarks.md). A file
 * loaded through this process is seen at once; one loaded through another process within this time.
 */
const CURRENT_TTL_MS = 2_000;

export function createDocumentLibrary(prisma: PrismaClient) {
  const pool = poolOf(prisma);
  const sql = sqlOn(pool);
  let cached: { at: number; versions: Promise<Map<string, DocumentVersion>> } | undefined;

  function allCurrent(): Promise<Map<string, DocumentVersion>> {
    if (cached && Date.now() - cached.at < CURRENT_TTL_MS) return cached.versions;
    const versions = pool
      .query<DocumentVersion>(`SELECT DISTINCT ON (document) ${VERSION_COLUMNS} FROM document_files ORDER BY document, id DESC`)
      .then(({ rows }) => new Map(rows.map((r) => [r.document, r])));
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
      const { rows: [current] } = await pool.query<DocumentVersion>(`SELECT ${VERSION_COLUMNS} FROM document_files WHERE document = $1 ORDER BY id DESC LIMIT 1`, [file.document]);
      if (current?.sha256 === sha256) return { version: current, changed: false };
      const { rows: [version] } = await pool.query<DocumentVersion>(
        `INSERT INTO document_files (document, file_name, content_type, size, sha256, content, loaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${VERSION_COLUMNS}`,
        [file.document, file.fileName, file.contentType, file.content.length, sha256, file.content, file.loadedBy],
      );
      // After the insert (a statement of its own, so committed): the next read sees the new version.
      cached = undefined;
      return { version: version!, changed: true };
    },

    /** The bytes of the versions named, by version ID (a mail attaches the versions chosen at its click). */
    async contents(ids: readonly number[]): Promise<Map<number, Buffer>> {
      if (ids.length === 0) return new Map();
      const rows = await sql<{ id: number; content: Buffer }>`SELECT id, content FROM document_files WHERE id = ANY(${[...ids]}::int[])`;
      return new Map(rows.map((r) => [r.id, r.content]));
    },
  };
}

export type DocumentLibrary = ReturnType<typeof createDocumentLibrary>;
