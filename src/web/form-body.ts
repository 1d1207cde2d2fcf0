// Reads a posted form as it streams in: url-encoded, or multipart with files. The size limits are
// checked on the bytes as they arrive (and on Content-Length first), so an oversized upload is refused
// without ever being held whole; a file over its own limit is dropped, and named, while the rest is read.

export interface UploadedFile {
  /** The input's name. */
  field: string;
  /** As the browser gave it, reduced to a plain file name. */
  fileName: string;
  /** What the browser claims; the content is checked separately. */
  contentType: string;
  content: Buffer;
}

export interface FormBody {
  fields: Record<string, string[]>;
  files: UploadedFile[];
  /** Inputs whose file was over `maxFileBytes` (dropped). */
  oversized: string[];
}

export interface BodyLimits {
  /** The whole request. */
  maxBytes: number;
  /** One file. */
  maxFileBytes: number;
  /** One text field. */
  maxFieldBytes: number;
  maxParts: number;
}

export const FORM_LIMITS: BodyLimits = { maxBytes: 64 * 1024, maxFileBytes: 0, maxFieldBytes: 16 * 1024, maxParts: 50 };

/** The request is larger than allowed: 413. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

/** Not a form we can read: 400. */
export class BadBody extends Error {}

/** The body's chunks, refusing it as soon as it passes `maxBytes`. */
async function* limited(body: ReadableStream<Uint8Array> | null, maxBytes: number): AsyncGenerator<Buffer> {
  if (!body) return;
  const reader = body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > maxBytes) throw new BodyTooLarge(maxBytes);
      yield Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  } finally {
    // Stop reading; Node discards the rest of the request rather than buffering it.
    await reader.cancel().catch(() => {});
  }
}

const add = (fields: Record<string, string[]>, name: string, value: string) => {
  (fields[name] ??= []).push(value);
};

/** A file name as a browser sends it (maybe a Windows path), without path or control characters. */
export function plainFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return [...clean].slice(-200).join('') || 'file';
}

function dispositionParams(header: string): Record<string, string> {
  const params: Record<string, string> = {};
  // Browsers send names in quotes as they are, with `"` as %22 and line breaks as %0D%0A (the HTML
  // standard), so a backslash is a backslash (a Windows path), not an escape.
  for (const match of header.matchAll(/;\s*([A-Za-z*]+)\s*=\s*(?:"([^"]*)"|([^;]*))/g)) {
    const key = match[1]!.toLowerCase();
    let value = match[2] !== undefined ? match[2].replace(/%22/g, '"') : (match[3] ?? '').trim();
    if (key.endsWith('*')) {
      const encoded = /^[\w-]+'[\w-]*'(.*)$/.exec(value);
      try {
        value = decodeURIComponent(encoded?.[1] ?? value);
      } catch {
        continue;
      }
      params[key.slice(0, -1)] = value;
      continue;
    }
    params[key] ??= value;
  }
  return params;
}

