import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { DemoSimulator } from './demo-simulator';
import { control, demoToken, rawRequest, type RawResponse } from './http-client';

describe('sandbox request quota', () => {
  let sim: RunningSimulator;
  let token: string;
  const list = (): Promise<RawResponse> => rawRequest(`${sim.url}/api/v1/items`, { headers: { authorization: `Bearer ${token}` } });
  const statuses = async (count: number): Promise<number[]> => {
    const result: number[] = [];
    for (let i = 0; i < count; i += 1) result.push((await list()).status);
    return result;
  };

  before(async () => {
    sim = await startSimulator(new DemoSimulator(), { port: 0 });
  });
  beforeEach(async () => {
    sim.reset();
    token = await demoToken(sim.url);
    sim.clock.set('2026-11-15T09:00:00Z');
  });
  after(() => sim.close());

  it('UKG style: N per 1-minute window, 429 without Retry-After, open again when the clock moves on', async () => {
    const set = await control(sim.url, 'POST', 'quota', { rules: [{ limit: 3, windowSeconds: 60, path: '/api/' }] });
    assert.equal(set.status, 200);
    assert.deepEqual(await statuses(4), [200, 200, 200, 429]);
    const refused = sim.log.last();
    assert.equal(refused?.outcome, 'rate-limited');
    assert.equal((await list()).headers['retry-after'], undefined);

    await control(sim.url, 'POST', 'clock', { advanceMs: 59_000 });
    assert.equal((await list()).status, 429, 'same window');
    await control(sim.url, 'POST', 'clock', { advanceMs: 1_000 });
    assert.deepEqual(await statuses(4), [200, 200, 200, 429], 'a fresh window');
  });

  it('does not count requests outside the rule, nor control calls', async () => {
    sim.quota.set([{ limit: 1, windowSeconds: 60, method: 'POST' }]);
    assert.deepEqual(await statuses(3), [200, 200, 200]);
    await control(sim.url, 'GET', 'health');
    const create = (): Promise<RawResponse> =>
      rawRequest(`${sim.url}/api/v1/items`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{"name":"x"}' });
    assert.equal((await create()).status, 201);
    assert.equal((await create()).status, 429);
  });

  it('Procore style: Retry-After until the window resets and X-Rate-Limit-* on every response', async () => {
    sim.quota.set([{ limit: 2, windowSeconds: 10, retryAfter: 'until-reset', headers: 'x-rate-limit' }]);
    const resetAt = String(Date.parse('2026-11-15T09:00:10Z') / 1000);
    const first = await list();
    assert.equal(first.headers['x-rate-limit-limit'], '2');
    assert.equal(first.headers['x-rate-limit-remaining'], '1');
    assert.equal(first.headers['x-rate-limit-reset'], resetAt);
    sim.clock.advance(4_000);
    assert.equal((await list()).headers['x-rate-limit-remaining'], '0');
    const refused = await list();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['retry-after'], '6');
    assert.equal(refused.headers['x-rate-limit-reset'], resetAt);
  });

  it('two windows (hourly and spike): the headers show the one closest to running out', async () => {
    await control(sim.url, 'POST', 'quota', {
      rules: [
        { limit: 600, windowSeconds: 3600, headers: 'x-rate-limit', retryAfter: 'until-reset' },
        { limit: 3, windowSeconds: 10, headers: 'x-rate-limit', retryAfter: 'until-reset' },
      ],
    });
    const first = await list();
    assert.equal(first.headers['x-rate-limit-limit'], '3');
    await statuses(2);
    assert.equal((await list()).status, 429);
    sim.clock.advance(10_000);
    const afterSpike = await list();
    assert.equal(afterSpike.status, 200);
    assert.equal(afterSpike.headers['x-rate-limit-limit'], '3');
    assert.deepEqual((await control(sim.url, 'GET', 'quota')).body, {
      rules: [
        { limit: 600, windowSeconds: 3600, headers: 'x-rate-limit', retryAfter: 'until-reset' },
        { limit: 3, windowSeconds: 10, headers: 'x-rate-limit', retryAfter: 'until-reset' },
      ],
    });
  });

  it('ServiceNow style: fixed Retry-After, X-RateLimit-* headers and a JSON error body', async () => {
    sim.quota.set([
      { limit: 1, windowSeconds: 3600, retryAfter: 3600, headers: 'x-ratelimit', ruleId: 'abc123', body: { error: { message: 'Rate limit exceeded' }, status: 'failure' } },
    ]);
    assert.equal((await list()).headers['x-ratelimit-rule'], 'abc123');
    const refused = await list();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['retry-after'], '3600');
    assert.deepEqual(JSON.parse(refused.body), { error: { message: 'Rate limit exceeded' }, status: 'failure' });
  });

  it('a sliding window frees one slot at a time', async () => {
    sim.quota.set([{ limit: 2, windowSeconds: 60, sliding: true }]);
    assert.equal((await list()).status, 200);
    sim.clock.advance(30_000);
    assert.equal((await list()).status, 200);
    assert.equal((await list()).status, 429);
    sim.clock.advance(30_000);
    assert.deepEqual(await statuses(2), [200, 429], 'the first request aged out, the second has not');
  });

  it('reset and DELETE /__sandbox/quota turn the quota off', async () => {
    sim.quota.set([{ limit: 0, windowSeconds: 60 }]);
    assert.equal((await list()).status, 429);
    await control(sim.url, 'DELETE', 'quota');
    assert.equal((await list()).status, 200);
    sim.quota.set([{ limit: 0, windowSeconds: 60 }]);
    await control(sim.url, 'POST', 'reset');
    assert.deepEqual(sim.quota.rules(), []);
  });

  it('rejects an impossible rule with 400', async () => {
    assert.equal((await control(sim.url, 'POST', 'quota', { rules: [{ limit: 5, windowSeconds: 0 }] })).status, 400);
    assert.equal((await control(sim.url, 'POST', 'quota', { rules: [{ limit: 5, windowSeconds: 60, retryAfter: 'later' }] })).status, 400);
  });
});
