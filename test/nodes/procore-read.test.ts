// mlc-procore-read in Node-RED (test helper) with mlc-procore-config, against the Procore sandbox over
// real sockets: vendors over several pages (Total/Link), incremental by filters[updated_at] with the
// cursor in the store (a change is read once, then nothing), purchase order contracts with their line
// items, a webhook's ids (filters[id][]), project-scoped v1.1 direct costs, and the rate limit respected.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { COMPANY_ID, PROJECT_IDS, VENDOR_SEED, procoreQuotaRules } from '../../sandbox/procore';
import configNode = require('../../nodes/procore/procore-config');
import readNode = require('../../nodes/procore/procore-read');
import storeNode = require('../../nodes/core/store-config');
import { collect, positioned, send, type Collected } from '../support/flow-helper';
import { DEMO, startProcore, type Procore } from '../sandbox/procore/helpers';

helper.init(require.resolve('node-red'));

const COMPANY = String(COMPANY_ID);
const ACTIVE_VENDORS = VENDOR_SEED.filter(([, , , active]) => active).length;
type Row = Record<string, unknown>;
type Msg = Record<string, unknown>;
const keyOf = (m: Msg | undefined): string => (m?.['mlc'] as { key: string }).key;
const payloadOf = (m: Msg | undefined): Row => m?.['payload'] as Row;

