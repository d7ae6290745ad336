import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { DemoSimulator } from './demo-simulator';
import { control, demoToken, rawRequest, type RawResponse } from './http-client';

describe('sandbox fault injection', () => {
  let sim: RunningSimulator;
  let token: string;
  const items = (path = '/api/v1/items', method = 'GET'): Promise<RawResponse> =>
    rawRequest(`${sim.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });

  before(async () => {
    sim = await startSimulator(new DemoSimulator(), { port: 0 });
  });
  beforeEach(async () => {
    sim.reset();
    token = await demoToken(sim.url);
  });
  after(() => sim.close());

  it('answers 429 with Retry-After for the next N matching requests, then serves normally', async () => {
    sim.faults.add({ kind: 'status', status: 429, retryAfter: 2, path: '/api/v1/items', times: 2 });
    const first = await items();
    const second = await items();
    const third = await items();
    assert.deepEqual([first.status, second.status, third.status], [429, 429, 200]);
    assert.equal(first.headers['retry-after'], '2');
    assert.equal(sim.log.count({ outcome: 'fault-status' }), 2);
  });

  it('answers 429 without Retry-After, the way UKG does', async () => {
    await control(sim.url, 'POST', 'faults', { kind: 'status', status: 429, body: { message: 'Too Many Requests' } });
    const response = await items();
    assert.equal(response.status, 429);
    assert.equal(response.headers['retry-after'], undefined);
    assert.deepEqual(JSON.parse(response.body), { message: 'Too Many Requests' });
  });

  it('answers 500, 502 and 503 with a body, through the control API', async () => {
    const added = await control(sim.url, 'POST', 'faults', {
      faults: [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' },
        { kind: 'status', status: 503, retryAfter: 30, body: { error: 'maintenance' } },
      ],
    });
    assert.deepEqual(added, { status: 200, body: { ok: true, pending: 3 } });
    const responses = [await items(), await items(), await items()];
    assert.deepEqual(responses.map((response) => response.status), [500, 502, 503]);
    assert.equal(responses[0]?.body, 'Internal Server Error');
    assert.equal(responses[1]?.headers['content-type'], 'text/html');
    assert.equal(responses[2]?.headers['retry-after'], '30');
    assert.deepEqual(JSON.parse(responses[2]?.body ?? ''), { error: 'maintenance' });
  });

  it('matches faults by method and by path prefix or regex, oldest first', async () => {
    sim.faults.add([
      { kind: 'status', status: 503, method: 'POST', path: '/api/v1/items' },
      { kind: 'status', status: 502, path: /^\/api\/v1\/items\/\d+$/ },
    ]);
    assert.equal((await items()).status, 200, 'GET list matches neither');
    assert.equal((await items('/api/v1/items/3')).status, 502);
    assert.equal((await items('/api/v1/items/3')).status, 200);
    await control(sim.url, 'POST', 'faults', { kind: 'status', status: 500, pathRegex: '/items/\\d+$' });
    assert.deepEqual((await control(sim.url, 'GET', 'faults')).body, {
      pending: [
        { kind: 'status', status: 503, method: 'POST', path: '/api/v1/items', remaining: 1 },
        { kind: 'status', status: 500, pathRegex: new RegExp('/items/\\d+$').source, remaining: 1 },
      ],
    });
    assert.equal((await items('/api/v1/items/4')).status, 500);
    await control(sim.url, 'DELETE', 'faults');
    assert.equal(sim.faults.pending().length, 0);
  });

  it('delays a request by the fault delay and by the default latency', async () => {
    sim.faults.add({ kind: 'delay', ms: 150 });
    let started = performance.now();
    assert.equal((await items()).status, 200);
    assert.ok(performance.now() - started >= 140, 'delay fault');

    await control(sim.url, 'POST', 'latency', { minMs: 60, maxMs: 80 });
    started = performance.now();
    await items();
    assert.ok(performance.now() - started >= 55, 'default latency');
    assert.deepEqual((await control(sim.url, 'GET', 'latency')).body, { minMs: 60, maxMs: 80 });
    await control(sim.url, 'DELETE', 'latency');
    assert.deepEqual(sim.latency.get(), { ms: 0 });
  });

  it('hangs until the client gives up', async () => {
    sim.faults.add({ kind: 'hang' });
    await assert.rejects(rawRequest(`${sim.url}/api/v1/items`, { timeoutMs: 200 }), { code: 'ETIMEDOUT' });
    assert.equal(sim.log.last()?.outcome, 'hung');
    assert.equal((await items()).status, 200, 'the next request is served');
  });

  it('closes a hanging socket after closeAfterMs so nothing leaks', async () => {
    sim.faults.add({ kind: 'hang', closeAfterMs: 100 });
    const started = performance.now();
    await assert.rejects(items(), { code: 'ECONNRESET' });
    assert.ok(performance.now() - started >= 90);
  });

  it('drops the connection without a response', async () => {
    await control(sim.url, 'POST', 'faults', { kind: 'drop', path: '/api/' });
    await assert.rejects(items(), (error: NodeJS.ErrnoException) => {
      assert.match(String(error.code), /ECONNRESET|EPIPE/);
      return true;
    });
    assert.equal(sim.log.last()?.outcome, 'dropped');
    assert.equal(sim.log.last()?.status, null);
  });

  it('a fetch client sees a dropped connection as a network error', async () => {
    sim.faults.add({ kind: 'drop' });
    await assert.rejects(fetch(`${sim.url}/api/v1/items`, { headers: { authorization: `Bearer ${token}` } }), TypeError);
  });

  it('resets mid-body: real status and headers, part of the real body, then a dead socket', async () => {
    sim.faults.add({ kind: 'reset-mid-body', afterBytes: 40 });
    await assert.rejects(items(), (error: Error & { status?: number; partialBody?: string }) => {
      assert.equal(error.status, 200);
      assert.equal(error.partialBody?.length, 40);
      assert.ok(error.partialBody?.startsWith('[{"id":1,'));
      return true;
    });
    assert.equal(sim.log.last()?.outcome, 'reset-mid-body');

    sim.faults.add({ kind: 'reset-mid-body' });
    const response = await fetch(`${sim.url}/api/v1/items`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    await assert.rejects(response.text(), TypeError);
  });

  it('rejects a malformed fault with 400 and says why', async () => {
    const typo = await control(sim.url, 'POST', 'faults', { kind: 'status', status: 429, retry_after: 2 });
    assert.equal(typo.status, 400);
    const both = await control(sim.url, 'POST', 'faults', { kind: 'drop', path: '/a', pathRegex: 'b' });
    assert.equal(both.status, 400);
    assert.equal(sim.faults.pending().length, 0);
  });

  it('a slow 503: delayMs on a status fault', async () => {
    sim.faults.add({ kind: 'status', status: 503, delayMs: 100 });
    const started = performance.now();
    assert.equal((await items()).status, 503);
    assert.ok(performance.now() - started >= 90);
  });
});
