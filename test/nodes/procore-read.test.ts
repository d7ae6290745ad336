// mlc-procore-read in Node-RED (test helper) against a Procore stand-in on a real socket (token
// endpoint, Procore-Company-Id, page/per_page with Total and Link, filters[updated_at] ranges and
// filters[id][]): all vendors, incremental vendors with the cursor in the store, purchase order
// contracts with their line items per project, and a webhook's ids. To move onto the sandbox of
// sandbox/procore once it lands (the config node stand-in then becomes mlc-procore-config).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { ProcoreClient } from '../../lib/procore/client';
import readNode = require('../../nodes/procore/procore-read');
import storeNode = require('../../nodes/core/store-config');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

const COMPANY = '5358233';
type Row = Record<string, unknown>;
const vendors: Row[] = [
  { id: 1, name: 'Acme Concrete', updated_at: '2026-11-01T08:00:00Z' },
  { id: 2, name: 'Bolt Steel', updated_at: '2026-11-01T09:00:00Z' },
  { id: 3, name: 'Crane Co', updated_at: '2026-11-01T10:00:00Z' },
];
const contracts: Record<string, Row[]> = { '101': [{ id: 501, number: 'PO-1', updated_at: '2026-11-01T08:00:00Z' }], '102': [{ id: 601, number: 'PO-2', updated_at: '2026-11-01T08:00:00Z' }] };
const lines: Record<string, Row[]> = { '501': [{ id: 9001, amount: '100.00', updated_at: '2026-11-03T08:00:00Z' }], '601': [] };
const seenCompanyHeaders = new Set<string>();

function list(rows: Row[], url: URL, res: import('node:http').ServerResponse): void {
  let out = rows;
  const range = url.searchParams.get('filters[updated_at]');
  if (range) {
    const [from, to] = range.split('...') as [string, string];
    out = out.filter((r) => String(r['updated_at']) >= from && String(r['updated_at']) <= to);
  }
  const ids = url.searchParams.getAll('filters[id][]');
  if (ids.length > 0) out = out.filter((r) => ids.includes(String(r['id'])));
  const page = Number(url.searchParams.get('page') ?? 1);
  const per = Number(url.searchParams.get('per_page') ?? 100);
  const slice = out.slice((page - 1) * per, page * per);
  const last = Math.max(1, Math.ceil(out.length / per));
  const link = page < last ? `<${url.pathname}?page=${page + 1}>; rel="next", <${url.pathname}?page=${last}>; rel="last"` : `<${url.pathname}?page=1>; rel="first"`;
  res.writeHead(200, { 'content-type': 'application/json', total: String(out.length), 'per-page': String(per), link });
  res.end(JSON.stringify(slice));
}

function standIn(): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/oauth/token') {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'tok', token_type: 'bearer', expires_in: 5400, created_at: Math.floor(Date.now() / 1000) }));
      return;
    }
    seenCompanyHeaders.add(String(req.headers['procore-company-id']));
    if (url.pathname === '/rest/v1.0/vendors') return list(vendors, url, res);
    if (url.pathname === '/rest/v1.0/projects') return list([{ id: 101, name: 'Harbor Tower' }, { id: 102, name: 'Mill Street' }], url, res);
    if (url.pathname === '/rest/v1.0/purchase_order_contracts') return list(contracts[url.searchParams.get('project_id') ?? ''] ?? [], url, res);
    const m = /^\/rest\/v1\.0\/purchase_order_contracts\/(\d+)\/line_items$/.exec(url.pathname);
    if (m) return list(lines[m[1] ?? ''] ?? [], url, res);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found' }));
  });
}

