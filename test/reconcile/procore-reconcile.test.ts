// Reconciling runs against the Procore simulator over its socket, with a real SQLite store: vendor
// bills written through the pack's Procore writer as direct costs, counted from the source per cost
// code, read back by direct cost id one call per page of written records (counted in the simulator's
// request log); a line amount changed in Procore behind the pack's back, and a bill deleted there,
// make the run off and say where; vendors count by key.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tablesFromLookups } from '../../lib/mapping/lookup-tables';
import { ProcoreClient } from '../../lib/procore/client';
import { procoreRequestFrom } from '../../lib/procore/write-input';
import { ProcoreWriter } from '../../lib/procore/writer';
import { compileControls, procoreReadBack, reconcileRun, type ControlSpec } from '../../lib/reconcile';
import { openStore, type Store } from '../../lib/store';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { PROJECT_IDS, ProcoreSimulator } from '../../sandbox/procore';
import { acmeVendorId, costCodeId } from '../support/procore-state';

const RIVERSIDE = PROJECT_IDS.riverside;
const SPEC: ControlSpec = {
  lines: 'lines',
  amounts: [{ name: 'amount', from: 'amount', target: 'amount' }],
  dimensions: [{ name: 'cost code', from: 'costCode', target: 'cost_code.full_code' }],
};
const LINE_LIST = `/rest/v1.0/projects/${RIVERSIDE}/direct_costs/line_items`;

interface SourceBill {
  key: string;
  lines: Array<{ costCode: string; amount: number }>;
}

