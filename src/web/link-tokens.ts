// The tokens in the applicant's links: HMAC-SHA256 over what the link is for, the case (or application)
// it opens, the generation it was issued in and when it expires. Pure: the generation a case is at now
// is checked by the caller (case-links.ts). The form tokens against cross-site posts come from the same
// key, bound to a cookie (double submit, signed).
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkPurpose = 'case' | 'apply';

export interface LinkClaims {
  purpose: LinkPurpose;
  /** The case ID, or the web application's ID. */
  id: number;
  /** The case's link generation when issued (revocation raises it); 0 for an application. */
  generation: number;
  expiresAt: Date;
}

export type TokenCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'unknown' | 'expired' };

const FORMAT = 1;
const PURPOSE_CODE: Record<LinkPurpose, number> = { case: 1, apply: 2 };
/** format, purpose, id, generation, expiry (Unix seconds). */
const PAYLOAD_BYTES = 1 + 1 + 4 + 4 + 4;
const MAC_BYTES = 32;
const MAX_U32 = 0xffff_ffff;

export interface TokenSigner {
  sign(claims: LinkClaims): string;
  /** `unknown`: not a token of ours, altered, or for another purpose. `expired`: genuine but too old. */
  verify(token: string, purpose: LinkPurpose, now: Date): TokenCheck;
  /** The form token for a browser's CSRF cookie. */
  formToken(cookie: string): string;
  formTokenMatches(cookie: string, token: string): boolean;
}

export function createTokenSigner(secret: string): TokenSigner {
  // Separate keys for links and form tokens, both derived from the one secret.
  const linkKey = createHmac('sha256', secret).update('mdoc-desk applicant links v1').digest();
  const formKey = createHmac('sha256', secret).update('mdoc-desk form tokens v1').digest();
  const mac = (key: Buffer, data: Buffer | string) => createHmac('sha256', key).update(data).digest();

  return {
    sign({ purpose, id, generation, expiresAt }) {
      const seconds = Math.floor(expiresAt.getTime() / 1000);
      for (const n of [id, generation, seconds]) if (!Number.isInteger(n) || n < 0 || n > MAX_U32) throw new Error(`a link cannot carry ${n}`);
      const payload = Buffer.alloc(PAYLOAD_BYTES);
      payload.writeUInt8(FORMAT, 0);
      payload.writeUInt8(PURPOSE_CODE[purpose], 1);
      payload.writeUInt32BE(id, 2);
      payload.writeUInt32BE(generation, 6);
      payload.writeUInt32BE(seconds, 10);
      return Buffer.concat([payload, mac(linkKey, payload)]).toString('base64url');
    },

    verify(token, purpose, now) {
      if (!/^[A-Za-z0-9_-]{1,100}$/.test(token)) return { ok: false, reason: 'unknown' };
      const bytes = Buffer.from(token, 'base64url');
      if (bytes.length !== PAYLOAD_BYTES + MAC_BYTES || bytes.toString('base64url') !== token) return { ok: false, reason: 'unknown' };
      const payload = bytes.subarray(0, PAYLOAD_BYTES);
      if (!timingSafeEqual(bytes.subarray(PAYLOAD_BYTES), mac(linkKey, payload))) return { ok: false, reason: 'unknown' };
      if (payload.readUInt8(0) !== FORMAT || payload.readUInt8(1) !== PURPOSE_CODE[purpose]) return { ok: false, reason: 'unknown' };
      const claims: LinkClaims = { purpose, id: payload.readUInt32BE(2), generation: payload.readUInt32BE(6), expiresAt: new Date(payload.readUInt32BE(10) * 1000) };
      if (claims.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, claims };
    },

    formToken(cookie) {
      return mac(formKey, cookie).toString('base64url');
    },

    formTokenMatches(cookie, token) {
      const expected = mac(formKey, cookie);
      const given = Buffer.from(token, 'base64url');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