describe('mlc-procore-read', () => {
  const server = standIn();
  let base = '';
  let dir: string;
  // The config node as the read node sees it: getClient() of a real ProcoreClient.
  const configNode = (RED: NodeAPI): void => {
    function Config(this: Node & { getClient?: () => ProcoreClient }, def: NodeDef): void {
      RED.nodes.createNode(this, def);
      const client = new ProcoreClient({ configName: 'procore test', apiBase: base, tokenUrl: `${base}/oauth/token`, companyId: COMPANY, clientId: 'cid', clientSecret: 'secret', retry: { maxAttempts: 1 } });
      this.getClient = () => client;
    }
    RED.nodes.registerType('mlc-procore-config', Config as unknown as (this: Node, def: NodeDef) => void);
  };
  const load = (read: Record<string, unknown>): Promise<void> =>
    helper.load(
      [configNode, readNode, storeNode],
      positioned([
        { id: 'tab', type: 'tab', label: 'procore read' },
        { id: 'pc', type: 'mlc-procore-config' },
        { id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(dir, 'store.sqlite') },
        { id: 'read', z: 'tab', type: 'mlc-procore-read', procore: 'pc', store: 'store', perPage: 2, wires: [['out'], ['end']], ...read },
        { id: 'out', z: 'tab', type: 'helper' },
        { id: 'end', z: 'tab', type: 'helper' },
      ]),
    );

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-procore-read-'));
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every vendor over two pages, one message each with a stable key', async () => {
    await load({ entity: 'vendors', mode: 'all' });
    const out = collect('out');
    const end = collect('end');
    send('read', { payload: 'go' });
    await end.waitFor(1);
    assert.deepEqual(out.messages.map((m) => (m['mlc'] as { key: string }).key), [
      `procore:vendor:${COMPANY}:1:2026-11-01T08:00:00Z`,
      `procore:vendor:${COMPANY}:2:2026-11-01T09:00:00Z`,
      `procore:vendor:${COMPANY}:3:2026-11-01T10:00:00Z`,
    ]);
    assert.equal(out.messages[0]?.['topic'], 'procore/vendor');
    assert.deepEqual((out.messages[0]?.['mlc'] as { source: unknown }).source, { system: 'procore', entity: 'vendor', id: `${COMPANY}/1` });
    assert.equal((out.messages[1]?.['payload'] as Row)['id'], '2', 'ids as text');
    assert.deepEqual((end.messages[0]?.['payload'] as Row)['read'], 3);
    assert.deepEqual([...seenCompanyHeaders], [COMPANY]);
  });

  it('incremental: the cursor moves to the window end once the run is audited or sent; the next run reads only what changed', async () => {
    await load({ entity: 'vendors', mode: 'incremental', advance: 'sent' });
    const out = collect('out');
    const end = collect('end');
    send('read', { payload: 'go' });
    await end.waitFor(1);
    assert.equal(out.messages.length, 3);
    const first = end.messages[0]?.['payload'] as { cursor: string; window: { from: string | null } };
    assert.equal(first.window.from, null);
    assert.match(first.cursor, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const changed = new Date(Date.parse(first.cursor) + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    (vendors[1] as Row)['updated_at'] = changed;
    // The second run's window ends at "now": wait until the changed stamp is in the past, by the clock, not a timer.
    while (Date.now() <= Date.parse(changed)) await new Promise((resolve) => setImmediate(resolve));
    send('read', { payload: 'go' });
    await end.waitFor(2);
    assert.deepEqual(out.messages.slice(3).map((m) => (m['mlc'] as { key: string }).key), [`procore:vendor:${COMPANY}:2:${changed}`]);
    assert.equal((end.messages[1]?.['payload'] as { window: { from: string } }).window.from, first.cursor);
  });

  it('purchase order contracts come project by project with their line items; a webhook’s ids read just those', async () => {
    await load({ entity: 'commitments', mode: 'all' });
    const out = collect('out');
    const end = collect('end');
    send('read', { payload: 'go' });
    await end.waitFor(1);
    assert.deepEqual(out.messages.map((m) => [(m['payload'] as Row)['id'], (m['payload'] as Row)['project_id'], ((m['payload'] as Row)['line_items'] as Row[]).length]), [['501', '101', 1], ['601', '102', 0]]);
    assert.equal((out.messages[0]?.['mlc'] as { key: string }).key, `procore:commitment:${COMPANY}:501:2026-11-03T08:00:00Z`, 'the latest updated_at of the contract and its lines');
    send('read', { payload: { entity: 'commitments', ids: ['601'], projectId: '102', companyId: COMPANY } });
    await end.waitFor(2);
    assert.deepEqual(out.messages.slice(2).map((m) => (m['payload'] as Row)['id']), ['601']);
  });

  it('refuses a message about another company or entity', async () => {
    await load({ entity: 'vendors', mode: 'all' });
    const read = helper.getNode('read');
    const errors: string[] = [];
    (read as unknown as NodeJS.EventEmitter).on('call:error', (call: { args: unknown[] }) => errors.push(String(call.args[0])));
    const end = collect('end');
    send('read', { payload: { entity: 'projects' } });
    send('read', { payload: 'go' });
    await end.waitFor(1);
    assert.match(errors.join('\n'), /asks for projects, this node reads vendors/);
  });
});
