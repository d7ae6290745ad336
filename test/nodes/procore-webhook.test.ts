// mlc-procore-webhook in Node-RED (test helper), served on a real socket: payload versions v2, v3 and
// v4, the static header checked, malformed bodies, redelivery by ulid (in memory and, with a store,
// after a restart), the flow's own writes dropped; then deliveries from the Procore sandbox's hook
// dispatcher (a hook on the node's URL with the static header). Nothing is awaited by time: a request that must emit
// nothing is followed by one that must emit, and messages are counted once that one has arrived.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import webhookNode = require('../../nodes/procore/procore-webhook');
import storeNode = require('../../nodes/core/store-config');
import { collect, positioned, type Collected } from '../support/flow-helper';
import { HttpNodeServer } from '../support/http-node';
import { COMPANY_ID } from '../../sandbox/procore';
import { call, startProcore, token, type Procore } from '../sandbox/procore/helpers';

helper.init(require.resolve('node-red'));

const SECRET = 'Bearer 8d1f0c5e-procore-hook-test';
const PATH = '/mlc/procore/webhook';
type Msg = Record<string, unknown>;

let serial = 0;
const ulid = (): string => `01JMYXMZRBVKK0PC6XS8SA${String(++serial).padStart(4, '0')}`;
const v2 = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 123456789 + serial,
  ulid: ulid(),
  timestamp: '2026-11-06T23:34:12.246562Z',
  metadata: { source_user_id: 987654321, source_project_id: 101, source_operation_id: null, source_company_id: 5358233, source_application_id: null },
  user_id: 987654321,
  company_id: 5358233,
  project_id: 101,
  api_version: 'v2.0',
  event_type: 'update',
  resource_name: 'Purchase Order Contracts',
  resource_id: 54321,
  ...extra,
});

