// How far our own mail server vouches for a message's From, read from its Authentication-Results. Pure.
// DMARC says it directly. A domain that publishes no DMARC policy gets no DMARC verdict; then a DKIM or
// SPF pass for the From domain is what DMARC would have checked, and counts the same.
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { ourAuthenticationResults, type AuthResult, type HeaderLine } from './authentication-results.js';

export const senderVerificationSchema = z.object({
  /**
   * unverified: MDOC_AUTHSERV_ID is unset, nobody checked; missing: our server added no
   * Authentication-Results; pass / fail: the From domain passed or failed; none: nothing conclusive.
   */
  state: z.enum(['unverified', 'missing', 'pass', 'fail', 'none']),
  /** The results our server wrote, as it wrote them (`pass`, `fail`, `none`, …), for the post. */
  dmarc: z.string().max(20).optional(),
  dkim: z.string().max(20).optional(),
  spf: z.string().max(20).optional(),
});
export type SenderVerification = z.infer<typeof senderVerificationSchema>;

/** Google writes this for a domain without a DMARC policy whose mail passed the checks DMARC would make. */
const DMARC_PASS = new Set(['pass', 'bestguesspass']);

export function verifySender(headers: HeaderLine[], fromAddress: string | null, authservId: string | undefined): SenderVerification {
  if (!authservId) return { state: 'unverified' };
  const ours = ourAuthenticationResults(headers, authservId);
  if (!ours) return { state: 'missing' };
  const fromDomain = fromAddress ? domainOf(fromAddress) : undefined;
  // A result about another domain than this From says nothing about it.
  const about = (r: AuthResult, prop: string) => fromDomain !== undefined && aligned(fromDomain, domainOf(r.props[prop] ?? ''));
  const first = (method: string) => ours.results.find((r) => r.method === method);
  const dmarc = ours.results.find((r) => r.method === 'dmarc' && (r.props['header.from'] === undefined || domainOf(r.props['header.from']) === fromDomain));
  const dkim = first('dkim');
  const spf = first('spf');
  const shown = { ...(dmarc ? { dmarc: dmarc.result.slice(0, 20) } : {}), ...(dkim ? { dkim: dkim.result.slice(0, 20) } : {}), ...(spf ? { spf: spf.result.slice(0, 20) } : {}) };
  if (dmarc && DMARC_PASS.has(dmarc.result)) return { state: 'pass', ...shown };
  if (dmarc?.result === 'fail') return { state: 'fail', ...shown };
  const dkimPass = ours.results.some((r) => r.method === 'dkim' && r.result === 'pass' && (about(r, 'header.d') || about(r, 'header.i')));
  const spfPass = ours.results.some((r) => r.method === 'spf' && r.result === 'pass' && about(r, 'smtp.mailfrom'));
  return { state: dkimPass || spfPass ? 'pass' : 'none', ...shown };
}

/** `taro@Example.co.jp`, `@example.co.jp` or `example.co.jp` → `example.co.jp` (IDNA ASCII, lower case). */
function domainOf(value: string): string {
  const domain = value.slice(value.lastIndexOf('@') + 1).trim().replace(/\.$/, '');
  return domainToASCII(domain) || domain.toLowerCase();
}

/**
 * The authenticated domain is the From domain, or a parent or child of it (DMARC's relaxed alignment).
 * Without the public suffix list, a parent counts only when it cannot be a registry's suffix: three
 * labels or more, or two whose last is not a country code (so `co.jp` never aligns, `example.jp` only
 * exactly).
 */
function aligned(fromDomain: string, authenticated: string): boolean {
  if (!authenticated || !fromDomain) return false;
  if (fromDomain === authenticated) return true;
  const [shorter, longer] = fromDomain.length < authenticated.length ? [fromDomain, authenticated] : [authenticated, fromDomain];
  const labels = shorter.split('.');
  const registrable = labels.length >= 3 || (labels.length === 2 && labels[1]!.length > 2);
  return registrable && longer.endsWith(`.${shorter}`);
}