describe('reconciling Procore runs against the Procore simulator', () => {
  const procore = new ProcoreSimulator();
  let sim: RunningSimulator;
  let client: ProcoreClient;
  let store: Store;
  const dir = mkdtempSync(join(tmpdir(), 'mlc-procore-reconcile-'));
  const tables = tablesFromLookups({}, 'test');

  const codeId = (full: string): number => costCodeId(procore, RIVERSIDE, full);
  const vendorId = (): number => acmeVendorId(procore);
  const bill = (key: string, amounts: number[]): SourceBill => ({ key, lines: amounts.map((amount, i) => ({ costCode: i % 2 === 0 ? '03-300' : '06-100', amount })) });

  /** As map, write and audit do it: the source counted, the bill written through the pack's writer, the key posted with its target. */
  async function postRun(runId: string, bills: SourceBill[]): Promise<Map<string, string>> {
    const controls = compileControls(SPEC);
    await store.recordControls(bills.map((b) => ({ runId, key: b.key, spec: SPEC, figures: controls.figuresOf(b, b.key, tables) })));
    const requests = bills.map((b) =>
      procoreRequestFrom(
        {
          project_id: String(RIVERSIDE),
          origin_id: b.key,
          vendor_id: vendorId(),
          invoice_number: `INV-${b.key}`,
          direct_cost_date: '2026-11-30',
          line_items: b.lines.map((l) => ({ cost_code_id: codeId(l.costCode), amount: l.amount })),
        },
        'direct-cost',
      ),
    );
    const outcomes = await new ProcoreWriter(client).writeBatch(requests);
    const ids = new Map<string, string>();
    for (const [i, outcome] of outcomes.entries()) {
      assert.ok(outcome.ok, JSON.stringify(outcome));
      const key = (bills[i] as SourceBill).key;
      ids.set(key, outcome.id);
      await store.markPosted({ key, runId, target: { system: 'procore', entity: outcome.entity, id: outcome.id, ...(outcome.projectId ? { scope: outcome.projectId } : {}) } });
    }
    return ids;
  }

  before(async () => {
    sim = await startSimulator(procore, { port: 0 });
    client = new ProcoreClient({ configName: 'reconcile', apiBase: sim.url, tokenUrl: `${sim.url}/oauth/token`, clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret', companyId: '4264807' });
    store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
  });
  after(async () => {
    client.close();
    await store.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ties a run written through the pack out to the cent, with one read call per page of written records', async () => {
    await postRun('pc-1', [bill('pc1:a', [1234.56, 0.01]), bill('pc1:b', [0.1, 0.2]), bill('pc1:c', [99999.99]), bill('pc1:d', [10, 20, 30]), bill('pc1:e', [33.33])]);
    const since = sim.log.lastSeq;
    const result = await reconcileRun(store, 'pc-1', procoreReadBack(client), { pageSize: 2 });
    assert.equal(result.status, 'tied', result.summary);
    assert.deepEqual(result.records, { expected: 5, found: 5 });
    assert.deepEqual(result.totals, [{ measure: 'amount', expected: 10_132_819, found: 10_132_819 }]);
    assert.equal(result.pages, 3);
    assert.equal(sim.log.count({ sinceSeq: since, path: '/rest/' }), 3, 'one call per page, and no other');
    assert.equal(sim.log.count({ sinceSeq: since, path: LINE_LIST }), 3, 'each the project line list filtered by direct cost');
    assert.match(result.summary, /^tied out: 5 record\(s\), amount 101,328.19$/);
  });

  it('names the bill, the cost code and the difference when a line amount is changed in Procore', async () => {
    const ids = await postRun('pc-2', [bill('pc2:a', [500, 70]), bill('pc2:b', [700, 12])]);
    // Behind the pack's back, in Procore's own data: the 06-100 line of pc2:b raised by 12.34.
    const dc = procore.state.directCosts.find((d) => String(d.id) === ids.get('pc2:b'));
    const line = dc?.line_items.find((l) => l.cost_code_id === codeId('06-100'));
    assert.ok(line);
    line.amount_cents += 1234;

    const result = await reconcileRun(store, 'pc-2', procoreReadBack(client));
    assert.equal(result.status, 'off');
    const find = (dimension: string) => result.differences.filter((d) => d.dimension === dimension && d.measure === 'amount').map((d) => [d.value, d.expected, d.found, d.off]);
    assert.deepEqual(find('record'), [['pc2:b', 71_200, 72_434, 1234]]);
    assert.deepEqual(find('cost code'), [['06-100', 8_200, 9_434, 1234]]);
    assert.match(result.summary, /record pc2:b: amount off by \+12.34 \(expected 712.00, found 724.34\)/);
    assert.match(result.summary, /cost code 06-100: amount off by \+12.34/);
  });

  it('counts a bill Procore no longer has as missing, with its amounts', async () => {
    const ids = await postRun('pc-3', [bill('pc3:a', [1]), bill('pc3:b', [2.5])]);
    const dc = procore.state.directCosts.find((d) => String(d.id) === ids.get('pc3:b'));
    assert.ok(dc);
    dc.deleted_at = '2026-12-01T00:00:00Z';
    const result = await reconcileRun(store, 'pc-3', procoreReadBack(client));
    assert.equal(result.status, 'off');
    assert.deepEqual(result.records, { expected: 2, found: 1 });
    const missing = result.differences.filter((d) => d.dimension === 'record' && d.value === 'pc3:b').map((d) => [d.measure, d.off]);
    assert.deepEqual(missing.sort(), [['amount', -250], ['count', -1]]);
    assert.match(result.summary, /record pc3:b: 1 record\(s\) missing in the target/);
  });

  it('counts vendors by key, reading them by id in one call per page', async () => {
    const countOnly = compileControls({ amounts: [], dimensions: [] });
    const keys = ['pv:1', 'pv:2', 'pv:3'];
    await store.recordControls(keys.map((key) => ({ runId: 'pv', key, spec: countOnly.spec, figures: countOnly.figuresOf({}, key, tables) })));
    const outcomes = await new ProcoreWriter(client).writeBatch(keys.map((key) => procoreRequestFrom({ origin_id: key, name: `Vendor ${key}` }, 'vendor')));
    await store.markPostedMany(outcomes.map((o, i) => ({ key: keys[i] as string, runId: 'pv', target: { system: 'procore', entity: 'vendor', id: o.ok ? o.id : '' } })));
    const since = sim.log.lastSeq;
    const tied = await reconcileRun(store, 'pv', procoreReadBack(client), { pageSize: 2 });
    assert.equal(tied.status, 'tied', tied.summary);
    assert.equal(sim.log.count({ sinceSeq: since, path: '/rest/v1.0/vendors' }), 2);

    const gone = procore.state.vendors.find((v) => v.origin_id === 'pv:2');
    assert.ok(gone);
    procore.state.vendors.splice(procore.state.vendors.indexOf(gone), 1);
    const off = await reconcileRun(store, 'pv', procoreReadBack(client), { pageSize: 2 });
    assert.deepEqual(off.records, { expected: 3, found: 2 });
    assert.match(off.summary, /record pv:2: 1 record\(s\) missing in the target/);
  });
});
