// The kit's generic hooks for fault matrices: `afterCommit` (serve the route, then cut, hang or 500
// the answer) and `skip` (hit the n-th matching request, not the next one).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { DemoSimulator } from './demo-simulator';
import { control, demoToken, rawRequest } from './http-client';

describe('sandbox after-commit faults and skip', () => {
  let sim: RunningSimulator;
  let token: string;
  const create = (name: string, timeoutMs?: number) =>
    rawRequest(`${sim.url}/api/v1/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, price: 1 }),
      ...(timeoutMs ? { timeoutMs } : {}),
    });
  const itemCount = async (): Promise<number> => {
    const res = await rawRequest(`${sim.url}/api/v1/items`, { headers: { authorization: `Bearer ${token}` } });
    return Number(res.headers['x-total-count']);
  };

  before(async () => {
    sim = await startSimulator(new DemoSimulator(), { port: 0 });
  });
  beforeEach(async () => {
    sim.reset();
    token = await demoToken(sim.url);
  });
  after(() => sim.close());

  it('drop after commit: the item is created, the client sees the connection cut', async () => {
    const before = await itemCount();
    sim.faults.add({ kind: 'drop', afterCommit: true, method: 'POST', path: '/api/v1/items' });
    await assert.rejects(create('cut'), (err: NodeJS.ErrnoException) => err.code === 'ECONNRESET');
    assert.equal(await itemCount(), before + 1);
    const entry = sim.log.last({ method: 'POST', path: '/api/v1/items' });
    assert.equal(entry?.outcome, 'dropped');
    assert.equal(entry?.tags['afterCommit'], 201);
  });

  it('hang after commit: created, then no answer until the client gives up', async () => {
    const before = await itemCount();
    sim.faults.add({ kind: 'hang', afterCommit: true, closeAfterMs: 5000, method: 'POST', path: '/api/v1/items' });
    await assert.rejects(create('hung', 300), (err: NodeJS.ErrnoException) => err.code === 'ETIMEDOUT');
    assert.equal(await itemCount(), before + 1);
    assert.equal(sim.log.last({ method: 'POST', path: '/api/v1/items' })?.outcome, 'hung');
  });

  it('status after commit, through the control API: created, answered 500', async () => {
    const before = await itemCount();
    const added = await control(sim.url, 'POST', 'faults', { kind: 'status', status: 500, afterCommit: true, method: 'POST', path: '/api/v1/items' });
    assert.equal(added.status, 200);
    const res = await create('five-hundred');
    assert.equal(res.status, 500);
    assert.equal(await itemCount(), before + 1);
    assert.equal(sim.log.last({ method: 'POST', path: '/api/v1/items' })?.tags['afterCommit'], 201);
  });

  it('without afterCommit the route never runs (unchanged behaviour)', async () => {
    const before = await itemCount();
    sim.faults.add({ kind: 'status', status: 500, method: 'POST', path: '/api/v1/items' });
    assert.equal((await create('refused')).status, 500);
    assert.equal(await itemCount(), before);
  });

  it('skip lets the first n matching requests through and hits the next one', async () => {
    sim.faults.add({ kind: 'status', status: 503, method: 'POST', path: '/api/v1/items', skip: 2 });
    const statuses = [];
    for (const name of ['a', 'b', 'c', 'd']) statuses.push((await create(name)).status);
    assert.deepEqual(statuses, [201, 201, 503, 201]);
    const bad = await control(sim.url, 'POST', 'faults', { kind: 'drop', skip: -1 });
    assert.equal(bad.status, 400);
  });
});