describe('mlc-procore-read against the Procore sandbox', () => {
  let procore: Procore;
  let dir: string;

  const load = (read: Record<string, unknown>): Promise<void> =>
    helper.load(
      [configNode, readNode, storeNode],
      positioned([
        { id: 'tab', type: 'tab', label: 'procore read' },
        { id: 'pc', type: 'mlc-procore-config', name: 'Procore sandbox', environment: 'custom', apiBase: procore.url, tokenUrl: `${procore.url}/oauth/token`, companyId: COMPANY, maxAttempts: 3 },
        { id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(dir, 'store.sqlite') },
        { id: 'read', z: 'tab', type: 'mlc-procore-read', procore: 'pc', store: 'store', perPage: 2, wires: [['out'], ['end']], ...read },
        { id: 'out', z: 'tab', type: 'helper' },
        { id: 'end', z: 'tab', type: 'helper' },
      ]),
      { pc: DEMO },
    );
  /** One run: its records and its end message. */
  const run = async (out: Collected, end: Collected, msg: Msg = { payload: 'go' }): Promise<{ records: Msg[]; end: Row }> => {
    const [outBefore, endBefore] = [out.messages.length, end.messages.length];
    send('read', msg);
    await end.waitFor(endBefore + 1);
    return { records: out.messages.slice(outBefore), end: payloadOf(end.messages[endBefore]) };
  };
  const log = () => procore.running.log;

  before(async () => {
    procore = await startProcore();
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await procore.running.close();
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-procore-read-'));
    await procore.running.reset();
    log().clear();
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every active vendor page by page (Total and Link), one message each with a stable key', async () => {
    await load({ entity: 'vendors', mode: 'all' });
    const { records, end } = await run(collect('out'), collect('end'));
    assert.equal(records.length, ACTIVE_VENDORS);
    assert.equal(end['read'], ACTIVE_VENDORS);
    assert.equal(end['pages'], Math.ceil(ACTIVE_VENDORS / 2));
    const first = payloadOf(records[0]);
    assert.equal(typeof first['id'], 'string', 'ids as text');
    assert.equal(keyOf(records[0]), `procore:vendor:${COMPANY}:${String(first['id'])}:${String(first['updated_at'])}`);
    assert.equal(records[0]?.['topic'], 'procore/vendor');
    assert.deepEqual((records[0]?.['mlc'] as { source: unknown }).source, { system: 'procore', entity: 'vendor', id: `${COMPANY}/${String(first['id'])}` });
    const calls = log().entries({ path: '/rest/v1.0/vendors' });
    assert.deepEqual(calls.map((c) => [c.query['page'], c.query['per_page'], c.query['company_id'], c.status]), [['1', '2', COMPANY, 200], ['2', '2', COMPANY, 200], ['3', '2', COMPANY, 200]], 'stops at the last page the Link header names');
    assert.ok(calls.every((c) => c.headers['procore-company-id'] === COMPANY));
  });

  it('incremental: a second read after a change posts only the changed vendor, a third after no change nothing', async () => {
    await load({ entity: 'vendors', mode: 'incremental', advance: 'sent' });
    const out = collect('out');
    const end = collect('end');
    const first = await run(out, end);
    assert.equal(first.records.length, ACTIVE_VENDORS);
    const firstWindow = first.end['window'] as { from: string | null; to: string };
    assert.equal(firstWindow.from, null);
    const changedId = Number(payloadOf(first.records[1])['id']);
    const changed = procore.simulator.editVendor(changedId, { city: 'Littleton' });
    // The next window must end after the change's second: wait for the clock, not a timer.
    while (Date.now() < Date.parse(changed.updated_at) + 1000) await new Promise((resolve) => setImmediate(resolve));
    const second = await run(out, end);
    assert.deepEqual(second.records.map(keyOf), [`procore:vendor:${COMPANY}:${changedId}:${changed.updated_at}`]);
    assert.equal(payloadOf(second.records[0])['city'], 'Littleton');
    const secondWindow = second.end['window'] as { from: string; to: string };
    assert.equal(secondWindow.from, firstWindow.to);
    const third = await run(out, end);
    assert.deepEqual([third.records.length, third.end['read']], [0, 0]);
    const ranges = log().entries({ path: '/rest/v1.0/vendors' }).map((c) => c.query['filters[updated_at]']);
    assert.ok(ranges.includes(`${secondWindow.from}...${secondWindow.to}`), `the window went out as filters[updated_at]: ${JSON.stringify(ranges)}`);
  });

  it('purchase order contracts come project by project with their line items; a webhook’s ids read just those', async () => {
    await load({ entity: 'commitments', mode: 'all' });
    const out = collect('out');
    const end = collect('end');
    const { records, end: summary } = await run(out, end);
    assert.equal(summary['projects'], 3);
    assert.equal(records.length, 1);
    const po = payloadOf(records[0]);
    const lines = po['line_items'] as Row[];
    assert.equal(po['project_id'], String(PROJECT_IDS.riverside));
    assert.equal(lines.length, 2);
    const latest = [po['updated_at'], ...lines.map((l) => l['updated_at'])].map(String).sort().at(-1);
    assert.equal(keyOf(records[0]), `procore:commitment:${COMPANY}:${String(po['id'])}:${latest}`, 'the latest updated_at of the contract and its lines');
    const projectsCall = log().entries({ path: '/rest/v1.0/projects' })[0];
    assert.equal(projectsCall?.query['filters[by_status]'], 'Active');
    log().clear();
    const given = await run(out, end, { payload: { entity: 'commitments', ids: [String(po['id'])], projectId: String(PROJECT_IDS.riverside), companyId: COMPANY } });
    assert.deepEqual(given.records.map((m) => payloadOf(m)['id']), [po['id']]);
    const listCall = log().entries({ path: '/rest/v1.0/purchase_order_contracts', method: 'GET' })[0];
    assert.deepEqual([listCall?.query['project_id'], listCall?.query['filters[id][]']], [String(PROJECT_IDS.riverside), String(po['id'])]);
  });

  it('direct costs are read per project at /rest/v1.1/projects/{id}/direct_costs, incrementally by filters[updated_at]', async () => {
    await load({ entity: 'direct-costs', mode: 'incremental', advance: 'sent' });
    const out = collect('out');
    const end = collect('end');
    const { records } = await run(out, end);
    assert.equal(records.length, 1);
    const cost = payloadOf(records[0]);
    assert.deepEqual([cost['project_id'], cost['direct_cost_type']], [String(PROJECT_IDS.oakStreet), 'expense']);
    const calls = log().entries({ path: /\/direct_costs$/ });
    assert.deepEqual(calls.map((c) => [c.path, c.status]), [PROJECT_IDS.riverside, PROJECT_IDS.oakStreet, PROJECT_IDS.harborView].map((p) => [`/rest/v1.1/projects/${p}/direct_costs`, 200]));
    assert.ok(calls.every((c) => typeof c.query['filters[updated_at]'] === 'string' && String(c.query['filters[updated_at]']).includes('...')));
    const again = await run(out, end);
    assert.equal(again.records.length, 0, 'unchanged: nothing the second time');
  });

  it('keeps to the rate limit: a small spike window is never overrun, every vendor still read', async () => {
    procore.running.quota.set(procoreQuotaRules({ hourly: 3600, spike: 2, spikeWindowSeconds: 1 }));
    await load({ entity: 'vendors', mode: 'all', perPage: 1 });
    const { records } = await run(collect('out'), collect('end'));
    assert.equal(records.length, ACTIVE_VENDORS);
    const calls = log().entries({ path: '/rest/' });
    assert.equal(calls.length, ACTIVE_VENDORS, 'a page per vendor, none past the last (Link)');
    assert.deepEqual(calls.filter((c) => c.status === 429).map((c) => c.seq), [], 'paced by X-Rate-Limit-Remaining/Reset: nothing refused');
  });
});
