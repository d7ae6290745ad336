import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * HTTP Basic credentials a caller must send (a webhook endpoint's own user and password). Checked in
 * constant time: both sides are hashed to equal-length digests first, so neither the length nor the
 * first differing byte of the expected value shows in the time taken, and user and password are
 * both compared whatever the first says.
 */
export interface BasicCredentials {
  user: string;
  password: string;
}

export type BasicCheck = { ok: true } | { ok: false; problem: string };

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The expected side's digests, made once per credentials object (a webhook checks every delivery). */
const expectedDigests = new WeakMap<BasicCredentials, { of: BasicCredentials; user: Buffer; password: Buffer }>();

function digestsOf(expected: BasicCredentials): { user: Buffer; password: Buffer } {
  let digests = expectedDigests.get(expected);
  // Made again should the object have been changed since (only the expected side is compared here).
  if (!digests || digests.of.user !== expected.user || digests.of.password !== expected.password) {
    digests = { of: { ...expected }, user: digest(expected.user), password: digest(expected.password) };
    expectedDigests.set(expected, digests);
  }
  return digests;
}

/** The user and password of an `Authorization: Basic <base64(user:password)>` header, or null. */
export function parseBasic(header: string | undefined): BasicCredentials | null {
  const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** What a refusal says never holds what was sent or expected. */
export function checkBasic(header: string | undefined, expected: BasicCredentials): BasicCheck {
  const given = parseBasic(header);
  // Compared even when absent, so a missing header takes as long as a wrong one.
  const digests = digestsOf(expected);
  const userOk = timingSafeEqual(digest(given?.user ?? ''), digests.user);
  const passwordOk = timingSafeEqual(digest(given?.password ?? ''), digests.password);
  if (given === null) return { ok: false, problem: header === undefined || header.trim() === '' ? 'no Basic credentials' : 'an Authorization header that is not Basic' };
  return userOk && passwordOk ? { ok: true } : { ok: false, problem: 'wrong Basic user or password' };
}

export function basicHeader(credentials: BasicCredentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`;
}