async function readMultipart(body: ReadableStream<Uint8Array> | null, boundary: string, limits: BodyLimits): Promise<FormBody> {
  const result: FormBody = { fields: {}, files: [], oversized: [] };
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // A CRLF in front lets the first boundary be found like every other one.
  let buf: Buffer = Buffer.from('\r\n');
  type State = 'preamble' | 'after' | 'headers' | 'body' | 'done';
  let state = 'preamble' as State;
  let parts = 0;
  let part: { name: string; fileName?: string; contentType: string; chunks: Buffer[]; size: number; dropped: boolean } | undefined;

  const append = (data: Buffer) => {
    if (!part || data.length === 0 || part.dropped) return;
    part.size += data.length;
    const max = part.fileName === undefined ? limits.maxFieldBytes : limits.maxFileBytes;
    if (part.size > max) {
      if (part.fileName === undefined) throw new BodyTooLarge(limits.maxFieldBytes);
      part.dropped = true;
      part.chunks = [];
      result.oversized.push(part.name);
      return;
    }
    part.chunks.push(Buffer.from(data));
  };

  const finish = () => {
    if (!part) return;
    const content = Buffer.concat(part.chunks);
    if (part.fileName === undefined) add(result.fields, part.name, content.toString('utf8'));
    // An input left empty sends a part with no name and no bytes.
    else if (!part.dropped && (part.fileName !== '' || content.length > 0)) {
      result.files.push({ field: part.name, fileName: plainFileName(part.fileName), contentType: part.contentType, content });
    }
    part = undefined;
  };

  const step = (): boolean => {
    switch (state) {
      case 'preamble': {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          buf = buf.subarray(Math.max(0, buf.length - delimiter.length));
          return false;
        }
        buf = buf.subarray(at + delimiter.length);
        state = 'after';
        return true;
      }
      case 'after': {
        if (buf.length < 2) return false;
        const two = buf.subarray(0, 2).toString('latin1');
        if (two === '--') {
          state = 'done';
          return false;
        }
        if (two !== '\r\n') throw new BadBody('malformed multipart boundary');
        buf = buf.subarray(2);
        state = 'headers';
        return true;
      }
      case 'headers': {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buf.length > 16 * 1024) throw new BadBody('multipart headers too long');
          return false;
        }
        if (++parts > limits.maxParts) throw new BadBody('too many parts');
        const headers = buf.subarray(0, end).toString('utf8').split('\r\n');
        buf = buf.subarray(end + 4);
        const header = (name: string) => headers.find((h) => h.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
        const disposition = header('content-disposition');
        if (!/^form-data\b/i.test(disposition)) throw new BadBody('a part without form-data disposition');
        const params = dispositionParams(disposition);
        if (params.name === undefined) throw new BadBody('a part without a name');
        if (params.filename !== undefined && limits.maxFileBytes <= 0) throw new BadBody('files are not accepted here');
        part = { name: params.name, fileName: params.filename, contentType: header('content-type') || 'application/octet-stream', chunks: [], size: 0, dropped: false };
        state = 'body';
        return true;
      }
      case 'body': {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          // Keep what could be the start of the delimiter; the rest is content.
          const safe = buf.length - (delimiter.length - 1);
          if (safe > 0) {
            append(buf.subarray(0, safe));
            buf = buf.subarray(safe);
          }
          return false;
        }
        append(buf.subarray(0, at));
        finish();
        buf = buf.subarray(at + delimiter.length);
        state = 'after';
        return true;
      }
      case 'done':
        return false;
    }
  };

  for await (const chunk of limited(body, limits.maxBytes)) {
    if (state === 'done') continue;
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (step());
  }
  if ((state as State) !== 'done') throw new BadBody('the multipart body ended early');
  return result;
}

async function readUrlEncoded(body: ReadableStream<Uint8Array> | null, limits: BodyLimits): Promise<FormBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of limited(body, Math.min(limits.maxBytes, FORM_LIMITS.maxBytes))) chunks.push(chunk);
  const fields: Record<string, string[]> = {};
  let count = 0;
  for (const [name, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
    if (++count > limits.maxParts) throw new BadBody('too many fields');
    add(fields, name, value);
  }
  return { fields, files: [], oversized: [] };
}

/** Reads the form of a POST within `limits`; throws BodyTooLarge (413) or BadBody (400). */
export async function readFormBody(request: Request, limits: BodyLimits = FORM_LIMITS): Promise<FormBody> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes) throw new BodyTooLarge(limits.maxBytes);
  const type = request.headers.get('content-type') ?? '';
  if (/^application\/x-www-form-urlencoded\b/i.test(type)) return readUrlEncoded(request.body, limits);
  const boundary = /^multipart\/form-data\b.*;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(type);
  if (boundary) return readMultipart(request.body, boundary[1] ?? boundary[2]!, limits);
  throw new BadBody(`not a form: ${type.slice(0, 60)}`);
}

/** The first value of a field, or ''. */
export const fieldOf = (body: FormBody, name: string): string => body.fields[name]?.[0] ?? '';
