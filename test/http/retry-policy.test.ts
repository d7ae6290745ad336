import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelayMs, defaultErrorMessage, parseRetryAfterMs, retryPolicySchema } from '../../lib/http';

describe('retry policy', () => {
  const policy = retryPolicySchema.parse({ baseDelayMs: 500, maxDelayMs: 4000 });

  it('draws each wait uniformly below a cap that doubles per retry up to the maximum', () => {
    const caps = [1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(policy, retry, () => 0.999999) + 1);
    assert.deepEqual(caps, [500, 1000, 2000, 4000, 4000, 4000]);
    assert.equal(backoffDelayMs(policy, 3, () => 0), 0);
    assert.equal(backoffDelayMs(policy, 3, () => 0.25), 500);
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores what it cannot read', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    assert.equal(parseRetryAfterMs('120', now), 120_000);
    assert.equal(parseRetryAfterMs(' 0 ', now), 0);
    assert.equal(parseRetryAfterMs('Tue, 01 Dec 2026 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfterMs('Tue, 01 Dec 2026 09:59:00 GMT', now), 0, 'a past date means now');
    assert.equal(parseRetryAfterMs('soon', now), undefined);
    assert.equal(parseRetryAfterMs('-5', now), undefined);
    assert.equal(parseRetryAfterMs(undefined, now), undefined);
  });

  it('bounds what a config node may set', () => {
    assert.equal(retryPolicySchema.safeParse({ maxAttempts: 0 }).success, false);
    assert.equal(retryPolicySchema.safeParse({ maxElapsedMs: -1 }).success, false);
    assert.deepEqual(retryPolicySchema.parse({}), { maxAttempts: 5, maxElapsedMs: 120_000, baseDelayMs: 500, maxDelayMs: 30_000 });
  });
});

describe('system error messages', () => {
  it('finds the message in the shapes the six systems use', () => {
    assert.equal(defaultErrorMessage({ error: 'invalid_client', error_description: 'bad secret' }), 'invalid_client: bad secret');
    assert.equal(defaultErrorMessage({ error: { message: 'No Record found', detail: 'Record doesn\'t exist' }, status: 'failure' }), 'No Record found: Record doesn\'t exist');
    assert.equal(defaultErrorMessage({ errors: [{ message: 'name is missing' }, { message: 'code too long' }] }), 'name is missing; code too long');
    assert.equal(defaultErrorMessage({ errors: { base: ['Vendor not found'], name: ['is too long'] } }), 'base: Vendor not found; name: is too long');
    assert.equal(defaultErrorMessage({ id: 4, total: 3 }), undefined);
    assert.equal(defaultErrorMessage({ message: 'Not found', documentation_url: 'x' }), 'Not found');
    assert.equal(defaultErrorMessage({ Message: 'Authorization has been denied' }), 'Authorization has been denied');
    assert.equal(defaultErrorMessage({ title: 'Bad Request', detail: 'x' }), 'x');
    assert.equal(defaultErrorMessage('  plain\n text '), 'plain text');
    assert.equal(defaultErrorMessage(null), undefined);
    assert.equal(defaultErrorMessage({ message: 'y'.repeat(900) })?.length, 500);
  });
});
