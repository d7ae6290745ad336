// Assertions on what the page shows that retry until it shows it (or the time runs out), like
// Playwright Test's `expect(locator)`: a page redraws after every answer it gets, so a value read
// once right after an action may be the one from before. No fixed sleeps: the wait ends as soon as
// the page agrees, and fails with the last value seen.
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';

export async function eventually<T>(what: string, read: () => Promise<T>, expected: T | ((value: T) => boolean), timeoutMs = 20_000): Promise<T> {
  const matches = (value: T): boolean => (typeof expected === 'function' ? (expected as (value: T) => boolean)(value) : isDeepStrictEqual(value, expected));
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await read();
      error = undefined;
      if (matches(last)) return last;
    } catch (caught) {
      // The element was replaced between finding and reading it (a redraw): read again.
      error = caught;
    }
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (error !== undefined && last === undefined) throw error;
  if (typeof expected === 'function') assert.fail(`${what}: never as expected; last seen ${JSON.stringify(last)}`);
  assert.deepEqual(last, expected, what);
  return last as T;
}
