import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { maskAuthorization, maskSecret, startSimulator, type RequestLogEntry, type RunningSimulator } from '../../sandbox/kit';
import { DEMO_CLIENT_SECRET, DEMO_SEED_SIZE, DemoSimulator } from './demo-simulator';
import { control, demoToken, rawRequest } from './http-client';

describe('sandbox clock, request log and reset', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator(new DemoSimulator(), { port: 0 });
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  it('sets, advances and releases the clock through the control API', async () => {
    assert.deepEqual((await control(sim.url, 'POST', 'clock', { set: '2026-11-15T09:00:00Z' })).body, { now: '2026-11-15T09:00:00.000Z', mode: 'fixed' });
    assert.deepEqual((await control(sim.url, 'POST', 'clock', { advanceMs: 90 * 60_000 })).body, { now: '2026-11-15T10:30:00.000Z', mode: 'fixed' });
    assert.equal(sim.clock.nowIso(), '2026-11-15T10:30:00.000Z');
    const released = (await control(sim.url, 'POST', 'clock', { real: true })).body as { now: string; mode: string };
    assert.equal(released.mode, 'real');
    assert.ok(Math.abs(Date.parse(released.now) - Date.now()) < 5_000);
    assert.equal((await control(sim.url, 'POST', 'clock', { set: 'next tuesday' })).status, 400);
  });

  it('a running clock set in the past keeps ticking from there', async () => {
    await control(sim.url, 'POST', 'clock', { set: '2020-01-01T00:00:00Z', running: true });
    const first = sim.clock.nowMs();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.ok(sim.clock.nowMs() - first >= 25);
    assert.ok(sim.clock.nowMs() < Date.parse('2020-01-02T00:00:00Z'));
  });

  it('simulators read the clock: records are stamped with it and tokens expire by it', async () => {
    sim.clock.set('2026-11-15T09:00:00Z');
    const token = await demoToken(sim.url);
    const created = await rawRequest(`${sim.url}/api/v1/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'stamped' }),
    });
    assert.equal((JSON.parse(created.body) as { updated_at: string }).updated_at, '2026-11-15T09:00:00.000Z');

    sim.clock.advance(3600 * 1000 - 1);
    assert.equal((await rawRequest(`${sim.url}/api/v1/items`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
    sim.clock.advance(1);
    const expired = await rawRequest(`${sim.url}/api/v1/items`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(expired.status, 401);
    assert.match(String(expired.headers['www-authenticate']), /invalid_token/);
  });

  it('logs every request with Authorization, key-like headers and secret body fields masked', async () => {
    const token = await demoToken(sim.url);
    await rawRequest(`${sim.url}/api/v1/items?page=2&per_page=5&nextToken=abc&api_key=k1`, {
      headers: { authorization: `Bearer ${token}`, 'us-customer-api-key': 'CUST-KEY', 'x-request-id': 'r-1' },
    });
    const [tokenCall, listCall] = sim.log.entries();
    assert.equal(tokenCall?.method, 'POST');
    assert.equal(tokenCall?.path, '/oauth/token');
    assert.equal(tokenCall?.status, 200);
    assert.deepEqual(tokenCall?.body, { grant_type: 'client_credentials', client_id: 'demo-client', client_secret: maskSecret(DEMO_CLIENT_SECRET) });

    assert.equal(listCall?.path, '/api/v1/items');
    assert.equal(listCall?.status, 200);
    assert.equal(listCall?.outcome, 'answered');
    assert.equal(listCall?.headers.authorization, maskAuthorization(`Bearer ${token}`));
    assert.match(String(listCall?.headers.authorization), /^Bearer \*\*\* #[0-9a-f]{8}$/);
    assert.equal(listCall?.headers['us-customer-api-key'], maskSecret('CUST-KEY'));
    assert.equal(listCall?.headers['x-request-id'], 'r-1');
    assert.deepEqual(listCall?.query, { page: '2', per_page: '5', nextToken: 'abc', api_key: maskSecret('k1') });
    assert.ok(!JSON.stringify(sim.log.entries()).includes(token), 'the raw token appears nowhere in the log');
    assert.ok(typeof listCall?.durationMs === 'number');
  });

  it('serves the log over the control API with filters, and clears it', async () => {
    sim.clock.set('2026-11-15T09:00:00Z');
    const token = await demoToken(sim.url);
    const auth = { authorization: `Bearer ${token}` };
    await rawRequest(`${sim.url}/api/v1/items`, { headers: auth });
    await rawRequest(`${sim.url}/api/v1/items/2`, { headers: auth });
    await rawRequest(`${sim.url}/api/v1/items/999`, { headers: auth });
    await rawRequest(`${sim.url}/rpc`, { method: 'POST', body: '<methodCall><methodName>ping</methodName></methodCall>' });
    type LogPage = { count: number; lastSeq: number; requests: RequestLogEntry[] };
    const get = async (query: string): Promise<LogPage> => (await control(sim.url, 'GET', `requests${query}`)).body as LogPage;

    assert.equal((await get('')).count, 5, 'control calls are not logged');
    assert.equal((await get('?method=GET&path=/api/v1/items')).count, 3);
    assert.equal((await get('?pathRegex=%5E/api/v1/items/%5Cd%2B%24')).count, 2);
    assert.deepEqual((await get('?status=404')).requests.map((entry) => entry.path), ['/api/v1/items/999']);
    assert.equal((await get('?tag.rpcMethod=ping')).count, 1);
    const lastTwo = await get('?limit=2');
    assert.equal(lastTwo.count, 5);
    assert.deepEqual(lastTwo.requests.map((entry) => entry.path), ['/api/v1/items/999', '/rpc']);
    assert.equal(lastTwo.requests[0]?.at, '2026-11-15T09:00:00.000Z');
    const sinceThird = await get(`?since=${lastTwo.lastSeq - 2}`);
    assert.equal(sinceThird.count, 2);

    assert.equal((await control(sim.url, 'DELETE', 'requests')).status, 200);
    assert.equal((await get('')).count, 0);
  });

  it('numbers the connection each request came on: a kept-alive one keeps its number, a new one gets the next', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string, via: Agent | false) =>
      new Promise<void>((resolve, reject) => {
        request(`${sim.url}${path}`, { agent: via }, (res) => res.resume().on('end', resolve)).on('error', reject).end();
      });
    try {
      await get('/echo/1/x', agent);
      await get('/echo/2/x', agent);
      await get('/echo/3/x', false);
    } finally {
      agent.destroy();
    }
    const [first, second, third] = sim.log.entries({ path: '/echo/' }).map((e) => e.connection);
    assert.equal(typeof first, 'number');
    assert.equal(second, first, 'the kept-alive connection');
    assert.ok((third ?? 0) > (first ?? 0), `a new connection: ${String(third)} after ${String(first)}`);
  });

  it('keeps only the newest entries beyond its capacity', async () => {
    const small = await startSimulator(new DemoSimulator(), { port: 0, logCapacity: 3 });
    try {
      for (let i = 1; i <= 5; i += 1) await rawRequest(`${small.url}/echo/${i}/x`);
      assert.deepEqual(small.log.entries().map((entry) => entry.path), ['/echo/3/x', '/echo/4/x', '/echo/5/x']);
    } finally {
      await small.close();
    }
  });

  it('reset reseeds the data and clears faults, log, latency, quota and the clock', async () => {
    const token = await demoToken(sim.url);
    await rawRequest(`${sim.url}/api/v1/items`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{"name":"extra"}' });
    sim.faults.add({ kind: 'drop', times: 5 });
    sim.latency.set({ ms: 500 });
    sim.quota.set([{ limit: 0, windowSeconds: 60 }]);
    sim.clock.set('2030-01-01T00:00:00Z');

    assert.deepEqual((await control(sim.url, 'POST', 'reset')).body, { ok: true });
    assert.equal(sim.faults.pending().length, 0);
    assert.equal(sim.log.size, 0);
    assert.deepEqual(sim.latency.get(), { ms: 0 });
    assert.deepEqual(sim.quota.rules(), []);
    assert.equal(sim.clock.mode, 'real');

    const freshToken = await demoToken(sim.url);
    const list = await rawRequest(`${sim.url}/api/v1/items?per_page=100`, { headers: { authorization: `Bearer ${freshToken}` } });
    assert.equal((JSON.parse(list.body) as unknown[]).length, DEMO_SEED_SIZE);
    assert.equal((await rawRequest(`${sim.url}/api/v1/items`, { headers: { authorization: `Bearer ${token}` } })).status, 401, 'tokens forgotten');
  });

  it('pages with a Link header built from the address the client used', async () => {
    const token = await demoToken(sim.url);
    const page = await rawRequest(`${sim.url}/api/v1/items?page=1&per_page=10`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(page.headers['x-total-count'], String(DEMO_SEED_SIZE));
    assert.equal(page.headers.link, `<${sim.url}/api/v1/items?page=2&per_page=10>; rel="next"`);
  });

  it('health answers with the simulator name and clock', async () => {
    const health = (await control(sim.url, 'GET', 'health')).body as { ok: boolean; name: string; clock: { mode: string } };
    assert.equal(health.ok, true);
    assert.equal(health.name, 'demo');
    assert.equal(health.clock.mode, 'real');
  });
});
