// Bytes between Node's Buffers and Prisma's Bytes columns (Uint8Array), without copying them.

/** A Buffer as Prisma's Bytes input type: Node allocates Buffers on plain ArrayBuffers, never shared ones. */
export const toBytes = (buffer: Buffer): Uint8Array<ArrayBuffer> => buffer as Uint8Array<ArrayBuffer>;

/** A Bytes column as read (a Uint8Array) viewed as a Buffer over the same memory. */
export const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