describe('mlc-procore-webhook', () => {
  const httpNode = new HttpNodeServer();
  const nodes = [httpNode.serving(webhookNode), storeNode];
  let dir: string;

  const load = ({ secret = SECRET as string | null, store = false, ignoreApplication = '' } = {}): Promise<void> =>
    helper.load(
      nodes,
      positioned([
        { id: 'tab', type: 'tab', label: 'procore webhook' },
        { id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(dir, 'store.sqlite') },
        { id: 'hook', z: 'tab', type: 'mlc-procore-webhook', path: PATH, headerName: 'Authorization', windowHours: 24, ignoreApplication, store: store ? 'store' : '', wires: [['events']] },
        { id: 'events', z: 'tab', type: 'helper' },
      ]),
      secret === null ? {} : { hook: { headerValue: secret } },
    );

  const post = (body: unknown, auth: string | null = SECRET): Promise<Response> =>
    fetch(`${httpNode.url}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const postOk = async (body: unknown, auth: string | null = SECRET): Promise<void> => {
    const res = await post(body, auth);
    assert.equal(res.status, 200, await res.text());
  };
  const sentinel = async (events: Collected, expected: number): Promise<Msg[]> => {
    const last = v2({ resource_name: 'Projects', resource_id: 999 });
    await postOk(last);
    await events.waitFor(expected + 1);
    assert.equal((events.messages.at(-1)?.['payload'] as { ulid: string }).ulid, last['ulid'], 'the sentinel came last');
    return events.messages.slice(0, -1);
  };

  before(async () => {
    await httpNode.start();
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await httpNode.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-procore-webhook-'));
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('emits v2, v3 and v4 deliveries alike, with what mlc-procore-read reads for each', async () => {
    await load();
    const events = collect('events');
    const two = v2();
    await postOk(two);
    await postOk(v2({ api_version: 'v3.0', resource_name: 'Direct Cost Line Items', resource_id: 379913, related_resources: [{ id: 4411, name: 'Direct Costs' }] }));
    await postOk({ id: '01JMYXMZRBVKK0PC6XS8SA4QRE', timestamp: '2025-02-25T16:04:43.619085Z', reason: 'create', company_id: '5358233', user_id: '5447', resource_type: 'Company Vendors', resource_id: '880' });
    await events.waitFor(3);
    const [a, b, c] = events.messages;
    assert.equal(a?.['topic'], 'procore/webhook/purchase-order-contracts');
    assert.deepEqual(a?.['payload'], {
      eventType: 'update',
      resourceName: 'Purchase Order Contracts',
      resourceId: '54321',
      companyId: '5358233',
      projectId: '101',
      ulid: two['ulid'],
      timestamp: '2026-11-06T23:34:12.246562Z',
      payloadVersion: 'v2',
      relatedResources: [],
      entity: 'commitments',
      ids: ['54321'],
    });
    assert.deepEqual(a?.['mlc'], { key: `procore:event:5358233:${String(two['ulid'])}`, source: { system: 'procore', entity: 'purchase-order-contracts', id: '5358233/54321' } });
    const bp = b?.['payload'] as Record<string, unknown>;
    assert.deepEqual([bp['payloadVersion'], bp['entity'], bp['ids']], ['v3', 'direct-costs', ['4411']], 'a line item event reads its direct cost');
    const cp = c?.['payload'] as Record<string, unknown>;
    assert.deepEqual([cp['payloadVersion'], cp['eventType'], cp['resourceName'], cp['projectId'], cp['entity'], cp['ids'], cp['ulid']], ['v4', 'create', 'Company Vendors', null, 'vendors', ['880'], '01JMYXMZRBVKK0PC6XS8SA4QRE']);
  });

  it('checks the static header: missing or wrong is 401 and emits nothing, the value never said', async () => {
    await load();
    const events = collect('events');
    for (const auth of [null, 'Bearer guess', `${SECRET}x`, SECRET.slice(0, -1)]) {
      const res = await post(v2(), auth);
      assert.equal(res.status, 401);
      assert.ok(!(await res.text()).includes('8d1f0c5e'));
    }
    assert.equal((await post('not json')).status, 400);
    assert.equal((await post({ hello: 'world' })).status, 400);
    assert.equal((await post(v2({ company_id: null }))).status, 400);
    assert.deepEqual(await sentinel(events, 0), []);
  });

  it('drops a redelivery of the same ulid, and the integration’s own writes', async () => {
    await load({ ignoreApplication: 'app-42' });
    const events = collect('events');
    const once = v2();
    await postOk(once);
    await postOk(once);
    await postOk({ ...once, timestamp: '2026-11-07T00:00:00Z' });
    await postOk(v2({ metadata: { source_application_id: 'app-42' } }));
    const got = await sentinel(events, 1);
    assert.deepEqual(got.map((m) => (m['payload'] as { ulid: string }).ulid), [once['ulid']]);
  });

  it('with a store, remembers delivered events across a restart', async () => {
    await load({ store: true });
    let events = collect('events');
    const once = v2();
    await postOk(once);
    await events.waitFor(1);
    await helper.unload();
    await load({ store: true });
    events = collect('events');
    await postOk(once);
    assert.deepEqual(await sentinel(events, 0), []);
  });

  it('without a header value takes any post, and warns', async () => {
    await load({ secret: null });
    const events = collect('events');
    await postOk(v2(), null);
    await events.waitFor(1);
  });
});

describe('mlc-procore-webhook fed by the Procore sandbox’s hook dispatcher', () => {
  const httpNode = new HttpNodeServer();
  let procore: Procore;
  let bearer: string;
  const FIRST_VENDOR = 7100001;

  /** A company hook on the node's URL with `headers`, triggered by vendor updates. */
  const hook = async (headers: Record<string, string>): Promise<number> => {
    const created = await call(procore.url, '/rest/v1.0/webhooks/hooks', { method: 'POST', token: bearer, body: { company_id: COMPANY_ID, hook: { api_version: 'v2', namespace: 'mlc-odoo', destination_url: `${httpNode.url}${PATH}`, destination_headers: headers } } });
    assert.equal(created.status, 201, created.body);
    const id = created.json<{ id: number }>().id;
    const trigger = await call(procore.url, `/rest/v1.0/webhooks/hooks/${id}/triggers`, { method: 'POST', token: bearer, body: { company_id: COMPANY_ID, trigger: { resource_name: 'Company Vendors', event_type: 'update' } } });
    assert.equal(trigger.status, 201, trigger.body);
    return id;
  };

  before(async () => {
    procore = await startProcore({ webhooks: { retryDelaysMs: [] } });
    await httpNode.start();
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await httpNode.close();
    await procore.running.close();
  });
  beforeEach(async () => {
    await procore.running.reset();
    bearer = await token(procore.url);
    await helper.load(
      [httpNode.serving(webhookNode)],
      positioned([
        { id: 'tab', type: 'tab', label: 'procore webhook' },
        { id: 'hook', z: 'tab', type: 'mlc-procore-webhook', path: PATH, headerName: 'Authorization', windowHours: 24, wires: [['events']] },
        { id: 'events', z: 'tab', type: 'helper' },
      ]),
      { hook: { headerValue: SECRET } },
    );
  });
  afterEach(async () => {
    await helper.unload();
  });

  it('a vendor edited in Procore arrives as one event for mlc-procore-read, the delivery answered 2xx', async () => {
    const id = await hook({ Authorization: SECRET });
    const events = collect('events');
    procore.simulator.editVendor(FIRST_VENDOR, { city: 'Littleton' });
    await procore.simulator.hooks.idle();
    await events.waitFor(1);
    const payload = events.messages[0]?.['payload'] as Record<string, unknown>;
    const delivered = procore.simulator.hooks.deliveries({ hookId: id });
    assert.deepEqual(delivered.map((d) => [d.outcome, d.attempts, d.response_status]), [['ok', 1, 200]]);
    assert.deepEqual([payload['resourceName'], payload['eventType'], payload['entity'], payload['ids'], payload['companyId'], payload['ulid'], payload['payloadVersion']], ['Company Vendors', 'update', 'vendors', [String(FIRST_VENDOR)], String(COMPANY_ID), delivered[0]?.event['ulid'], 'v2']);
  });

  it('a duplicated delivery (same ulid twice) emits once', async () => {
    const id = await hook({ Authorization: SECRET });
    const events = collect('events');
    procore.simulator.hooks.setDefaults({ duplicate: true });
    procore.simulator.editVendor(FIRST_VENDOR, { city: 'Golden' });
    await procore.simulator.hooks.idle();
    const [twice] = procore.simulator.hooks.deliveries({ hookId: id });
    assert.deepEqual([twice?.copies, twice?.attempts, twice?.outcome], [2, 2, 'ok'], 'both copies answered 2xx');
    procore.simulator.hooks.setDefaults({});
    procore.simulator.editVendor(FIRST_VENDOR + 1, { city: 'Golden' });
    await procore.simulator.hooks.idle();
    await events.waitFor(2);
    assert.deepEqual(events.messages.map((m) => (m['payload'] as { ids: string[] }).ids), [[String(FIRST_VENDOR)], [String(FIRST_VENDOR + 1)]], 'the duplicate emitted nothing; the next event came through');
  });

  it('a hook with the wrong static header gets 401 and emits nothing', async () => {
    const wrong = await hook({ Authorization: 'Bearer not-the-secret' });
    procore.simulator.editVendor(FIRST_VENDOR, { city: 'Boulder' });
    await procore.simulator.hooks.idle();
    const [refused] = procore.simulator.hooks.deliveries({ hookId: wrong });
    assert.deepEqual([refused?.outcome, refused?.response_status], ['failed', 401]);
    assert.ok(!String(refused?.response_body).includes('8d1f0c5e'), 'the expected value is never said');
    // Nothing came of it: the next, correctly signed delivery is the first event.
    const events = collect('events');
    await hook({ Authorization: SECRET });
    procore.simulator.editVendor(FIRST_VENDOR + 2, { city: 'Boulder' });
    await procore.simulator.hooks.idle();
    await events.waitFor(1);
    assert.deepEqual(events.messages.map((m) => (m['payload'] as { ids: string[] }).ids), [[String(FIRST_VENDOR + 2)]]);
  });
});
