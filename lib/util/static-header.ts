import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * A fixed header a sender was set up to send (Procore's hook `destination_headers`, e.g.
 * `Authorization: Bearer <secret>`), checked in constant time: both sides are hashed to equal-length
 * digests first, so neither the length nor the first differing byte of the expected value shows in the
 * time taken. What a refusal says never holds what was sent or expected.
 */
export type HeaderCheck = { ok: true } | { ok: false; problem: string };

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function checkStaticHeader(given: string | string[] | undefined, expected: string, headerName: string): HeaderCheck {
  const value = Array.isArray(given) ? given.join(',') : (given ?? '');
  // Compared even when absent, so a missing header takes as long as a wrong one.
  const same = timingSafeEqual(digest(value.trim()), digest(expected.trim()));
  if (given === undefined || value.trim() === '') return { ok: false, problem: `no ${headerName} header` };
  return same ? { ok: true } : { ok: false, problem: `wrong ${headerName} header` };
}
